/**
 * A CustomerService login session as a scoped resource.
 *
 * - Acquire: `CreateSession(remoteIp)` returns the session key.
 * - While the scope is open, a keep-alive fiber calls `ReportSessionActive` (Services88)
 *   or `SessionIsValid` (Services86/87) every `keepAliveInterval` (default 60 s; the
 *   server records activity at most once a minute anyway).
 * - Release: `RemoveSession(LoginId)`, on success, failure and interruption alike.
 *
 * Acquire and release are each bounded by the call deadline (`SuperOfficeConfig.deadline`,
 * default 60 s) and shielded from interruption: interrupting the scope while CreateSession
 * is in flight waits for its reply (at most the deadline), then RemoveSession runs, so a
 * session the server made is not left behind because its caller gave up. A reply that
 * never arrives within the deadline leaves a window: see the package README.
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
import { customerServiceOperations, versions } from "./generated/index.ts"
import { SuperOfficeConfig, type Version } from "./SuperOfficeConfig.ts"
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

const sessionOperations = (version: Version) => {
  const ops = customerServiceOperations[version] as unknown as Readonly<Record<string, LooseOp | undefined>>
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

/**
 * Opens a CS session for the scope: CreateSession now, keep-alives meanwhile,
 * RemoveSession when the scope closes. A failing RemoveSession is logged, never
 * raised: the server expires abandoned sessions itself.
 */
export const scoped = (
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
    const ops = sessionOperations(version)
    const target = Call.targetFor(config, version, versions[version].CustomerService.ENDPOINT_PATH)
    const run = (op: LooseOp, input: unknown, secrets: ReadonlyArray<Redacted.Redacted<string>> = []) =>
      Effect.provideService(Call.call(op, input, target, secrets), HttpClient.HttpClient, http)
    // Acquire and release run uninterruptibly; shielded, each still meets its own deadline.
    const shielded = (op: LooseOp, input: unknown, secrets: ReadonlyArray<Redacted.Redacted<string>> = []) =>
      Deadline.shielded(run(op, input, secrets))

    const opened = yield* Effect.acquireRelease(
      Effect.flatMap(shielded(ops.create, { RemoteIp: remoteIp }), (reply) => {
        const r = reply.body.Response as { Key?: string | null; LoginId?: number; UserId?: number } | null | undefined
        if (r === null || r === undefined) {
          return Effect.fail(new SessionNotCreated({ version, reason: "the Response element is empty" }))
        }
        if (!r.Key || r.LoginId === undefined) {
          return Effect.fail(new SessionNotCreated({ version, reason: "the reply has no Key or LoginId" }))
        }
        return Effect.succeed({ key: Redacted.make(r.Key), loginId: r.LoginId, userId: r.UserId ?? 0 })
      }),
      (s) =>
        shielded(ops.remove, { LoginId: s.loginId }, [s.key]).pipe(
          Effect.asVoid,
          Effect.catchAllCause((cause) =>
            Effect.logWarning("SuperOffice RemoveSession failed; the server will expire the session itself", cause)
          ),
          Effect.annotateLogs({ "superoffice.version": version, "superoffice.loginId": s.loginId })
        )
    )

    const expired = yield* Deferred.make<never, SessionExpired | InvalidCredentials>()
    const accepted = yield* Ref.make(0)
    const gone = (reason: string) => new SessionExpired({ version, loginId: opened.loginId, reason })

    // One keep-alive: `undefined` while the session lives, the error that ends it otherwise.
    type Outcome = SessionExpired | InvalidCredentials | undefined
    const ask: Effect.Effect<Outcome, SuperOfficeClientError> =
      ops.reportActive !== undefined
        ? Effect.as(run(ops.reportActive, { SessionKey: Redacted.value(opened.key) }, [opened.key]), undefined)
        : Effect.map(
            run(ops.isValid, { CsSessionKey: Redacted.value(opened.key) }, [opened.key]),
            (reply): Outcome => (reply.body.Response === true ? undefined : gone("SessionIsValid returned false"))
          )
    const check: Effect.Effect<Outcome> = ask.pipe(
      Effect.tap((outcome) => (outcome === undefined ? Ref.update(accepted, (n) => n + 1) : Effect.void)),
      Effect.catchAll((e): Effect.Effect<Outcome> => {
        switch (e._tag) {
          case "InvalidCredentials":
            return Effect.succeed(e)
          case "SuperOfficeError":
            // The server refused the keep-alive for this session key: it no longer knows it.
            return Effect.succeed(
              gone(`${ops.reportActive ? "ReportSessionActive" : "SessionIsValid"} failed: ${e.exceptionType}`)
            )
          default:
            // Network trouble says nothing about the session; try again at the next tick.
            return Effect.as(Effect.logWarning("SuperOffice keep-alive failed; will retry", e), undefined)
        }
      })
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
  remoteIp: string,
  f: (session: CsSession) => Effect.Effect<A, E, R>,
  options: Options = {}
): Effect.Effect<
  A,
  E | SuperOfficeClientError | SessionNotCreated | SessionExpired | InvalidCredentials,
  Exclude<R, Scope.Scope> | SuperOfficeConfig | HttpClient.HttpClient
> =>
  Effect.scoped(Effect.flatMap(scoped(remoteIp, options), (session) => Effect.raceFirst(f(session), session.expired)))
