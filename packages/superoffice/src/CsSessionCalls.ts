/**
 * A CustomerService login session, for whichever NetServer versions a caller hands
 * in (a {@link Catalog}): the three session calls on their own (for a keeper that
 * outlives a scope, such as a Durable Object) and the session as a scoped resource.
 * `CsSession` binds it to every generated version; the per-version entry points
 * (`@sessionwire/superoffice/88`, …) bind it to one.
 *
 * - Acquire: `CreateSession(remoteIp)` returns the session key.
 * - While the scope is open, a keep-alive fiber calls `ReportSessionActive` (Services88)
 *   or `SessionIsValid` (Services86/87) every `keepAliveInterval` (default 60 s; the
 *   server records activity at most once a minute anyway).
 * - Release: `RemoveSession(LoginId)`, on success, failure and interruption alike.
 *
 * When the keep-alive finds the session gone, `session.expired` fails with
 * {@link SessionExpired}. A fiber cannot fail the scope it is forked in, so the
 * expiry is surfaced there: race your work against it, or use {@link use}, which
 * does so and fails the whole block with `SessionExpired`.
 *
 * @since 0.1.0
 */
import { HttpClient } from "@effect/platform"
import { Deadline, type Operation } from "@sessionwire/protocol"
import { Deferred, Duration, Effect, Redacted, Ref, type Scope } from "effect"
import * as Call from "./Call.ts"
import { SuperOfficeConfig, type SuperOfficeConfigShape, type Version } from "./SuperOfficeConfig.ts"
import {
  type InvalidCredentials,
  SessionExpired,
  SessionNotCreated,
  type SuperOfficeClientError
} from "./SuperOfficeError.ts"

export interface CsSession {
  readonly version: Version
  /** The CS session key. A credential for the customer's session: kept `Redacted`. */
  readonly key: Redacted.Redacted<string>
  readonly loginId: number
  readonly userId: number
  /**
   * Fails with {@link SessionExpired} (or `InvalidCredentials`, when the ticket itself
   * was rejected) once the keep-alive finds the session gone; never succeeds.
   */
  readonly expired: Effect.Effect<never, SessionExpired | InvalidCredentials>
  /** How many keep-alives the server has accepted so far. */
  readonly keepAlives: Effect.Effect<number>
}

export interface Options {
  /** Between keep-alives; default 60 seconds. */
  readonly keepAliveInterval?: Duration.DurationInput | undefined
  /** The version to use; default `SuperOfficeConfig.version`. */
  readonly version?: Version | undefined
}

export const defaultKeepAliveInterval: Duration.Duration = Duration.seconds(60)

type LooseOp = Operation.Operation<any, any, any, Call.ResponseHeadersLike>

/**
 * What a CS session needs of one NetServer version: its generated CustomerService
 * operations and endpoint path. Passing these in, instead of indexing every generated
 * version, is what lets a per-version entry point bundle one version only.
 */
export interface SessionVersion {
  readonly operations: object
  readonly endpointPath: string
}

/** The versions a caller can open sessions on. */
export type Catalog = Partial<Readonly<Record<Version, SessionVersion>>>

const sessionOperations = (version: Version, ops: Readonly<Record<string, LooseOp | undefined>>) => {
  const required = (name: string): LooseOp => {
    const op = ops[name]
    if (op === undefined) throw new Error(`Services${version} has no ${name}`)
    return op
  }
  return {
    create: required("CreateSession"),
    remove: required("RemoveSession"),
    isValid: required("SessionIsValid"),
    // Services88 added an explicit keep-alive; earlier versions only let us ask.
    reportActive: ops.ReportSessionActive
  }
}

