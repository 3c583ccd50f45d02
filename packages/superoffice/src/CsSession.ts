/**
 * A CustomerService login session as a scoped resource, on any generated version
 * (86, 87 or 88, chosen by `SuperOfficeConfig.version` or `options.version`).
 *
 * - Acquire: `CreateSession(remoteIp)` returns the session key.
 * - While the scope is open, a keep-alive fiber calls `ReportSessionActive` (Services88)
 *   or `SessionIsValid` (Services86/87) every `keepAliveInterval` (default 60 s; the
 *   server records activity at most once a minute anyway).
 * - Release: `RemoveSession(LoginId)`, on success, failure and interruption alike.
 *
 * When the keep-alive finds the session gone, `session.expired` fails with
 * `SessionExpired`. A fiber cannot fail the scope it is forked in, so the
 * expiry is surfaced there: race your work against it, or use {@link use}, which
 * does so and fails the whole block with `SessionExpired`.
 *
 * This module reaches every version; a Worker that needs one imports
 * `@sessionwire/superoffice/88` (or `/86`, `/87`) instead, whose `CsSession` has the same shape.
 *
 * @since 0.1.0
 */
import type { HttpClient } from "@effect/platform"
import type { Effect, Scope } from "effect"
import * as CsSessionCalls from "./CsSessionCalls.ts"
import { Services86, Services87, Services88 } from "./generated/index.ts"
import type { SuperOfficeConfig } from "./SuperOfficeConfig.ts"
import type {
  InvalidCredentials,
  SessionExpired,
  SessionNotCreated,
  SuperOfficeClientError
} from "./SuperOfficeError.ts"

/**
 * @since 0.1.0
 * @category models
 */
export type CsSession = CsSessionCalls.CsSession

/**
 * @since 0.1.0
 * @category models
 */
export type Options = CsSessionCalls.Options

/**
 * @since 0.1.0
 * @category constants
 */
export const defaultKeepAliveInterval = CsSessionCalls.defaultKeepAliveInterval

/**
 * Every generated version. A function, so that importing this module builds nothing.
 *
 * @since 0.1.0
 * @category constants
 */
export const catalog = (): CsSessionCalls.Catalog => ({
  "86": { operations: Services86.CustomerService.operations, endpointPath: Services86.CustomerService.ENDPOINT_PATH },
  "87": { operations: Services87.CustomerService.operations, endpointPath: Services87.CustomerService.ENDPOINT_PATH },
  "88": { operations: Services88.CustomerService.operations, endpointPath: Services88.CustomerService.ENDPOINT_PATH }
})

/**
 * Opens a CS session for the scope: CreateSession now, keep-alives meanwhile,
 * RemoveSession when the scope closes. A failing RemoveSession is logged, never
 * raised: the server expires abandoned sessions itself.
 *
 * @since 0.1.0
 * @category constructors
 */
export const scoped = (
  remoteIp: string,
  options: Options = {}
): Effect.Effect<
  CsSession,
  SuperOfficeClientError | SessionNotCreated,
  SuperOfficeConfig | HttpClient.HttpClient | Scope.Scope
> => CsSessionCalls.scoped(catalog(), remoteIp, options)

/**
 * Runs `f` inside a CS session and closes it afterwards. If the keep-alive finds
 * the session gone first, `f` is interrupted and the result fails with `SessionExpired`.
 *
 * @since 0.1.0
 * @category combinators
 */
export const use = <A, E, R>(
  remoteIp: string,
  f: (session: CsSession) => Effect.Effect<A, E, R>,
  options: Options = {}
): Effect.Effect<
  A,
  E | SuperOfficeClientError | SessionNotCreated | SessionExpired | InvalidCredentials,
  Exclude<R, Scope.Scope> | SuperOfficeConfig | HttpClient.HttpClient
> => CsSessionCalls.use(catalog(), remoteIp, f, options)
