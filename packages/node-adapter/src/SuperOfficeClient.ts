/**
 * SuperOffice for code that uses Promises: `createSuperOfficeClient` gives every
 * CustomerService operation of a version as an async method, and `withCsSession` runs
 * an async function inside a CS session that is always removed afterwards.
 *
 * @example
 * ```ts
 * const so = createSuperOfficeClient({
 *   endpoint: "https://online3.superoffice.com/Cust12345",
 *   applicationToken: process.env.SUPEROFFICE_APP_TOKEN!,
 *   credentials: { ticket: process.env.SUPEROFFICE_TICKET! }
 * })
 * const valid = await so.customerService.SessionIsValid({ CsSessionKey: key })
 * await so.close()
 * ```
 *
 * @since 0.1.0
 */
import type { HttpClient } from "@effect/platform"
import { CsSession, CustomerService, SoPrincipal, SuperOfficeConfig } from "@sessionwire/superoffice"
import { type Duration, Effect, Layer, Redacted } from "effect"
import * as NodeHttp from "./NodeHttp.ts"
import * as PromiseRuntime from "./PromiseRuntime.ts"

/** @since 0.1.0 */
export type Version = SuperOfficeConfig.Version

/**
 * How to authenticate: a ticket (`7T:…`) or OAuth access token (`8A:…`) used as it is,
 * or a user name and password (or an access token) exchanged once through SoPrincipal.
 *
 * @since 0.1.0
 */
export type Credentials =
  | { readonly ticket: string }
  | { readonly username: string; readonly password: string }
  | { readonly exchangeAccessToken: string }

/** @since 0.1.0 */
export interface SuperOfficeClientOptions<V extends Version = "88"> {
  /** The tenant's base URL, e.g. `https://online3.superoffice.com/Cust12345`. */
  readonly endpoint: string
  /** Default `"88"`. */
  readonly version?: V | undefined
  readonly applicationToken: string
  readonly credentials: Credentials
  /** A NetServer time zone id or location code. */
  readonly timeZone?: string | number | undefined
  /** Per attempt; default 30 s. */
  readonly timeout?: Duration.DurationInput | undefined
  /** Per call, every retry and pause included (CreateSession, RemoveSession and the login too); default 60 s. */
  readonly deadline?: Duration.DurationInput | undefined
  /** Retries of idempotent operations after a transient failure; default 3. */
  readonly retries?: number | undefined
  /** The HTTP pool; see `NodeHttp.Options`. */
  readonly http?: NodeHttp.Options | undefined
}

/** An Effect-returning client turned into a Promise-returning one, method by method. @since 0.1.0 */
export type Promisified<C> = {
  readonly [K in keyof C]: C[K] extends (input: infer I) => Effect.Effect<infer A, any, any>
    ? (input: I, options?: PromiseRuntime.CallOptions) => Promise<A>
    : never
}

/**
 * A CS session inside {@link withCsSession}. The key is a credential of the customer's
 * session, so it is a method, not a property: logging the session object shows no key.
 *
 * @since 0.1.0
 */
export interface CsSessionHandle {
  readonly version: Version
  readonly loginId: number
  readonly userId: number
  readonly sessionKey: () => string
  /** How many keep-alives the server has accepted so far. */
  readonly keepAlives: () => Promise<number>
  /** Aborted when the keep-alive finds the session gone; pass it on to cancel your own work. */
  readonly signal: AbortSignal
}

/** @since 0.1.0 */
export interface CsSessionOptions {
  /** The customer's IP address, recorded by CreateSession. */
  readonly remoteIp: string
  /** Between keep-alives; default 60 s. */
  readonly keepAliveInterval?: Duration.DurationInput | undefined
  readonly signal?: AbortSignal | undefined
}

/** @since 0.1.0 */
export interface SuperOfficeClient<V extends Version = "88"> {
  readonly version: V
  /** Every CustomerService operation of the version; each resolves to `{ body, headers, status }`. */
  readonly customerService: Promisified<CustomerService.Client<V>>
  /** A fresh ticket from SoPrincipal for a user name and password (the configured credentials are not changed). */
  readonly login: (
    username: string,
    password: string,
    options?: PromiseRuntime.CallOptions
  ) => Promise<{ readonly ticket: string }>
  /** Runs `f` inside a CS session: CreateSession, keep-alives while `f` runs, RemoveSession whatever happens. */
  readonly withCsSession: <A>(options: CsSessionOptions, f: (session: CsSessionHandle) => Promise<A>) => Promise<A>
  /** Closes the keep-alive connections. Calls after this reject with `ClientClosed`. */
  readonly close: () => Promise<void>
}

type Services = HttpClient.HttpClient | SuperOfficeConfig.SuperOfficeConfig

/** The user's own rejection, carried through the Effect world untouched. */
class UserFailure {
  readonly error: unknown
  constructor(error: unknown) {
    this.error = error
  }
}