/** The session key is a credential of the customer's session: every call involving it redacts it from errors. */
export interface Calls {
  readonly version: Version
  readonly create: (
    remoteIp: string
  ) => Effect.Effect<Opened, SuperOfficeClientError | SessionNotCreated, HttpClient.HttpClient>
  readonly remove: (session: Opened) => Effect.Effect<void, SuperOfficeClientError, HttpClient.HttpClient>
  /**
   * One keep-alive: ReportSessionActive on 88, SessionIsValid on 86/87. Succeeds with
   * `undefined` while the session lives and with the error that ends it when it is gone;
   * fails only on trouble that says nothing about the session (network, timeouts).
   */
  readonly keepAlive: (
    session: Opened
  ) => Effect.Effect<SessionExpired | InvalidCredentials | undefined, SuperOfficeClientError, HttpClient.HttpClient>
}

/** A freshly created session: what CreateSession returned. */
export interface Opened {
  readonly key: Redacted.Redacted<string>
  readonly loginId: number
  readonly userId: number
}

/**
 * The three session calls of `version`, bound to a configuration. Fails with
 * `SessionNotCreated` when the catalog does not hold the version (a per-version entry
 * point asked for another one).
 */
export const calls = (
  catalog: Catalog,
  version: Version,
  config: SuperOfficeConfigShape
): Effect.Effect<Calls, SessionNotCreated> => {
  const entry = catalog[version]
  if (entry === undefined) {
    return Effect.fail(
      new SessionNotCreated({ version, reason: `this entry point does not include Services${version}` })
    )
  }
  const ops = sessionOperations(version, entry.operations as Readonly<Record<string, LooseOp | undefined>>)
  const target = Call.targetFor(config, version, entry.endpointPath)
  const run = (op: LooseOp, input: unknown, secrets: ReadonlyArray<Redacted.Redacted<string>> = []) =>
    Call.call(op, input, target, secrets)
  const gone = (loginId: number, reason: string) => new SessionExpired({ version, loginId, reason })
  type Outcome = SessionExpired | InvalidCredentials | undefined
  return Effect.succeed<Calls>({
    version,
    create: (remoteIp) =>
      Effect.flatMap(run(ops.create, { RemoteIp: remoteIp }), (reply) => {
        const r = reply.body.Response as { Key?: string | null; LoginId?: number; UserId?: number } | null | undefined
        if (r === null || r === undefined) {
          return Effect.fail(new SessionNotCreated({ version, reason: "the Response element is empty" }))
        }
        if (!r.Key || r.LoginId === undefined) {
          return Effect.fail(new SessionNotCreated({ version, reason: "the reply has no Key or LoginId" }))
        }
        return Effect.succeed({ key: Redacted.make(r.Key), loginId: r.LoginId, userId: r.UserId ?? 0 })
      }),
    remove: (s) => Effect.asVoid(run(ops.remove, { LoginId: s.loginId }, [s.key])),
    keepAlive: (s) => {
      const ask: Effect.Effect<Outcome, SuperOfficeClientError, HttpClient.HttpClient> =
        ops.reportActive !== undefined
          ? Effect.as(run(ops.reportActive, { SessionKey: Redacted.value(s.key) }, [s.key]), undefined)
          : Effect.map(
              run(ops.isValid, { CsSessionKey: Redacted.value(s.key) }, [s.key]),
              (reply): Outcome =>
                reply.body.Response === true ? undefined : gone(s.loginId, "SessionIsValid returned false")
            )
      return Effect.catchAll(ask, (e): Effect.Effect<Outcome, SuperOfficeClientError> => {
        switch (e._tag) {
          case "InvalidCredentials":
            return Effect.succeed(e)
          case "SuperOfficeError":
            // The server refused the keep-alive for this session key: it no longer knows it.
            return Effect.succeed(
              gone(
                s.loginId,
                `${ops.reportActive ? "ReportSessionActive" : "SessionIsValid"} failed: ${e.exceptionType}`
              )
            )
          default:
            return Effect.fail(e)
        }
      })
    }
  })
}

/**
 * Opens a CS session for the scope: CreateSession now, keep-alives meanwhile,
 * RemoveSession when the scope closes. A failing RemoveSession is logged, never
 * raised: the server expires abandoned sessions itself.
 */
