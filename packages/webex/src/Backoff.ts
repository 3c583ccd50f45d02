/**
 * How long a read-only WebEx call waits before it is resent, all within the call
 * deadline (see `Deadline` in protocol).
 *
 * The rate limit (`000045`) is counted per API group over a 60-second window (WebEx XML
 * API reference, "API rate limiting"). A retry sooner than the window's end is spent
 * inside the same window and is refused again, so without a `Retry-After` the pause is
 * the window plus a margin for clock skew: {@link rateLimitPause}, 61 s, plus up to 10 %
 * jitter. A `Retry-After` the server sends is what it knows of the window, so it is
 * honoured as given (plus up to 10 %), never cut short. When the pause would end past the call's deadline the
 * `RateLimited` error is returned at once instead of a timeout later.
 *
 * @since 0.2.0
 */
import { Deadline } from "@sessionwire/protocol"
import { Duration, Option } from "effect"
import type { RetryPolicy } from "./WebExConfig.ts"
import * as WebExError from "./WebExError.ts"

/**
 * The rate-limit window assumed when the server names none.
 *
 * @since 0.2.0
 * @category constants
 */
export const rateLimitWindow: Duration.Duration = Duration.seconds(60)

/**
 * The pause after `RateLimited` without `Retry-After`: longer than the window by one
 * second of margin, before jitter.
 *
 * @since 0.2.0
 * @category constants
 */
export const rateLimitPause: Duration.Duration = Duration.sum(rateLimitWindow, Duration.seconds(1))

/**
 * The pause before retry `attempt` after `error`, or none when it is not to be retried.
 * `retryable` says which errors qualify (transient ones, not those of a login); `random`
 * is only replaced by tests.
 *
 * @since 0.2.0
 * @category constructors
 */
export const delay =
  (
    policy: RetryPolicy,
    retryable: (e: WebExError.WebExError) => boolean = WebExError.isTransient,
    random: () => number = Math.random
  ): Deadline.Delay<WebExError.WebExError> =>
  (e, attempt) => {
    if (!retryable(e) || attempt >= policy.times) return Option.none()
    // Spread clients that were throttled together, always later than asked, never sooner.
    const spread = (d: Duration.Duration) => Duration.millis(Duration.toMillis(d) * (1 + 0.1 * random()))
    if (e._tag === "RateLimited") {
      return Option.some(
        spread(
          e.retryAfter === undefined
            ? Duration.decode(policy.rateLimitPause ?? rateLimitPause)
            : Duration.seconds(e.retryAfter)
        )
      )
    }
    const pause = Deadline.exponential(policy.base, policy.times, random)(attempt)
    const asked = e._tag === "UnexpectedResponse" ? e.retryAfter : undefined
    return asked === undefined ? pause : Option.map(pause, (p) => Duration.max(p, Duration.seconds(asked)))
  }

/**
 * `error` with the reply's `Retry-After` attached, when it is a `RateLimited` and the
 * reply had one (WebEx sends the FAILURE in HTTP 200; a gateway may add the header).
 *
 * @since 0.2.0
 * @category combinators
 */
export const withRetryAfter = <E>(error: E, headers: Readonly<Record<string, string>>): E => {
  if (!(error instanceof WebExError.RateLimited) || error.retryAfter !== undefined) return error
  const retryAfter = Deadline.parseRetryAfter(headers["retry-after"])
  return retryAfter === undefined ? error : (new WebExError.RateLimited({ ...error, retryAfter }) as E)
}
