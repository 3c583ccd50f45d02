/// <reference path="./cloudflare-workers.d.ts" />
/**
 * `CsSessionKeeper`: a Durable Object that keeps one SuperOffice CS session alive
 * between requests, one object per session name (a support case, say).
 *
 * - `open(remoteIp)` creates the session on first use and joins it afterwards; every
 *   `open` counts as a use.
 * - An alarm sends the keep-alive every `keepAliveInterval` (ReportSessionActive on 88,
 *   SessionIsValid on 86/87) and removes the session once it has gone unused for
 *   `idleTimeout`; `close()` removes it at once.
 * - Its state (LoginId, user, session key, next keep-alive) lives in Durable Object
 *   storage, and so does the alarm: an object evicted or restarted mid-session resumes
 *   from storage when the alarm fires, and removes the session if it has idled out
 *   meanwhile.
 * - Calls to one object run one at a time: workerd's input gates do not hold across the
 *   outbound SOAP calls, so a semaphore does.
 * - A session the server no longer knows is re-opened, or reported to the next caller
 *   as `SessionExpired`, as configured.
 * - Methods never throw: they answer a `KeeperRpc.Reply`, so errors cross the RPC
 *   boundary with their `_tag` (see `KeeperRpc.client`).
 *
 * The session key is a credential for the customer's session: it is kept in storage
 * (the point of the object) and in `Redacted` in memory, and never leaves the object.
 *
 * @since 0.1.0
 */
import { DurableObject, type DurableObjectState } from "cloudflare:workers"
import type { HttpClient } from "@effect/platform"
import * as CsSessionCalls from "@sessionwire/superoffice/CsSessionCalls"
import { SuperOfficeConfig, type Version } from "@sessionwire/superoffice/SuperOfficeConfig"
import { SessionExpired } from "@sessionwire/superoffice/SuperOfficeError"
import { Cause, Config, Duration, Effect, Either, Exit, Layer, ManagedRuntime, Option, Redacted } from "effect"
import type { KeeperState, KeeperStub, Reply } from "./KeeperRpc.ts"
import { toWire } from "./KeeperRpc.ts"
import * as WorkerEnv from "./WorkerEnv.ts"

/**
 * What to do when a keep-alive finds the session gone: open a new one for the same
 * remote IP, or forget it and fail the next `open`/`state` with `SessionExpired`.
 *
 * @since 0.1.0
 * @category models
 */
export type WhenGone = "reopen" | "report"

/**
 * @since 0.1.0
 * @category models
 */
export interface Options<Env> {
  /** The versions the keeper may open sessions on, e.g. `CsSession.catalog` of `@sessionwire/superoffice/88`. */
  readonly catalog: CsSessionCalls.Catalog
  /**
   * The HTTP client and SuperOffice configuration, built once per object. Config inside it
   * reads the Worker's `env`, as in `WorkerHandler`.
   */
  readonly layer: (env: Env) => Layer.Layer<HttpClient.HttpClient | SuperOfficeConfig, unknown>
  /** Default 60 seconds; `SESSIONWIRE_KEEPER_KEEPALIVE_INTERVAL` in `env` overrides it. */
  readonly keepAliveInterval?: Duration.DurationInput | undefined
  /** Default 20 minutes; `SESSIONWIRE_KEEPER_IDLE_TIMEOUT` in `env` overrides it. */
  readonly idleTimeout?: Duration.DurationInput | undefined
  /** Default `"report"`; `SESSIONWIRE_KEEPER_WHEN_GONE` in `env` overrides it. */
  readonly whenGone?: WhenGone | undefined
}

/**
 * @since 0.1.0
 * @category constants
 */
export const defaultKeepAliveInterval: Duration.Duration = Duration.seconds(60)

/**
 * @since 0.1.0
 * @category constants
 */
export const defaultIdleTimeout: Duration.Duration = Duration.minutes(20)

/** A removal that keeps failing (network down, ticket revoked) is given up after this many alarms. */
const maxRemoveAttempts = 5