export const scoped = (
  catalog: Catalog,
  remoteIp: string,
  options: Options = {}
): Effect.Effect<
  CsSession,
  SuperOfficeClientError | SessionNotCreated,
  SuperOfficeConfig | HttpClient.HttpClient | Scope.Scope
> =>
  Effect.gen(function* () {
    const config = yield* SuperOfficeConfig
    const http = yield* HttpClient.HttpClient
    const version = options.version ?? config.version
    const interval = Duration.decode(options.keepAliveInterval ?? defaultKeepAliveInterval)
    const session = yield* calls(catalog, version, config)
    const run = <A, E>(effect: Effect.Effect<A, E, HttpClient.HttpClient>) =>
      Effect.provideService(effect, HttpClient.HttpClient, http)

    // Acquire and release run uninterruptibly: shielded, each still meets its own deadline, and
    // interrupting an acquire in flight waits for its reply so the session it made is removed.
    const opened = yield* Effect.acquireRelease(Deadline.shielded(run(session.create(remoteIp))), (s) =>
      Deadline.shielded(run(session.remove(s))).pipe(
        Effect.catchAllCause((cause) =>
          Effect.logWarning("SuperOffice RemoveSession failed; the server will expire the session itself", cause)
        ),
        Effect.annotateLogs({ "superoffice.version": version, "superoffice.loginId": s.loginId })
      )
    )

    const expired = yield* Deferred.make<never, SessionExpired | InvalidCredentials>()
    const accepted = yield* Ref.make(0)
    // One keep-alive: `undefined` while the session lives, the error that ends it otherwise.
    type Outcome = SessionExpired | InvalidCredentials | undefined
    const check: Effect.Effect<Outcome> = run(session.keepAlive(opened)).pipe(
      Effect.tap((outcome) => (outcome === undefined ? Ref.update(accepted, (n) => n + 1) : Effect.void)),
      // Network trouble says nothing about the session; try again at the next tick.
      Effect.catchAll((e) => Effect.as(Effect.logWarning("SuperOffice keep-alive failed; will retry", e), undefined))
    )

    const keepAlive = Effect.gen(function* () {
      for (;;) {
        yield* Effect.sleep(interval)
        const outcome = yield* check
        if (outcome !== undefined) {
          yield* Deferred.fail(expired, outcome)
          return
        }
      }
    }).pipe(Effect.annotateLogs({ "superoffice.version": version, "superoffice.loginId": opened.loginId }))
    // Forked after acquireRelease, so closing the scope stops it before RemoveSession runs.
    yield* Effect.forkScoped(keepAlive)

    return {
      version,
      key: opened.key,
      loginId: opened.loginId,
      userId: opened.userId,
      expired: Deferred.await(expired),
      keepAlives: Ref.get(accepted)
    } satisfies CsSession
  })

/**
 * Runs `f` inside a CS session and closes it afterwards. If the keep-alive finds
 * the session gone first, `f` is interrupted and the result fails with `SessionExpired`.
 */
export const use = <A, E, R>(
  catalog: Catalog,
  remoteIp: string,
  f: (session: CsSession) => Effect.Effect<A, E, R>,
  options: Options = {}
): Effect.Effect<
  A,
  E | SuperOfficeClientError | SessionNotCreated | SessionExpired | InvalidCredentials,
  Exclude<R, Scope.Scope> | SuperOfficeConfig | HttpClient.HttpClient
> =>
  Effect.scoped(
    Effect.flatMap(scoped(catalog, remoteIp, options), (session) => Effect.raceFirst(f(session), session.expired))
  )

/**
 * {@link scoped} and {@link use} bound to one catalog: the `CsSession` of a per-version
 * entry point. Building it allocates two closures and calls nothing.
 *
 * @since 0.1.0
 * @category constructors
 */
export const bind = (catalog: Catalog) => ({
  catalog,
  scoped: (remoteIp: string, options: Options = {}) => scoped(catalog, remoteIp, options),
  use: <A, E, R>(remoteIp: string, f: (session: CsSession) => Effect.Effect<A, E, R>, options: Options = {}) =>
    use(catalog, remoteIp, f, options)
})
