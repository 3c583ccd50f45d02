/**
 * Session tickets in place of passwords: a client layer that logs in once with
 * `AuthenticateUser` (password or access token), sends the ticket with every call, and
 * logs in again shortly before the ticket's `timeToLive` runs out — or at once when the
 * server calls it invalid (`030047`).
 *
 * WebEx recommends this on Control Hub sites, where frequent password logins cause
 * intermittent failures.
 *
 * @since 0.1.0
 */
import type { HttpClient } from "@effect/platform"
import { Clock, Duration, Effect, Layer, type Redacted, SynchronizedRef } from "effect"
import * as SecurityContext from "./SecurityContext.ts"
import * as User from "./User.ts"
import * as WebExClient from "./WebExClient.ts"
import { WebExConfig, type WebExConfigShape } from "./WebExConfig.ts"
import type { WebExError } from "./WebExError.ts"

/**
 * @since 0.1.0
 */
export interface Options {
  /** Log in again this long before the ticket expires; default 5 minutes (at most half the lifetime). */
  readonly refreshBefore?: Duration.DurationInput | undefined
  /** The lifetime assumed when the server sends no `timeToLive`; default 60 minutes. */
  readonly defaultTimeToLive?: Duration.DurationInput | undefined
}

/**
 * A ticket and when it will be replaced. Times are the local clock's, taken before the
 * login was sent, so they err on the early side.
 *
 * @since 0.1.0
 */
export interface Ticket {
  readonly sessionTicket: Redacted.Redacted<string>
  readonly obtainedAt: number
  readonly expiresAt: number
  readonly refreshAt: number
}

/**
 * A ticket cache: `current` logs in when there is no ticket or it is due for refresh;
 * concurrent callers share one login.
 *
 * @since 0.1.0
 */
export interface TicketCache {
  readonly current: Effect.Effect<Ticket, WebExError>
  /**
   * Drops `rejected` if it is still the cached ticket, so callers that failed with the same
   * stale ticket at the same time cause one login, not one each.
   */
  readonly invalidate: (rejected: Redacted.Redacted<string>) => Effect.Effect<void>
}

/**
 * A ticket cache that logs in through `login`.
 *
 * @since 0.1.0
 */
export const makeCache = (login: WebExClient.WebExClientService, options: Options = {}): Effect.Effect<TicketCache> =>
  Effect.map(SynchronizedRef.make<Ticket | undefined>(undefined), (ref) => {
    const margin = Duration.toMillis(options.refreshBefore ?? Duration.minutes(5))
    const fallbackTtl = Duration.toMillis(options.defaultTimeToLive ?? Duration.minutes(60))
    const obtain = Effect.gen(function* () {
      const obtainedAt = yield* Clock.currentTimeMillis
      const res = yield* Effect.flatMap(login.call(User.authenticateUser, {}), User.requireTicket)
      const ttl = res.timeToLive !== undefined && res.timeToLive > 0 ? res.timeToLive * 1000 : fallbackTtl
      return {
        sessionTicket: res.sessionTicket,
        obtainedAt,
        expiresAt: obtainedAt + ttl,
        refreshAt: obtainedAt + Math.max(ttl - margin, ttl / 2)
      } satisfies Ticket
    })
    const current = SynchronizedRef.modifyEffect(ref, (ticket) =>
      Effect.flatMap(Clock.currentTimeMillis, (now) =>
        ticket !== undefined && now < ticket.refreshAt
          ? Effect.succeed([ticket, ticket] as const)
          : Effect.map(obtain, (fresh) => [fresh, fresh] as const)
      )
    )
    const invalidate = (rejected: Redacted.Redacted<string>) =>
      SynchronizedRef.update(ref, (ticket) => (ticket?.sessionTicket === rejected ? undefined : ticket))
    return { current, invalidate }
  })

/**
 * A client for `config` that uses session tickets for every operation that needs a
 * credential. `AuthenticateUser` itself uses the configured password or access token.
 *
 * @since 0.1.0
 */
export const make = (
  config: WebExConfigShape,
  options: Options = {}
): Effect.Effect<WebExClient.WebExClientService, never, HttpClient.HttpClient> =>
  Effect.gen(function* () {
    const login = yield* WebExClient.make(config)
    const cache = yield* makeCache(login, options)
    return yield* WebExClient.make(config, {
      credentials: Effect.map(cache.current, (t) =>
        SecurityContext.withSessionTicket(config.securityContext, t.sessionTicket)
      ),
      onTicketRejected: (rejected) =>
        rejected.sessionTicket === undefined ? Effect.void : cache.invalidate(rejected.sessionTicket)
    })
  })

/**
 * The {@link WebExClient.WebExClient} layer with session tickets.
 *
 * @since 0.1.0
 */
export const layer = (
  options: Options = {}
): Layer.Layer<WebExClient.WebExClient, never, WebExConfig | HttpClient.HttpClient> =>
  Layer.effect(
    WebExClient.WebExClient,
    Effect.flatMap(WebExConfig, (config) => make(config, options))
  )