/** The persisted session. Structured-cloned by Durable Object storage, so plain data only. */
interface Stored {
  readonly version: Version
  readonly loginId: number
  readonly userId: number
  readonly key: string
  readonly remoteIp: string
  readonly openedAt: number
  readonly lastUsedAt: number
  readonly nextKeepAliveAt: number
  readonly keepAlives: number
  readonly reopened: number
  /** Set when a removal failed; the alarm retries it. */
  readonly removeAttempts: number
}

interface Expired {
  readonly version: Version
  readonly loginId: number
  readonly reason: string
}

const SESSION = "session"
const EXPIRED = "expired"

interface Settings {
  readonly keepAliveInterval: Duration.Duration
  readonly idleTimeout: Duration.Duration
  readonly whenGone: WhenGone
}

const settingsConfig = <Env>(options: Options<Env>): Config.Config<Settings> =>
  Config.all({
    keepAliveInterval: Config.duration("SESSIONWIRE_KEEPER_KEEPALIVE_INTERVAL").pipe(
      Config.withDefault(Duration.decode(options.keepAliveInterval ?? defaultKeepAliveInterval))
    ),
    idleTimeout: Config.duration("SESSIONWIRE_KEEPER_IDLE_TIMEOUT").pipe(
      Config.withDefault(Duration.decode(options.idleTimeout ?? defaultIdleTimeout))
    ),
    whenGone: Config.literal(
      "reopen",
      "report"
    )("SESSIONWIRE_KEEPER_WHEN_GONE").pipe(Config.withDefault(options.whenGone ?? "report"))
  })

const view = (s: Stored, settings: Settings): KeeperState => ({
  version: s.version,
  loginId: s.loginId,
  userId: s.userId,
  openedAt: s.openedAt,
  lastUsedAt: s.lastUsedAt,
  nextKeepAliveAt: s.nextKeepAliveAt,
  idleExpiresAt: s.lastUsedAt + Duration.toMillis(settings.idleTimeout),
  keepAlives: s.keepAlives,
  reopened: s.reopened
})

const opened = (s: Stored): CsSessionCalls.Opened => ({
  key: Redacted.make(s.key),
  loginId: s.loginId,
  userId: s.userId
})

/**
 * The class {@link make} returns: a Durable Object with the keeper's RPC methods.
 *
 * @since 0.1.0
 * @category models
 */
export interface KeeperClass<Env> {
  new (ctx: DurableObjectState, env: Env): DurableObject<Env> & KeeperStub & { alarm(): Promise<void> }
}