const configLayer = <V extends Version>(
  options: SuperOfficeClientOptions<V>,
  version: V
): Layer.Layer<SuperOfficeConfig.SuperOfficeConfig, unknown, HttpClient.HttpClient> =>
  Layer.effect(
    SuperOfficeConfig.SuperOfficeConfig,
    Effect.gen(function* () {
      const applicationToken = Redacted.make(options.applicationToken)
      const retry = { times: options.retries ?? 3 }
      const credentials = options.credentials
      let ticket: Redacted.Redacted<string>
      if ("ticket" in credentials) ticket = Redacted.make(credentials.ticket)
      else {
        const so = yield* SoPrincipal.make({
          endpoint: options.endpoint,
          version,
          applicationToken,
          timeout: options.timeout,
          deadline: options.deadline,
          retry
        })
        ticket =
          "username" in credentials
            ? (yield* so.AuthenticateUsernamePassword(credentials.username, Redacted.make(credentials.password))).ticket
            : (yield* so.AuthenticateWithAccessToken(Redacted.make(credentials.exchangeAccessToken))).ticket
      }
      return yield* SuperOfficeConfig.make({
        endpoint: options.endpoint,
        version,
        applicationToken,
        ticket,
        timeZone: options.timeZone,
        timeout: options.timeout,
        deadline: options.deadline,
        retry
      })
    })
  )

/**
 * A Promise client for one SuperOffice tenant and version. Cheap to create; the HTTP
 * pool and (for password credentials) the SoPrincipal login happen on the first call.
 * Rejections are the library's tagged errors (`InvalidCredentials`, `SuperOfficeError`,
 * `RequestTimeout`, …), `Aborted` for a cancelled call, `ClientClosed` after `close()`.
 *
 * @since 0.1.0
 */
export const createSuperOfficeClient = <V extends Version = "88">(
  options: SuperOfficeClientOptions<V>
): SuperOfficeClient<V> => {
  const version = (options.version ?? "88") as V
  const http = NodeHttp.layer(options.http)
  const layer = Layer.provideMerge(configLayer(options, version), http)
  const runtime = PromiseRuntime.make<Services, unknown>("SuperOffice", layer)

  // The configuration is fixed for the life of the runtime, so the bound client is made once, on first use,
  // not once per call (which would also defeat the per-operation caches behind it).
  let bound: CustomerService.Client<V> | undefined
  const methods = Effect.suspend(() =>
    bound !== undefined
      ? Effect.succeed(bound)
      : Effect.tap(CustomerService.make(version), (client) => {
          bound = client
        })
  )
  const customerService = new Proxy({} as Promisified<CustomerService.Client<V>>, {
    get: (_, name) => {
      // Not an operation, and answering would make the object look like a thenable.
      if (typeof name !== "string" || name === "then" || name === "toJSON") return undefined
      return (input: unknown, callOptions?: PromiseRuntime.CallOptions) =>
        runtime.run(
          name,
          Effect.flatMap(methods, (client) => {
            const method = (
              client as unknown as Record<string, ((i: unknown) => Effect.Effect<unknown, unknown>) | undefined>
            )[name]
            return method === undefined
              ? Effect.dieMessage(`Services${version} CustomerService has no operation ${name}`)
              : method(input)
          }),
          callOptions
        )
    }
  })

  const withSession = <A>(sessionOptions: CsSessionOptions, f: (session: CsSessionHandle) => Promise<A>): Promise<A> =>
    runtime
      .run(
        "withCsSession",
        CsSession.use(
          sessionOptions.remoteIp,
          (s) =>
            Effect.tryPromise({
              try: (signal) =>
                f({
                  version: s.version,
                  loginId: s.loginId,
                  userId: s.userId,
                  sessionKey: () => Redacted.value(s.key),
                  keepAlives: () => Effect.runPromise(s.keepAlives),
                  signal
                }),
              catch: (error) => new UserFailure(error)
            }),
          { version, keepAliveInterval: sessionOptions.keepAliveInterval }
        ),
        { signal: sessionOptions.signal }
      )
      .catch((e: unknown) => {
        throw e instanceof UserFailure ? e.error : e
      })

  return {
    version,
    customerService,
    login: (username, password, callOptions) =>
      runtime.run(
        "AuthenticateUsernamePassword",
        Effect.gen(function* () {
          const so = yield* SoPrincipal.make({
            endpoint: options.endpoint,
            version,
            applicationToken: Redacted.make(options.applicationToken),
            timeout: options.timeout,
            deadline: options.deadline
          })
          const { ticket } = yield* so.AuthenticateUsernamePassword(username, Redacted.make(password))
          return { ticket: Redacted.value(ticket) }
        }),
        callOptions
      ),
    withCsSession: withSession,
    close: runtime.close
  }
}

/**
 * Runs `f` inside a CS session and always removes it: after `f` resolves, after it
 * throws (the rejection is `f`'s own error), and when the keep-alive finds the session
 * gone (`SessionExpired`; `session.signal` is aborted so `f` can stop). With `client`,
 * that client is used; otherwise one is made from the options and closed afterwards.
 *
 * @example
 * ```ts
 * const url = await withCsSession({ ...options, remoteIp: req.socket.remoteAddress! }, async (session) =>
 *   `https://tenant/cs/${session.sessionKey()}`
 * )
 * ```
 *
 * @since 0.1.0
 */
export const withCsSession = async <A, V extends Version = "88">(
  options: CsSessionOptions & ({ readonly client: SuperOfficeClient<V> } | SuperOfficeClientOptions<V>),
  f: (session: CsSessionHandle) => Promise<A>
): Promise<A> => {
  if ("client" in options) return options.client.withCsSession(options, f)
  const client = createSuperOfficeClient(options)
  try {
    return await client.withCsSession(options, f)
  } finally {
    await client.close()
  }
}
