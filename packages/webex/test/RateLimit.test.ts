/**
 * Rate limits (`000045`): the pause outlasts the 60-second window, a `Retry-After` is
 * honoured, and nothing waits past the call deadline. The client runs over an in-memory
 * `HttpClient`, so the TestClock drives every pause and no test waits in real time.
 */
import { HttpClient, HttpClientResponse } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { Duration, Effect, Either, Fiber, Layer, Option, Redacted, Ref, TestClock } from "effect"
import * as Backoff from "../src/Backoff.ts"
import * as GeneralSession from "../src/GeneralSession.ts"
import * as WebExClient from "../src/WebExClient.ts"
import * as WebExConfig from "../src/WebExConfig.ts"
import * as WebExError from "../src/WebExError.ts"
import * as WebExOperation from "../src/WebExOperation.ts"

const rateLimited = WebExOperation.encodeFailure({ exceptionID: "000045", reason: "API Rate Limit Reach" })
const ok = Either.getOrThrow(
  WebExOperation.encodeResponse(GeneralSession.getAPIVersion, { apiVersion: "WebEx XML API V11.0.0" })
)

interface Reply {
  readonly body: string
  readonly retryAfter?: string | undefined
}

/** An in-memory WebEx answering the i-th request with `replies[i]` (the last one from then on). */
const fakeWebEx = (replies: ReadonlyArray<Reply>, calls: Ref.Ref<number>) =>
  Layer.succeed(
    HttpClient.HttpClient,
    HttpClient.make((request) =>
      Effect.map(
        Ref.getAndUpdate(calls, (n) => n + 1),
        (n) => {
          const reply = replies[Math.min(n, replies.length - 1)]!
          const headers: Record<string, string> = { "content-type": "text/xml; charset=UTF-8" }
          if (reply.retryAfter !== undefined) headers["retry-after"] = reply.retryAfter
          return HttpClientResponse.fromWeb(request, new Response(reply.body, { status: 200, headers }))
        }
      )
    )
  )

const client = (replies: ReadonlyArray<Reply>, calls: Ref.Ref<number>, options: Partial<WebExConfig.Options> = {}) =>
  WebExClient.layer.pipe(
    Layer.provide(
      Layer.orDie(
        WebExConfig.layer({
          siteName: "acme",
          webExID: "host",
          password: Redacted.make("s3cr3t-Pa55word!"),
          endpoint: "https://acme.webex.com/WBXService/XMLService",
          retry: { times: 3, base: "100 millis" },
          ...options
        })
      )
    ),
    Layer.provide(fakeWebEx(replies, calls))
  )