/**
 * The Durable Object class for a Worker to export under the `class_name` its
 * `wrangler.jsonc` binds:
 *
 * @example
 * ```ts
 * import { CsSession } from "@sessionwire/superoffice/88"
 * export class CsSessionKeeper extends Keeper.make<Env>({
 *   catalog: CsSession.catalog,
 *   layer: () => SuperOfficeConfig.layerConfig.pipe(Layer.provideMerge(EdgeHttp.layerConfig()))
 * }) {}
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = <Env extends object>(options: Options<Env>): KeeperClass<Env> =>
  class CsSessionKeeper extends DurableObject<Env> implements KeeperStub {
    readonly #lock = Effect.unsafeMakeSemaphore(1)
    readonly #runtime: ManagedRuntime.ManagedRuntime<HttpClient.HttpClient | SuperOfficeConfig, unknown>
    readonly #provider

    constructor(ctx: DurableObjectState, env: Env) {
      super(ctx, env)
      this.#provider = WorkerEnv.configProvider(env)
      this.#runtime = ManagedRuntime.make(options.layer(env).pipe(Layer.provide(WorkerEnv.layer(env))))
      // A session must always have an alarm, or it would be neither kept alive nor removed.
      // Setting it again on every start also re-registers an alarm whose scheduler entry
      // did not survive a restart (local workerd re-reads storage, not its schedule); an
      // alarm already due fires at once, which removes a session that idled out meanwhile.
      void ctx.blockConcurrencyWhile(async () => {
        if ((await ctx.storage.get<Stored>(SESSION)) !== undefined) {
          await ctx.storage.setAlarm((await ctx.storage.getAlarm()) ?? Date.now())
        }
      })
    }

    get #storage() {
      return this.ctx.storage
    }

    #run<A>(program: Effect.Effect<A, unknown, HttpClient.HttpClient | SuperOfficeConfig>): Promise<Reply<A>> {
      return this.#runtime
        .runPromiseExit(
          this.#lock
            .withPermits(1)(program)
            .pipe(
              Effect.withConfigProvider(this.#provider),
              Effect.annotateLogs("sessionwire.keeper", this.ctx.id.name ?? this.ctx.id.toString())
            )
        )
        .then((exit): Reply<A> => {
          if (Exit.isSuccess(exit)) return { ok: true, value: exit.value }
          const failure = Cause.failureOption(exit.cause)
          return Option.isSome(failure)
            ? { ok: false, error: toWire(failure.value) }
            : { ok: false, error: { _tag: "Defect", message: "The session keeper failed unexpectedly", fields: {} } }
        })
    }

    readonly #settings = Effect.suspend(() => settingsConfig(options))

    #calls = (version: Version) =>
      Effect.flatMap(SuperOfficeConfig, (config) => CsSessionCalls.calls(options.catalog, version, config))

    #schedule = (s: Stored, settings: Settings) =>
      Effect.promise(() =>
        this.#storage.setAlarm(Math.min(s.nextKeepAliveAt, s.lastUsedAt + Duration.toMillis(settings.idleTimeout)))
      )

    #save = (s: Stored, settings: Settings) =>
      Effect.zipRight(
        Effect.promise(() => this.#storage.put(SESSION, s)),
        this.#schedule(s, settings)
      )

    #forget = Effect.promise(async () => {
      await this.#storage.delete(SESSION)
      await this.#storage.deleteAlarm()
    })

    #create = (remoteIp: string, settings: Settings, previous?: Stored) =>
      Effect.gen(this, function* () {
        const config = yield* SuperOfficeConfig
        const calls = yield* this.#calls(config.version)
        const o = yield* calls.create(remoteIp)
        const t = Date.now()
        const s: Stored = {
          version: calls.version,
          loginId: o.loginId,
          userId: o.userId,
          key: Redacted.value(o.key),
          remoteIp,
          openedAt: t,
          lastUsedAt: previous?.lastUsedAt ?? t,
          nextKeepAliveAt: t + Duration.toMillis(settings.keepAliveInterval),
          keepAlives: 0,
          reopened: previous === undefined ? 0 : previous.reopened + 1,
          removeAttempts: 0
        }
        yield* this.#save(s, settings)
        return s
      })

    /**
     * RemoveSession, then forget. A server that no longer knows the session counts as
     * removed; any other failure is retried by the alarm, a few times.
     */
    #remove = (s: Stored, settings: Settings) =>
      Effect.gen(this, function* () {
        const calls = yield* this.#calls(s.version)
        const result = yield* Effect.either(calls.remove(opened(s)))
        if (
          Either.isLeft(result) &&
          result.left._tag !== "SuperOfficeError" &&
          s.removeAttempts + 1 < maxRemoveAttempts
        ) {
          const retry: Stored = { ...s, removeAttempts: s.removeAttempts + 1 }
          yield* Effect.promise(() => this.#storage.put(SESSION, retry))
          yield* Effect.promise(() =>
            this.#storage.setAlarm(Date.now() + Math.min(Duration.toMillis(settings.keepAliveInterval), 10_000))
          )
          return yield* Effect.fail(result.left)
        }
        if (Either.isLeft(result) && result.left._tag !== "SuperOfficeError") {
          yield* Effect.logWarning(
            "RemoveSession keeps failing; the server will expire the session itself",
            result.left
          )
        }
        yield* this.#forget
        return true
      }).pipe(Effect.annotateLogs({ "superoffice.loginId": s.loginId }))

    /** Opens the session, or joins the open one. */
    open(remoteIp: string): Promise<Reply<KeeperState & { readonly joined: boolean }>> {
      return this.#run(
        Effect.gen(this, function* () {
          const settings = yield* this.#settings
          const expired = yield* Effect.promise(() => this.#storage.get<Expired>(EXPIRED))
          if (expired !== undefined) {
            // Reported once: the caller learns the session is gone, and the next open starts afresh.
            yield* Effect.promise(() => this.#storage.delete(EXPIRED))
            return yield* Effect.fail(new SessionExpired(expired))
          }
          const current = yield* Effect.promise(() => this.#storage.get<Stored>(SESSION))
          if (current !== undefined && current.removeAttempts === 0) {
            const used: Stored = { ...current, lastUsedAt: Date.now() }
            yield* this.#save(used, settings)
            return { ...view(used, settings), joined: true }
          }
          if (current !== undefined) yield* Effect.ignore(this.#remove(current, settings))
          const created = yield* this.#create(remoteIp, settings)
          return { ...view(created, settings), joined: false }
        })
      )
    }

    /** The open session, `null` when there is none, or `SessionExpired` when it was found gone. */
    state(): Promise<Reply<KeeperState | null>> {
      return this.#run(
        Effect.gen(this, function* () {
          const settings = yield* this.#settings
          const expired = yield* Effect.promise(() => this.#storage.get<Expired>(EXPIRED))
          if (expired !== undefined) return yield* Effect.fail(new SessionExpired(expired))
          const current = yield* Effect.promise(() => this.#storage.get<Stored>(SESSION))
          return current === undefined || current.removeAttempts > 0 ? null : view(current, settings)
        })
      )
    }

    /** Removes the session now. */
    close(): Promise<Reply<{ readonly removed: boolean }>> {
      return this.#run(
        Effect.gen(this, function* () {
          const settings = yield* this.#settings
          yield* Effect.promise(() => this.#storage.delete(EXPIRED))
          const current = yield* Effect.promise(() => this.#storage.get<Stored>(SESSION))
          if (current === undefined) return { removed: false }
          return { removed: yield* this.#remove(current, settings) }
        })
      )
    }

    /** Keeps the session alive, or removes it once idle; called by workerd, also after a restart. */
    async alarm(): Promise<void> {
      await this.#run(
        Effect.gen(this, function* () {
          const settings = yield* this.#settings
          const s = yield* Effect.promise(() => this.#storage.get<Stored>(SESSION))
          if (s === undefined) return
          const t = Date.now()
          if (s.removeAttempts > 0 || t >= s.lastUsedAt + Duration.toMillis(settings.idleTimeout)) {
            yield* this.#remove(s, settings)
            return
          }
          if (t < s.nextKeepAliveAt) {
            yield* this.#schedule(s, settings)
            return
          }
          const calls = yield* this.#calls(s.version)
          const outcome = yield* Effect.either(calls.keepAlive(opened(s)))
          if (Either.isLeft(outcome)) {
            // Network trouble says nothing about the session; try again soon.
            yield* Effect.logWarning("SuperOffice keep-alive failed; will retry", outcome.left)
            const retry = Math.min(Duration.toMillis(settings.keepAliveInterval), 10_000)
            yield* this.#save({ ...s, nextKeepAliveAt: t + retry }, settings)
            return
          }
          if (outcome.right === undefined) {
            const next = t + Duration.toMillis(settings.keepAliveInterval)
            yield* this.#save({ ...s, keepAlives: s.keepAlives + 1, nextKeepAliveAt: next }, settings)
            return
          }
          if (settings.whenGone === "reopen") {
            yield* Effect.logInfo("The CS session was gone; re-opening it")
            yield* this.#create(s.remoteIp, settings, s)
            return
          }
          const gone: Expired = {
            version: s.version,
            loginId: s.loginId,
            reason: outcome.right._tag === "SessionExpired" ? outcome.right.reason : outcome.right.message
          }
          yield* this.#forget
          yield* Effect.promise(() => this.#storage.put(EXPIRED, gone))
        }).pipe(
          // A failing create or removal here must not leave the object without an alarm.
          Effect.tapError(() =>
            Effect.promise(async () => {
              if ((await this.#storage.get(SESSION)) !== undefined && (await this.#storage.getAlarm()) === null) {
                await this.#storage.setAlarm(Date.now() + 10_000)
              }
            })
          )
        )
      )
    }
  }
