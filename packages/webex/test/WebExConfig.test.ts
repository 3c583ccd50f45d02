import { describe, expect, it } from "@effect/vitest"
import { ConfigProvider, Duration, Effect, Either, Exit, Layer } from "effect"
import * as WebExConfig from "../src/WebExConfig.ts"

const env = { WEBEX_SITE_NAME: "acme", WEBEX_ID: "host", WEBEX_PASSWORD: "s3cr3t-Pa55word!" }

const read = (vars: Record<string, string>) =>
  Effect.runPromiseExit(
    Effect.provide(
      WebExConfig.WebExConfig,
      WebExConfig.layerConfig().pipe(
        Layer.provide(Layer.setConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(vars)))))
      )
    )
  )

const millis = (d: Duration.DurationInput) => Duration.toMillis(Duration.decode(d))

describe("WebExConfig timing", () => {
  it("reads WEBEX_TIMEOUT and WEBEX_DEADLINE in seconds, with 30 s and 60 s defaults", async () => {
    const defaults = await read(env)
    if (Exit.isFailure(defaults)) throw new Error("expected a config")
    expect(millis(defaults.value.timeout)).toBe(30_000)
    expect(millis(defaults.value.deadline)).toBe(60_000)
    const set = await read({ ...env, WEBEX_TIMEOUT: "4", WEBEX_DEADLINE: "90" })
    if (Exit.isFailure(set)) throw new Error("expected a config")
    expect(millis(set.value.timeout)).toBe(4_000)
    expect(millis(set.value.deadline)).toBe(90_000)
  })

  it("refuses a deadline shorter than the timeout, or none at all, with InvalidTiming", () => {
    const base = { siteName: "acme", webExID: "host" }
    const short = WebExConfig.make({ ...base, timeout: "10 seconds", deadline: "5 seconds" })
    expect(Either.isLeft(short) && short.left._tag).toBe("InvalidTiming")
    const zero = WebExConfig.make({ ...base, deadline: "0 millis" })
    expect(Either.isLeft(zero) && zero.left._tag).toBe("InvalidTiming")
    // A deadline alone caps the default timeout.
    const alone = Either.getOrThrow(WebExConfig.make({ ...base, deadline: "5 seconds" }))
    expect(millis(alone.timeout)).toBe(5_000)
  })
})
