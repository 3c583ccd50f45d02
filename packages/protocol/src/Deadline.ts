/**
 * One deadline per logical call. `timeout` bounds each attempt (the exchange enforces
 * it); `deadline` bounds the whole call: every attempt and every pause between them.
 * When the deadline runs out the attempt in flight is interrupted, which aborts its HTTP
 * request, and the call fails with `RequestTimeout` whose `timeoutMillis` is the
 * deadline. The same tag as a per-attempt timeout on purpose: to a caller both mean
 * "no answer in the time you allowed", and every vendor's error union already has it.
 *
 * A retry whose pause would end past the deadline is not made: the call fails at once
 * with the error that asked for it (a `RateLimited` says more than a timeout would).
 *
 * @since 0.2.0
 */
import { Clock, Duration, Effect, Either, Fiber, Option } from "effect"
import { RequestTimeout } from "./ExchangeError.ts"

/**
 * The per-attempt timeout when none is configured.
 *
 * @since 0.2.0
 * @category defaults
 */
export const defaultTimeout: Duration.Duration = Duration.seconds(30)

/**
 * The whole-call deadline when none is configured: room for a slow first attempt and
 * one retry, and short enough that a user waiting on it can reason about it.
 *
 * @since 0.2.0
 * @category defaults
 */
export const defaultDeadline: Duration.Duration = Duration.seconds(60)

/**
 * The pause before retry `attempt` (0 for the first retry) after `error`, or none when
 * the error is not worth another attempt or the budget of retries is spent.
 *
 * @since 0.2.0
 * @category models
 */
export type Delay<E> = (error: E, attempt: number) => Option.Option<Duration.Duration>

/**
 * @since 0.2.0
 * @category models
 */
export interface Options {
  readonly deadline: Duration.DurationInput
  /** Named in the `RequestTimeout`; never a URL, which might carry more. */
  readonly host: string
}

const timeoutError = (options: Options) => () =>
  new RequestTimeout({ host: options.host, timeoutMillis: Duration.toMillis(Duration.decode(options.deadline)) })

/**
 * Bounds `effect` by the deadline. It is made interruptible, so the bound holds even
 * where the caller is not (a scoped resource's acquire or release).
 *
 * @since 0.2.0
 * @category combinators
 */
export const within = <A, E, R>(
  effect: Effect.Effect<A, E, R>,
  options: Options
): Effect.Effect<A, E | RequestTimeout, R> =>
  Effect.timeoutFail(Effect.interruptible(effect), {
    duration: options.deadline,
    onTimeout: timeoutError(options)
  })

/**
 * Runs `attempt`, retrying as `delay` says, all within the deadline.
 *
 * @since 0.2.0
 * @category combinators
 */
export const retrying = <A, E, R>(
  attempt: Effect.Effect<A, E, R>,
  options: Options & { readonly delay: Delay<E> }
): Effect.Effect<A, E | RequestTimeout, R> => {
  const budget = Duration.toMillis(Duration.decode(options.deadline))
  const loop = Effect.gen(function* () {
    const start = yield* Clock.currentTimeMillis
    for (let n = 0; ; n++) {
      const result = yield* Effect.either(attempt)
      if (Either.isRight(result)) return result.right
      const pause = options.delay(result.left, n)
      if (Option.isNone(pause)) return yield* Effect.fail(result.left)
      const elapsed = (yield* Clock.currentTimeMillis) - start
      if (elapsed + Duration.toMillis(pause.value) >= budget) return yield* Effect.fail(result.left)
      yield* Effect.sleep(pause.value)
    }
  })
  return within(loop, options)
}

/**
 * Exponential pauses from `base` (doubling), jittered by ±20 % so clients that failed
 * together do not retry together, for at most `times` retries.
 *
 * @since 0.2.0
 * @category constructors
 */
export const exponential =
  (base: Duration.DurationInput, times: number, random: () => number = Math.random) =>
  (attempt: number): Option.Option<Duration.Duration> =>
    attempt >= times
      ? Option.none()
      : Option.some(Duration.millis(Duration.toMillis(Duration.decode(base)) * 2 ** attempt * (0.8 + 0.4 * random())))

/**
 * Runs `effect` on a fiber of its own and waits for it, so interrupting the caller does
 * not cut it short: a CreateSession in flight finishes (or meets its own deadline) and
 * its session can be removed. Bound `effect` with {@link within} first; this waits for it
 * whatever happens.
 *
 * @since 0.2.0
 * @category combinators
 */
export const shielded = <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
  Effect.uninterruptibleMask((restore) =>
    Effect.flatMap(Effect.forkDaemon(Effect.interruptible(effect)), (fiber) =>
      // Waiting is uninterruptible; the fiber's own deadline is what ends it.
      Effect.flatMap(Effect.exit(Fiber.join(fiber)), (exit) => restore(exit))
    )
  )

/**
 * A `Retry-After` header in seconds: delta-seconds or an HTTP date (counted from `now`).
 * Anything else is ignored rather than trusted.
 *
 * @since 0.2.0
 * @category parsing
 */
export const parseRetryAfter = (value: string | undefined, now: number = Date.now()): number | undefined => {
  if (value === undefined) return undefined
  const v = value.trim()
  if (/^\d+$/.test(v)) return Number(v)
  // HTTP dates start with the day's name; anything else Date.parse might accept is not one.
  if (!/^[A-Za-z]{3}/.test(v)) return undefined
  const date = Date.parse(v)
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000))
}
