import { NodeHttpClient } from "@effect/platform-node"
import { it } from "@effect/vitest"
import { type RequestLogEntry, type RunningSimulator, startSimulator } from "@sessionwire/simulator"
import { CustomerService, SuperOfficeConfig, Tenant } from "@sessionwire/superoffice"
import { Effect, Either, Layer, Redacted, TestClock } from "effect"
import { afterAll, beforeAll, beforeEach, describe, expect } from "vitest"

let sim: RunningSimulator
let log: Array<RequestLogEntry> = []
let ticket: Redacted.Redacted<string>

beforeAll(async () => {
  sim = await startSimulator({ onRequest: (e) => log.push(e) })
  ticket = Redacted.make(sim.state.superoffice.login("sam.sample", "sim-superoffice-password")!.ticket)
})
afterAll(() => sim.stop())
beforeEach(() => {
  log = []
  sim.faults.clear()
  sim.state.tenants.set({ contextId: "Cust12345", host: "online2", state: "Running" })
})

const config = (contextId = "Cust12345") =>
  Either.getOrThrow(
    SuperOfficeConfig.make({
      tenant: { contextId, environment: "online", stateApiUrl: sim.url },
      version: "88",
      applicationToken: Redacted.make("sim-application-token"),
      ticket,
      retry: { times: 0 }
    })
  )

// A fresh directory per test, so one test's cache never serves another.
const layer = () => Layer.merge(NodeHttpClient.layerUndici, Tenant.TenantDirectory.layer)

const createSession = (cfg = config()) =>
  Effect.flatMap(CustomerService.make("88"), (cs) => cs.CreateSession({ RemoteIp: "192.0.2.1" })).pipe(
    Effect.provideService(SuperOfficeConfig.SuperOfficeConfig, cfg)
  )

const stateLookups = () => log.filter((e) => e.path.startsWith("/api/state/")).length
const soapCalls = () => log.filter((e) => e.route === "CustomerService")

const admin = (path: string, body: unknown) =>
  Effect.promise(() =>
    fetch(`${sim.url}/__admin${path}`, { method: "POST", body: JSON.stringify(body) }).then((r) => r.json())
  )

