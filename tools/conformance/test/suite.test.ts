import { FetchHttpClient } from "@effect/platform"
import { bundleWorker } from "@sessionwire/workerd-harness"
import { Data, Effect, Layer } from "effect"
import { describe, expect, it } from "vitest"
import { startServers } from "../node/index.ts"
import { Fixtures, Scenario, Secrets, Suite } from "../src/index.ts"

describe("the conformance suite", () => {
  it("names every scenario once and covers every required area", () => {
    const names = Suite.scenarios.map((s) => s.name)
    expect(new Set(names).size).toBe(names.length)
    const groups = new Set(Suite.scenarios.map((s) => s.group))
    expect([...groups].sort()).toEqual([
      "deadline",
      "faults",
      "hostile",
      "secrets",
      "superoffice",
      "transport",
      "webex"
    ])
    for (const required of [
      /Services86 CreateSession/,
      /Services87 CreateSession/,
      /Services88 CreateSession, SessionIsValid, ReportSessionActive and RemoveSession/,
      /AuthenticateUsernamePassword/,
      /CsSession\.scoped/,
      /CreateSupportSession/,
      /pages through/,
      /Latency/,
      /ConnectionReset/,
      /TruncatedBody/,
      /HTML 502/,
      /503 with Retry-After/,
      /421/,
      /429/,
      /000045/,
      /timeout .* aborts/,
      /interrupting/,
      /200 concurrent/,
      /server that never answers ends within its deadline/,
      /stalls after the headers ends within its deadline/,
      /one byte a second ends within its deadline/,
      /CsSession\.scoped under Effect\.timeout/,
      /interrupting CsSession\.scoped while CreateSession is in flight/,
      /outlast the deadline fails at once with RateLimited/,
      /10 MB/,
      /DOCTYPE/,
      /nested 50,000 deep/
    ]) {
      expect(
        names.some((n) => required.test(n)),
        String(required)
      ).toBe(true)
    }
  })

  it("bundles into a Worker without Node built-ins", async () => {
    const bundle = await bundleWorker({ entry: new URL("../src/index.ts", import.meta.url) })
    expect(bundle.nodeBuiltins).toEqual([])
  })

  it("finds a secret in any rendering of an error", async () => {
    class Leaky extends Data.TaggedError("Leaky")<{ readonly detail: string }> {}
    const hidden = new Leaky({ detail: "fine" })
    Object.defineProperty(hidden, "note", { value: `x ${Fixtures.webex.password} y`, enumerable: false })
    for (const error of [
      new Leaky({ detail: `ticket ${Fixtures.superoffice.applicationToken}` }),
      hidden,
      new Error(`failed for ${Fixtures.superoffice.password}`)
    ]) {
      const exit = await Effect.runPromiseExit(Secrets.checkNoSecrets(error))
      expect(exit._tag).toBe("Failure")
    }
    const clean = await Effect.runPromiseExit(Secrets.checkNoSecrets(new Leaky({ detail: "nothing here" })))
    expect(clean._tag).toBe("Success")
    const issued = await Effect.runPromiseExit(
      Secrets.checkNoSecrets(new Leaky({ detail: "7T:abcdef" }), ["7T:abcdef"])
    )
    expect(issued._tag).toBe("Failure")
  })

  it("fails the abort scenarios for an adapter whose requests cannot be aborted", async () => {
    const servers = await startServers()
    try {
      // `fetch` stripped of its signal: the client gives up, the request carries on.
      const stubborn: typeof fetch = (input, init) => fetch(input, { ...init, signal: null })
      const layer = FetchHttpClient.layer.pipe(Layer.provide(Layer.succeed(FetchHttpClient.Fetch, stubborn)))
      const results = await Effect.runPromise(
        Suite.run(layer, servers, { filter: (s) => /aborts the request/.test(s.name) })
      )
      expect(results).toHaveLength(2)
      for (const r of results) {
        expect(r.passed).toBe(false)
        expect(r.failure).toMatch(/not aborted/)
      }
    } finally {
      await servers.stop()
    }
  })

  it("reports every scenario failed when the adapter's layer cannot be built", async () => {
    const broken = Layer.fail("no client") as Layer.Layer<never, string>
    const results = await Effect.runPromise(
      Suite.run(broken as never, { simulatorUrl: "http://127.0.0.1:9", peerUrl: "http://127.0.0.1:9" })
    )
    expect(results).toHaveLength(Suite.scenarios.length)
    expect(results.every((r) => !r.passed && /could not be built/.test(r.failure ?? ""))).toBe(true)
  })

  it("turns a failed expectation into the scenario's explanation", async () => {
    const scenario = Scenario.make("transport", "always fails", () => Scenario.check(false, "it was false"))
    const result = await Effect.runPromise(
      Scenario.runOne(scenario, { simulatorUrl: "", peerUrl: "" }).pipe(Effect.provide(FetchHttpClient.layer))
    )
    expect(result).toMatchObject({
      name: "transport: always fails",
      passed: false,
      failure: "ScenarioFailed: it was false"
    })
  })
})
