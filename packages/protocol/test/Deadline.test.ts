import { describe, expect, it } from "@effect/vitest"
import { Duration, Effect, Exit, Fiber, Option, Ref, TestClock } from "effect"
import * as Deadline from "../src/Deadline.ts"
import { RequestTimeout } from "../src/ExchangeError.ts"

class Transient {
  readonly _tag = "Transient"
}
class Fatal {
  readonly _tag = "Fatal"
}

const host = "tenant.example.com"

/** An attempt that fails with `errors[i]` on call i, then succeeds with the call count. */
const scripted = (calls: Ref.Ref<number>, errors: ReadonlyArray<Transient | Fatal>) =>
  Effect.flatMap(
    Ref.getAndUpdate(calls, (n) => n + 1),
    (n) => (n < errors.length ? Effect.fail(errors[n]!) : Effect.succeed(n + 1))
  )

const every = (pause: Duration.DurationInput) => (e: Transient | Fatal) =>
  e._tag === "Transient" ? Option.some(Duration.decode(pause)) : Option.none()

describe("Deadline.retrying", () => {
  it.effect("retries after each pause until an attempt succeeds", () =>
    Effect.gen(function* () {
      const calls = yield* Ref.make(0)
      const fiber = yield* Effect.fork(
        Deadline.retrying(scripted(calls, [new Transient(), new Transient()]), {
          deadline: "60 seconds",
          host,
          delay: every("5 seconds")
        })
      )
      yield* TestClock.adjust("4 seconds")
      expect(yield* Ref.get(calls)).toBe(1)
      yield* TestClock.adjust("1 second")
      expect(yield* Ref.get(calls)).toBe(2)
      yield* TestClock.adjust("5 seconds")
      expect(yield* Fiber.join(fiber)).toBe(3)
    })
  )

  it.effect("an error the delay refuses is returned as it is, without another attempt", () =>
    Effect.gen(function* () {
      const calls = yield* Ref.make(0)
      const error = yield* Effect.flip(
        Deadline.retrying(scripted(calls, [new Fatal()]), { deadline: "60 seconds", host, delay: every("1 second") })
      )
      expect(error).toBeInstanceOf(Fatal)
      expect(yield* Ref.get(calls)).toBe(1)
    })
  )

  it.effect("a pause that would end past the deadline is not taken: the error that asked for it is returned", () =>
    Effect.gen(function* () {
      const calls = yield* Ref.make(0)
      const fiber = yield* Effect.fork(
        Deadline.retrying(
          scripted(
            calls,
            Array.from({ length: 10 }, () => new Transient())
          ),
          {
            deadline: "60 seconds",
            host,
            delay: every("25 seconds")
          }
        )
      )
      // Attempts at 0 s and 25 s; a third at 50 s would be followed by a pause ending at 75 s.
      yield* TestClock.adjust("50 seconds")
      const exit = yield* Fiber.await(fiber)
      expect(Exit.isFailure(exit) && exit.cause._tag === "Fail" ? exit.cause.error : undefined).toBeInstanceOf(
        Transient
      )
      expect(yield* Ref.get(calls)).toBe(3)
    })
  )

  it.effect("an attempt still running at the deadline is interrupted and the call is a RequestTimeout", () =>
    Effect.gen(function* () {
      const interrupted = yield* Ref.make(false)
      const hanging = Effect.never.pipe(Effect.onInterrupt(() => Ref.set(interrupted, true)))
      const fiber = yield* Effect.fork(
        Deadline.retrying(hanging, { deadline: "60 seconds", host, delay: () => Option.some(Duration.seconds(1)) })
      )
      yield* TestClock.adjust("59 seconds")
      expect(fiber.unsafePoll()).toBeNull()
      yield* TestClock.adjust("1 second")
      const error = yield* Effect.flip(Fiber.join(fiber))
      expect(error).toBeInstanceOf(RequestTimeout)
      expect(error).toMatchObject({ host, timeoutMillis: 60_000 })
      expect(yield* Ref.get(interrupted)).toBe(true)
    })
  )
})

describe("Deadline.within and shielded", () => {
  it.effect("the deadline holds inside an uninterruptible region (a resource's acquire)", () =>
    Effect.gen(function* () {
      const fiber = yield* Effect.fork(
        Effect.uninterruptible(Deadline.within(Effect.never, { deadline: "10 seconds", host }))
      )
      yield* TestClock.adjust("10 seconds")
      expect(yield* Effect.flip(Fiber.join(fiber))).toBeInstanceOf(RequestTimeout)
    })
  )

  it.effect("interrupting the caller of a shielded effect waits for it to finish", () =>
    Effect.gen(function* () {
      const finished = yield* Ref.make(false)
      const work = Effect.zipRight(Effect.sleep("3 seconds"), Ref.set(finished, true))
      const fiber = yield* Effect.fork(Deadline.shielded(work))
      yield* TestClock.adjust("1 second")
      const interrupting = yield* Effect.fork(Fiber.interrupt(fiber))
      yield* TestClock.adjust("1 second")
      expect(yield* Ref.get(finished)).toBe(false)
      expect(interrupting.unsafePoll()).toBeNull()
      yield* TestClock.adjust("1 second")
      yield* Fiber.join(interrupting)
      expect(yield* Ref.get(finished)).toBe(true)
    })
  )
})

describe("Deadline.exponential", () => {
  it("doubles from the base, jitters within ±20 %, and stops after the budget", () => {
    const low = Deadline.exponential("100 millis", 3, () => 0)
    const high = Deadline.exponential("100 millis", 3, () => 0.999999)
    expect([0, 1, 2].map((n) => Duration.toMillis(Option.getOrThrow(low(n))))).toEqual([80, 160, 320])
    expect(Duration.toMillis(Option.getOrThrow(high(2)))).toBeCloseTo(480, 0)
    expect(Option.isNone(low(3))).toBe(true)
  })
})

describe("Deadline.parseRetryAfter", () => {
  it("reads delta-seconds and HTTP dates, and ignores anything else", () => {
    const now = Date.parse("2026-01-01T00:00:00Z")
    expect(Deadline.parseRetryAfter("120", now)).toBe(120)
    expect(Deadline.parseRetryAfter(" 0 ", now)).toBe(0)
    expect(Deadline.parseRetryAfter("Thu, 01 Jan 2026 00:00:30 GMT", now)).toBe(30)
    expect(Deadline.parseRetryAfter("Wed, 31 Dec 2025 23:59:00 GMT", now)).toBe(0)
    expect(Deadline.parseRetryAfter("-5", now)).toBeUndefined()
    expect(Deadline.parseRetryAfter("soon", now)).toBeUndefined()
    expect(Deadline.parseRetryAfter(undefined, now)).toBeUndefined()
  })
})
