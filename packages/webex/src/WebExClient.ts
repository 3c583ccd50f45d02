/**
 * The WebEx client service: `invoke` with the configured endpoint and context, bounded
 * retries for read-only operations, and (with a ticket provider) a fresh ticket when the
 * server rejects the current one.
 *
 * @since 0.1.0
 */
import { HttpClient } from "@effect/platform"
import { Deadline } from "@sessionwire/protocol"
import { Context, Effect, Layer, Option } from "effect"
import * as Backoff from "./Backoff.ts"
import type * as SecurityContext from "./SecurityContext.ts"
import { WebExConfig, type WebExConfigShape } from "./WebExConfig.ts"
import * as WebExError from "./WebExError.ts"
import * as WebExOperation from "./WebExOperation.ts"

/**
 * @since 0.1.0
 */
export interface WebExClientService {
  /** The XMLService URL calls go to. */
  readonly endpoint: string
  /** Calls an operation and returns its reply body. */
  readonly call: <In, Out>(
    operation: WebExOperation.WebExOperation<In, Out>,
    input: In
  ) => Effect.Effect<Out, WebExError.WebExError>
  /** Like `call`, with the `serv:response` header and HTTP status. */
  readonly reply: <In, Out>(
    operation: WebExOperation.WebExOperation<In, Out>,
    input: In
  ) => Effect.Effect<WebExOperation.Reply<Out>, WebExError.WebExError>
}

/**
 * @since 0.1.0
 */
export class WebExClient extends Context.Tag("@sessionwire/webex/WebExClient")<WebExClient, WebExClientService>() {}

/**
 * @since 0.1.0
 */
export interface MakeOptions {
  /**
   * The context for operations that need a credential, in place of the configured one;
   * a session-ticket provider supplies it.
   */
  readonly credentials?: Effect.Effect<SecurityContext.SecurityContext, WebExError.WebExError> | undefined
  /**
   * Run with the rejected context when the server calls a context from `credentials` an
   * invalid session ticket (`030047`); the call is then made once more. A rejected ticket
   * means nothing was done, so the repeat is safe even for operations never retried.
   */
  readonly onTicketRejected?: ((rejected: SecurityContext.SecurityContext) => Effect.Effect<void>) | undefined
}

/** The error's tag and, for a FAILURE, its exceptionID: enough to log, nothing secret. */
const describe = (e: WebExError.WebExError): string =>
  WebExError.isWebExFailure(e) ? `${e._tag} ${e.exceptionID}` : e._tag

const hostOf = (url: string): string => {
  try {
    return new URL(url).host
  } catch {
    return "(invalid url)"
  }
}

const isRejectedTicket = (e: WebExError.WebExError): boolean =>
  e._tag === "InvalidCredentials" && e.exceptionID === "030047"

/**
 * A client for a configuration, using the `HttpClient` in context when it is built.
 *
 * @since 0.1.0
 */
export const make = (
  config: WebExConfigShape,
  options: MakeOptions = {}
): Effect.Effect<WebExClientService, never, HttpClient.HttpClient> =>
  Effect.map(HttpClient.HttpClient, (http) => {
    // Errors of obtaining a credential (a login) are marked so a read-only call's retries
    // never resend the login: repeated logins lock accounts, whatever made the last one fail.
    const fromLogin = new WeakSet<object>()
    const credentials =
      options.credentials === undefined
        ? undefined
        : Effect.tapError(options.credentials, (e) => Effect.sync(() => fromLogin.add(e)))
    const retryable = (e: WebExError.WebExError): boolean => WebExError.isTransient(e) && !fromLogin.has(e)
    const contextFor = (op: WebExOperation.Any) =>
      op.requirement === "credential" && credentials !== undefined
        ? credentials
        : Effect.succeed(config.securityContext)

    const reply = <In, Out>(
      op: WebExOperation.WebExOperation<In, Out>,
      input: In
    ): Effect.Effect<WebExOperation.Reply<Out>, WebExError.WebExError> => {
      type Attempt = Effect.Effect<WebExOperation.Reply<Out>, WebExError.WebExError, HttpClient.HttpClient>
      const attempt = (securityContext: SecurityContext.SecurityContext): Attempt =>
        WebExOperation.invoke(op, input, { url: config.endpoint, securityContext, timeout: config.timeout })
      const onRejected = options.onTicketRejected
      const renewing: Attempt =
        op.requirement === "credential" && credentials !== undefined && onRejected !== undefined
          ? Effect.flatMap(credentials, (securityContext) =>
              Effect.catchIf(attempt(securityContext), isRejectedTicket, () =>
                Effect.zipRight(onRejected(securityContext), Effect.flatMap(contextFor(op), attempt))
              )
            )
          : Effect.flatMap(contextFor(op), attempt)
      // Login and creating a session are never resent: repeated bad logins lock accounts,
      // and a lost reply to a create may already have created a session.
      const retried: Attempt = Deadline.retrying(
        op.readOnly
          ? Effect.tapError(renewing, (e) =>
              retryable(e)
                ? Effect.logDebug(`WebEx ${op.name} failed transiently (${describe(e)}); retrying if attempts remain`)
                : Effect.void
            )
          : renewing,
        {
          deadline: config.deadline,
          host: hostOf(config.endpoint),
          delay: op.readOnly ? Backoff.delay(config.retry, retryable) : () => Option.none()
        }
      )
      return Effect.provideService(retried, HttpClient.HttpClient, http)
    }

    return {
      endpoint: config.endpoint,
      reply,
      call: (op, input) => Effect.map(reply(op, input), (r) => r.body)
    }
  })

/**
 * A client using the configured context as it is (password, access token or a fixed ticket).
 *
 * @since 0.1.0
 */
export const layer: Layer.Layer<WebExClient, never, WebExConfig | HttpClient.HttpClient> = Layer.effect(
  WebExClient,
  Effect.flatMap(WebExConfig, (config) => make(config))
)

/**
 * Calls an operation with the client in context.
 *
 * @since 0.1.0
 */
export const call = <In, Out>(
  operation: WebExOperation.WebExOperation<In, Out>,
  input: In
): Effect.Effect<Out, WebExError.WebExError, WebExClient> =>
  Effect.flatMap(WebExClient, (client) => client.call(operation, input))