describe("WebEx rate limits", () => {
  it.effect("a Retry-After is honoured: no retry before it, the retry after it succeeds", () =>
    Effect.gen(function* () {
      const calls = yield* Ref.make(0)
      const fiber = yield* Effect.fork(
        Effect.provide(
          GeneralSession.apiVersion(),
          client([{ body: rateLimited, retryAfter: "20" }, { body: ok }], calls)
        )
      )
      yield* TestClock.adjust("19 seconds")
      expect(yield* Ref.get(calls)).toBe(1)
      // Retry-After plus at most 10 % jitter: 20–22 s.
      yield* TestClock.adjust("3 seconds")
      expect((yield* Fiber.join(fiber)).apiVersion).toBe("WebEx XML API V11.0.0")
      expect(yield* Ref.get(calls)).toBe(2)
    })
  )

  it.effect("without Retry-After the pause outlasts the 60-second window when the deadline allows it", () =>
    Effect.gen(function* () {
      const calls = yield* Ref.make(0)
      const fiber = yield* Effect.fork(
        Effect.provide(
          GeneralSession.apiVersion(),
          client([{ body: rateLimited }, { body: ok }], calls, { deadline: "3 minutes" })
        )
      )
      yield* TestClock.adjust("60 seconds")
      expect(yield* Ref.get(calls)).toBe(1)
      yield* TestClock.adjust("8 seconds")
      expect((yield* Fiber.join(fiber)).apiVersion).toBe("WebEx XML API V11.0.0")
      expect(yield* Ref.get(calls)).toBe(2)
    })
  )

  it.effect("with the default 60 s deadline, a rate limit without Retry-After is returned at once", () =>
    Effect.gen(function* () {
      const calls = yield* Ref.make(0)
      const error = yield* Effect.flip(
        Effect.provide(GeneralSession.apiVersion(), client([{ body: rateLimited }], calls))
      )
      expect(error).toBeInstanceOf(WebExError.RateLimited)
      expect(yield* Ref.get(calls)).toBe(1)
    })
  )

  it.effect("a Retry-After past the deadline is returned at once, carrying the Retry-After", () =>
    Effect.gen(function* () {
      const calls = yield* Ref.make(0)
      const error = yield* Effect.flip(
        Effect.provide(GeneralSession.apiVersion(), client([{ body: rateLimited, retryAfter: "300" }], calls))
      )
      expect(error).toBeInstanceOf(WebExError.RateLimited)
      expect((error as WebExError.RateLimited).retryAfter).toBe(300)
      expect(yield* Ref.get(calls)).toBe(1)
    })
  )

  it.effect("retries stop at the deadline: every attempt and pause fits inside it", () =>
    Effect.gen(function* () {
      const calls = yield* Ref.make(0)
      const fiber = yield* Effect.fork(
        Effect.provide(
          GeneralSession.apiVersion(),
          client([{ body: rateLimited, retryAfter: "25" }], calls, { retry: { times: 10, base: "100 millis" } })
        )
      )
      yield* TestClock.adjust("60 seconds")
      const error = yield* Effect.flip(Fiber.join(fiber))
      expect(error).toBeInstanceOf(WebExError.RateLimited)
      // Attempts at 0 s, 25–27.5 s and 50–55 s; a third pause would end past 60 s.
      expect(yield* Ref.get(calls)).toBe(3)
    })
  )

  it.effect("a call that is not read-only is never resent after a rate limit", () =>
    Effect.gen(function* () {
      const calls = yield* Ref.make(0)
      const notReadOnly = { ...GeneralSession.getAPIVersion, readOnly: false }
      const error = yield* Effect.flip(
        Effect.provide(
          WebExClient.call(notReadOnly, {}),
          client([{ body: rateLimited, retryAfter: "1" }, { body: ok }], calls)
        )
      )
      expect(error).toBeInstanceOf(WebExError.RateLimited)
      expect(yield* Ref.get(calls)).toBe(1)
    })
  )
})

describe("Backoff.delay", () => {
  const failure = (Tag: typeof WebExError.RateLimited, retryAfter?: number) =>
    new Tag({ operation: "GetAPIVersion", exceptionID: "000045", reason: "limit", subErrors: [], retryAfter })
  const millis = (d: Option.Option<Duration.Duration>) => Duration.toMillis(Option.getOrThrow(d))

  it("waits past the window without Retry-After, at least Retry-After with one, and jitters only upwards", () => {
    const low = Backoff.delay(WebExConfig.defaultRetry, WebExError.isTransient, () => 0)
    const high = Backoff.delay(WebExConfig.defaultRetry, WebExError.isTransient, () => 0.999999)
    expect(millis(low(failure(WebExError.RateLimited), 0))).toBe(61_000)
    expect(millis(low(failure(WebExError.RateLimited), 0))).toBeGreaterThan(Duration.toMillis(Backoff.rateLimitWindow))
    expect(millis(high(failure(WebExError.RateLimited), 0))).toBeLessThanOrEqual(67_100)
    expect(millis(low(failure(WebExError.RateLimited, 7), 0))).toBe(7_000)
    expect(millis(high(failure(WebExError.RateLimited, 7), 0))).toBeLessThanOrEqual(7_700)
  })

  it("stops after the retry budget and for errors that are not transient", () => {
    const d = Backoff.delay({ times: 2, base: "10 millis" })
    expect(Option.isNone(d(failure(WebExError.RateLimited), 2))).toBe(true)
    const denied = new WebExError.AccessDenied({
      operation: "GetAPIVersion",
      exceptionID: "000001",
      reason: "no",
      subErrors: []
    })
    expect(Option.isNone(d(denied, 0))).toBe(true)
  })
})
