import { it } from "@effect/vitest"
import { Simulator } from "@sessionwire/simulator"
import { Effect } from "effect"
import { describe, expect } from "vitest"

describe("Simulator as an Effect resource", () => {
  it.live("layer: running while the scope is open, closed after, initial faults in force", () =>
    Effect.gen(function* () {
      const url = yield* Effect.scoped(
        Effect.gen(function* () {
          const sim = yield* Simulator.Simulator
          const health = yield* Effect.promise(() => fetch(`${sim.url}/__admin/health`))
          expect(health.status).toBe(200)
          const page = yield* Effect.promise(() =>
            fetch(sim.webexUrl, { method: "POST", body: "<x/>", headers: { "content-type": "text/xml" } })
          )
          expect(page.status).toBe(503)
          expect(page.headers.get("retry-after")).toBe("5")
          return sim.url
        }).pipe(
          Effect.provide(
            Simulator.layer({ faults: [{ route: "XMLService", fault: { _tag: "ServiceUnavailable", retryAfter: 5 } }] })
          )
        )
      )
      const after = yield* Effect.promise(() =>
        fetch(`${url}/__admin/health`).then(
          () => "answered",
          () => "refused"
        )
      )
      expect(after).toBe("refused")
    })
  )
})
