import type { HttpClient } from "@effect/platform"
import { Duration, Effect, Either, Schedule } from "effect"
import * as Exchange from "../Exchange.ts"
import type { Plan } from "../Pipeline.ts"
import * as Sanitize from "../Sanitize.ts"
import * as XmlReader from "../XmlReader.ts"

const millis = (d: Duration.DurationInput | undefined): number | undefined =>
  d === undefined ? undefined : Duration.toMillis(Duration.decode(d))

/** A backoff never sleeps past the deadline: the next attempt then fails at once, as a timeout. */
const clampedTo = <E>(schedule: Schedule.Schedule<unknown, E>, deadlineAt: number | undefined) =>
  deadlineAt === undefined
    ? schedule
    : Schedule.modifyDelay(schedule, (_, delay) =>
        Duration.millis(Math.max(0, Math.min(Duration.toMillis(delay), deadlineAt - Date.now())))
      )

/** @internal */
export const run = <A, E>(plan: Plan<A, E>): Effect.Effect<A, E, HttpClient.HttpClient> => {
  const timeout = millis(plan.timeout)
  const deadline = millis(plan.deadline)
  const call = Effect.flatMap(XmlReader.XmlReaderLimits, (base) => {
    const request = plan.encode()
    if (Either.isLeft(request)) return Effect.fail(request.left)
    const limits = plan.limits === undefined ? base : { ...base, ...plan.limits }
    const deadlineAt = deadline === undefined ? undefined : Date.now() + deadline
    const attempt = Effect.flatMap(
      Effect.mapError(
        Exchange.post(
          { ...request.right, secrets: plan.secrets, timeout: timeout === undefined ? undefined : timeout, deadlineAt },
          limits.maxBytes
        ),
        plan.exchangeError
      ),
      (response) => plan.interpret(response, limits)
    )
    const retry = plan.retry
    if (retry === undefined) return attempt
    const again = (e: E) => retry.while(e) && (deadlineAt === undefined || Date.now() < deadlineAt)
    // The schedule is started only after a first failure: a call that succeeds pays nothing for it.
    return Effect.catchIf(attempt, again, (first) =>
      Effect.flatMap(Schedule.driver(clampedTo(retry.schedule, deadlineAt)), (driver) => {
        const next = (e: E): Effect.Effect<A, E, HttpClient.HttpClient> =>
          Effect.matchEffect(driver.next(e), {
            onFailure: () => Effect.fail(e),
            onSuccess: () => Effect.catchIf(attempt, again, next)
          })
        return next(first)
      })
    )
  })
  const describe = plan.errorAttributes
  const annotated =
    describe === undefined
      ? call
      : Effect.tapError(call, (e) => {
          const attributes = describe(e)
          return attributes === undefined ? Effect.void : Effect.annotateCurrentSpan(attributes)
        })
  // The last step before an error leaves the call: scrubbed of the call's secrets, every text capped.
  const sanitized = Effect.mapError(annotated, (e) => Sanitize.error(e, plan.secrets))
  return Effect.withSpan(sanitized, plan.span, {
    kind: "client",
    attributes: plan.attributes,
    captureStackTrace: false
  })
}
