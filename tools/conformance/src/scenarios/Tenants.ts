/**
 * SuperOffice Online tenants that move: the client finds the tenant through the state
 * API, follows it to a new host after a 421, and refuses a tenant that is not running.
 * The simulator plays the state API and the numbered hosts.
 */
import { CustomerService, SuperOfficeConfig } from "@sessionwire/superoffice"
import { Effect, Redacted } from "effect"
import * as Clients from "../Clients.ts"
import * as Fixtures from "../Fixtures.ts"
import * as Scenario from "../Scenario.ts"
import * as Servers from "../Servers.ts"

const { check } = Scenario

/** A tenant of its own, so no other scenario's state can interfere. */
const contextId = "Cust80808"

const tenantClient = (endpoints: Scenario.Endpoints) =>
  Effect.gen(function* () {
    const { ticket } = yield* Clients.login(endpoints, "88")
    const config = yield* SuperOfficeConfig.make({
      tenant: { contextId, environment: "online", stateApiUrl: endpoints.simulatorUrl },
      version: "88",
      applicationToken: Redacted.make(Fixtures.superoffice.applicationToken),
      ticket,
      retry: { times: 0 }
    })
    return yield* Effect.provideService(CustomerService.make("88"), SuperOfficeConfig.SuperOfficeConfig, config)
  })

const followsMove = Scenario.make(
  "superoffice",
  "a tenant moved to another host is followed: 421, a fresh state lookup, and CreateSession sent once more",
  (endpoints) =>
    Effect.gen(function* () {
      yield* Servers.setTenant(endpoints.simulatorUrl, contextId, { host: "online5", state: "Running" })
      const cs = yield* tenantClient(endpoints)
      const first = yield* cs.CreateSession({ RemoteIp: "203.0.113.7" })
      yield* check(typeof first.body.Response?.Key === "string", "the first CreateSession returned no key")
      yield* Servers.setTenant(endpoints.simulatorUrl, contextId, { host: "online6" })
      const second = yield* cs.CreateSession({ RemoteIp: "203.0.113.7" })
      yield* check(typeof second.body.Response?.Key === "string", "CreateSession after the move returned no key")
      yield* cs.RemoveSession({ LoginId: first.body.Response!.LoginId! })
      yield* cs.RemoveSession({ LoginId: second.body.Response!.LoginId! })
    })
)

const notRunning = Scenario.make(
  "superoffice",
  "a tenant in OfflineMaintenance fails with TenantUnavailable carrying the state; OnlineMaintenance is running",
  (endpoints) =>
    Effect.gen(function* () {
      yield* Servers.setTenant(endpoints.simulatorUrl, contextId, { host: "online5", state: "OfflineMaintenance" })
      const cs = yield* tenantClient(endpoints)
      const error = yield* Scenario.expectFailure(cs.CreateSession({ RemoteIp: "203.0.113.7" }), "TenantUnavailable")
      yield* check(error.state === "OfflineMaintenance", `the error carries state ${error.state}`)
      yield* Servers.setTenant(endpoints.simulatorUrl, contextId, { state: "OnlineMaintenance" })
      // A new client: the first one remembers the state until ValidUntil.
      const again = yield* tenantClient(endpoints)
      const reply = yield* again.CreateSession({ RemoteIp: "203.0.113.7" })
      yield* check(typeof reply.body.Response?.Key === "string", "CreateSession in OnlineMaintenance returned no key")
      yield* again.RemoveSession({ LoginId: reply.body.Response!.LoginId! })
    }).pipe(Effect.ensuring(Effect.ignore(Servers.setTenant(endpoints.simulatorUrl, contextId, { state: "Running" }))))
)

export const scenarios: ReadonlyArray<Scenario.Scenario> = [followsMove, notRunning]