describe("tenant discovery", () => {
  it.live("resolves the tenant's endpoint from the state API and calls it there", () =>
    Effect.gen(function* () {
      const reply = yield* createSession()
      expect(typeof reply.body.Response?.Key).toBe("string")
      expect(stateLookups()).toBe(1)
      expect(soapCalls().map((e) => [e.path, e.status])).toEqual([
        ["/~online2/Cust12345/Remote/Services88/CustomerService.svc", 200]
      ])
      yield* createSession()
      expect(stateLookups()).toBe(1)
    }).pipe(Effect.provide(layer()))
  )

  it.live("on a 421 it looks the tenant up again and retries CreateSession once, on the new host", () =>
    Effect.gen(function* () {
      yield* createSession()
      // Moved over the admin API, as a test in another process would.
      const moved = yield* admin("/tenants/Cust12345", { host: "online3" })
      expect(moved).toMatchObject({ host: "online3" })
      log = []
      const reply = yield* createSession()
      expect(typeof reply.body.Response?.Key).toBe("string")
      expect(soapCalls().map((e) => [e.path, e.status])).toEqual([
        ["/~online2/Cust12345/Remote/Services88/CustomerService.svc", 421],
        ["/~online3/Cust12345/Remote/Services88/CustomerService.svc", 200]
      ])
      expect(stateLookups()).toBe(1)
    }).pipe(Effect.provide(layer()))
  )

  it.live("a second 421 fails with MisdirectedTenant after exactly one retry", () =>
    Effect.gen(function* () {
      sim.faults.add({
        route: "CustomerService",
        operation: "CreateSession",
        fault: { _tag: "MisdirectedRequest" },
        times: 5
      })
      const e = yield* Effect.flip(createSession())
      expect(e._tag).toBe("MisdirectedTenant")
      expect(soapCalls()).toHaveLength(2)
      expect(stateLookups()).toBe(2)
    }).pipe(Effect.provide(layer()))
  )

  for (const state of [
    "OfflineMaintenance",
    "Suspended",
    "Provisioning",
    "Deleted",
    "MigrationPending",
    "ProvisioningFailed"
  ]) {
    it.live(`a tenant in ${state} fails with TenantUnavailable carrying the state, without calling it`, () =>
      Effect.gen(function* () {
        sim.state.tenants.setState("Cust12345", state)
        const e = yield* Effect.flip(createSession())
        expect(e._tag).toBe("TenantUnavailable")
        expect(e).toMatchObject({ contextId: "Cust12345", state })
        expect(e.message).toContain(state)
        expect(soapCalls()).toHaveLength(0)
      }).pipe(Effect.provide(layer()))
    )
  }

  it.live("OnlineMaintenance counts as running", () =>
    Effect.gen(function* () {
      yield* admin("/tenants/Cust12345", { state: "OnlineMaintenance" })
      const reply = yield* createSession()
      expect(typeof reply.body.Response?.Key).toBe("string")
    }).pipe(Effect.provide(layer()))
  )

  it.live("an unknown context identifier is TenantLookupFailed", () =>
    Effect.gen(function* () {
      const e = yield* Effect.flip(createSession(config("Cust99999")))
      expect(e._tag).toBe("TenantLookupFailed")
      expect(e.message).toContain("Cust99999")
    }).pipe(Effect.provide(layer()))
  )

  it.live("picks the version from the Api document's ServicesCurrent", () =>
    Effect.gen(function* () {
      sim.state.tenants.set({ contextId: "Cust12345", servicesCurrent: "Services87" })
      const location = config().tenant!
      expect(yield* Tenant.currentVersion(location)).toBe("87")
      sim.state.tenants.set({ contextId: "Cust12345", servicesCurrent: "Services88" })
    }).pipe(Effect.provide(layer()))
  )

  it.live("without a TenantDirectory layer each configuration keeps a cache of its own", () =>
    Effect.gen(function* () {
      const cfg = config()
      yield* createSession(cfg)
      yield* createSession(cfg)
      expect(stateLookups()).toBe(1)
    }).pipe(Effect.provide(NodeHttpClient.layerUndici))
  )
})

describe("the tenant cache", () => {
  let clockSim: RunningSimulator
  let lookups = 0
  beforeAll(async () => {
    // The simulator's clock starts where TestClock does, so ValidUntil is 300 s after 0.
    clockSim = await startSimulator({
      now: () => 0,
      onRequest: (e) => {
        if (e.path.startsWith("/api/state/")) lookups++
      }
    })
  })
  afterAll(() => clockSim.stop())

  it.effect("keeps the endpoint until ValidUntil, then asks again", () =>
    Effect.gen(function* () {
      const location: Tenant.TenantLocation = { contextId: "Cust12345", environment: "sod", stateApiUrl: clockSim.url }
      const directory = yield* Tenant.makeDirectory
      const first = yield* directory.resolve(location)
      expect(first.endpoint).toBe(`${clockSim.url}/~online2/Cust12345`)
      expect(first.validUntil).toBe(300_000)
      expect(lookups).toBe(1)
      yield* TestClock.adjust("299 seconds")
      yield* directory.resolve(location)
      expect(lookups).toBe(1)
      clockSim.state.tenants.move("Cust12345", "online7")
      yield* TestClock.adjust("2 seconds")
      const refreshed = yield* directory.resolve(location)
      expect(lookups).toBe(2)
      expect(refreshed.endpoint).toBe(`${clockSim.url}/~online7/Cust12345`)
      yield* directory.invalidate(location)
      yield* directory.resolve(location)
      expect(lookups).toBe(3)
    }).pipe(Effect.provide(NodeHttpClient.layerUndici))
  )
})
