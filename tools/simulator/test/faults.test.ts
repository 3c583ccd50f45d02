import { request as httpRequest } from "node:http"
import { NodeHttpClient } from "@effect/platform-node"
import { it } from "@effect/vitest"
import { Faults, type RunningSimulator, startSimulator } from "@sessionwire/simulator"
import { CustomerService, SuperOfficeConfig } from "@sessionwire/superoffice"
import { SupportSession, WebExClient, WebExConfig } from "@sessionwire/webex"
import { type Duration, Effect, Either, Redacted } from "effect"
import { afterAll, afterEach, beforeAll, describe, expect } from "vitest"

let sim: RunningSimulator
let ticket: Redacted.Redacted<string>
beforeAll(async () => {
  sim = await startSimulator()
  ticket = Redacted.make(sim.state.superoffice.login("sam.sample", "sim-superoffice-password")!.ticket)
})
afterAll(() => sim.stop())
afterEach(() => {
  sim.faults.clear()
})

const superoffice = (timeout: Duration.DurationInput = "5 seconds") =>
  CustomerService.make("88").pipe(
    Effect.provideService(
      SuperOfficeConfig.SuperOfficeConfig,
      Either.getOrThrow(
        SuperOfficeConfig.make({
          endpoint: sim.superofficeUrl,
          version: "88",
          applicationToken: Redacted.make("sim-application-token"),
          ticket,
          timeout,
          retry: { times: 0 }
        })
      )
    )
  )

// CreateSession is never retried, so each call meets the fault exactly once.
const createSession = (timeout?: Duration.DurationInput) =>
  Effect.flip(Effect.flatMap(superoffice(timeout), (cs) => cs.CreateSession({ RemoteIp: "192.0.2.1" }))).pipe(
    Effect.provide(NodeHttpClient.layerUndici)
  )

const webexCreate = () =>
  Effect.flip(
    WebExClient.make(
      Either.getOrThrow(
        WebExConfig.make({
          siteName: "sessionwire",
          webExID: "csr.sample",
          password: Redacted.make("sim-webex-password"),
          endpoint: sim.webexUrl,
          retry: { times: 0 }
        })
      )
    ).pipe(
      Effect.flatMap((c) => c.call(SupportSession.createSupportSession, {})),
      Effect.provide(NodeHttpClient.layerUndici)
    )
  )

const one = (fault: Faults.Fault, route: Faults.Route = "CustomerService", operation = "CreateSession") =>
  sim.faults.add({ route, operation, fault, times: 1 })

describe("each fault gives the error the client documents", () => {
  it.effect("ConnectionReset → TransportError", () =>
    Effect.gen(function* () {
      one({ _tag: "ConnectionReset" })
      expect((yield* createSession())._tag).toBe("TransportError")
    })
  )

  it.effect("TruncatedBody → TransportError (Body)", () =>
    Effect.gen(function* () {
      one({ _tag: "TruncatedBody" })
      expect(yield* createSession()).toMatchObject({ _tag: "TransportError", reason: "Body" })
    })
  )

  it.effect("HtmlError → UnexpectedResponse HtmlPage 502", () =>
    Effect.gen(function* () {
      one({ _tag: "HtmlError" })
      expect(yield* createSession()).toMatchObject({ _tag: "UnexpectedResponse", kind: "HtmlPage", status: 502 })
    })
  )

  it.effect("ServiceUnavailable → UnexpectedResponse 503 with retryAfter", () =>
    Effect.gen(function* () {
      one({ _tag: "ServiceUnavailable", retryAfter: 7 })
      expect(yield* createSession()).toMatchObject({ _tag: "UnexpectedResponse", status: 503, retryAfter: 7 })
    })
  )

  it.effect("MisdirectedRequest → MisdirectedTenant", () =>
    Effect.gen(function* () {
      one({ _tag: "MisdirectedRequest" })
      expect((yield* createSession())._tag).toBe("MisdirectedTenant")
    })
  )

  it.effect("RateLimited on SOAP → UnexpectedResponse 429 with retryAfter", () =>
    Effect.gen(function* () {
      one({ _tag: "RateLimited" })
      expect(yield* createSession()).toMatchObject({ _tag: "UnexpectedResponse", status: 429, retryAfter: 60 })
    })
  )

  it.live("Latency beyond the client's timeout → RequestTimeout", () =>
    Effect.gen(function* () {
      one({ _tag: "Latency", millis: 5_000 })
      expect(yield* createSession("150 millis")).toMatchObject({ _tag: "RequestTimeout", timeoutMillis: 150 })
    })
  )

  it.effect("RateLimited on WebEx → RateLimited 000045 (a FAILURE in HTTP 200)", () =>
    Effect.gen(function* () {
      one({ _tag: "RateLimited" }, "XMLService", "CreateSupportSession")
      expect(yield* webexCreate()).toMatchObject({ _tag: "RateLimited", exceptionID: "000045" })
    })
  )
})

describe("fault rules", () => {
  it("match by route, version and operation, and run out after `times`", () => {
    const store = new Faults.FaultStore([
      { route: "CustomerService", version: "86", fault: { _tag: "HtmlError" } },
      { operation: "SessionIsValid", fault: { _tag: "Latency", millis: 10 }, times: 2 }
    ])
    expect(store.take({ route: "CustomerService", version: "88", operation: "CreateSession" })).toEqual({
      latencyMillis: 0,
      terminal: undefined
    })
    expect(store.take({ route: "CustomerService", version: "86", operation: "SessionIsValid" })).toEqual({
      latencyMillis: 10,
      terminal: { _tag: "HtmlError" }
    })
    store.take({ route: "XMLService", operation: "SessionIsValid" })
    expect(store.list().map((r) => r.id)).toEqual(["f1"])
  })

  it("a bare online./sod. host gets 421 on the SuperOffice routes", async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const u = new URL(`${sim.superofficeUrl}/Remote/Services88/CustomerService.svc`)
      const req = httpRequest(
        {
          host: u.hostname,
          port: u.port,
          path: u.pathname,
          method: "POST",
          headers: { host: "online.superoffice.com" }
        },
        (res) => {
          res.resume()
          resolve(res.statusCode ?? 0)
        }
      )
      req.on("error", reject)
      req.end("<x/>")
    })
    expect(status).toBe(421)
  })

  it("the admin API adds, lists and clears rules, and rejects bad ones", async () => {
    const admin = (method: string, path = "/__admin/faults", body?: unknown) =>
      fetch(`${sim.url}${path}`, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) })
    const added = await admin("POST", undefined, [
      { route: "XMLService", fault: { _tag: "RateLimited" }, times: 3 },
      { fault: { _tag: "Latency", millis: 1 } }
    ])
    expect(added.status).toBe(201)
    const rules = (await added.json()) as Array<Faults.FaultRule>
    expect(rules.map((r) => r.fault._tag)).toEqual(["RateLimited", "Latency"])
    expect(((await (await admin("GET")).json()) as Array<unknown>).length).toBe(2)
    expect((await admin("DELETE", `/__admin/faults/${rules[1]!.id}`)).status).toBe(200)
    expect(sim.faults.list().map((r) => r.id)).toEqual([rules[0]!.id])
    const bad = await admin("POST", undefined, { fault: { _tag: "Explode" } })
    expect(bad.status).toBe(400)
    await admin("DELETE")
    expect(sim.faults.list()).toEqual([])
  })
})
