import type { HttpClient } from "@effect/platform"
import { Clock, Duration, Effect, Either, Option } from "effect"
import * as Exchange from "../Exchange.ts"
import type { Plan } from "../Pipeline.ts"
import * as Sanitize from "../Sanitize.ts"
import * as XmlReader from "../XmlReader.ts"

const millis = (d: Duration.DurationInput | undefined): number | undefined =>
  d === undefined ? undefined : Duration.toMillis(Duration.decode(d))

/** @internal */
export const run = <A, E>(plan: Plan<A, E>): Effect.Effect<A, E, HttpClient.HttpClient> => {
  const timeout = millis(plan.timeout)
  const deadline = millis(plan.deadline)
  const call = Effect.flatMap(Effect.zip(XmlReader.XmlReaderLimits, Clock.currentTimeMillis), ([base, start]) => {
    const request = plan.encode()
    if (Either.isLeft(request)) return Effect.fail(request.left)
    const limits = plan.limits === undefined ? base : { ...base, ...plan.limits }
    const deadlineAt = deadline === undefined ? undefined : start + deadline
    const attempt = Effect.flatMap(
      Effect.mapError(
        Exchange.post(
          { ...request.right, secrets: plan.secrets, timeout, deadlineAt, deadlineMillis: deadline },
          limits.maxBytes
        ),
        plan.exchangeError
      ),
      (response) => plan.interpret(response, limits)
    )
    const retry = plan.retry
    if (retry === undefined) return attempt
    // A plain loop, entered only after a first failure: a call that succeeds pays nothing for it.
    const again = (e: E, n: number): Effect.Effect<A, E, HttpClient.HttpClient> => {
      const pause = retry.delay(e, n)
      if (Option.isNone(pause)) return Effect.fail(e)
      return Effect.flatMap(Clock.currentTimeMillis, (now) =>
        deadlineAt !== undefined && now + Duration.toMillis(pause.value) >= deadlineAt
          ? Effect.fail(e)
          : Effect.zipRight(
              Effect.sleep(pause.value),
              Effect.catchAll(attempt, (next) => again(next, n + 1))
            )
      )
    }
    return Effect.catchAll(attempt, (e) => again(e, 0))
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
