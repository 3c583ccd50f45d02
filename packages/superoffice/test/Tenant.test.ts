import { describe, expect, it } from "@effect/vitest"
import { Effect, Either, Redacted, Schema } from "effect"
import * as SuperOfficeConfig from "../src/SuperOfficeConfig.ts"
import * as Tenant from "../src/Tenant.ts"
import { memoryClient } from "./support/Servers.ts"

const base = {
  version: "88" as const,
  applicationToken: Redacted.make("app-token"),
  ticket: Redacted.make("7T:ticket")
}

describe("SuperOfficeConfig with a tenant", () => {
  it("takes a context identifier and an environment instead of an endpoint", () => {
    const config = Either.getOrThrow(
      SuperOfficeConfig.make({ ...base, tenant: { contextId: "Cust12345", environment: "online" } })
    )
    expect(config.tenant).toEqual({
      contextId: "Cust12345",
      environment: "online",
      stateApiUrl: "https://online.superoffice.com"
    })
  })

  it("refuses both an endpoint and a tenant, neither, a bad context id or environment", () => {
    const field = (input: Partial<SuperOfficeConfig.SuperOfficeConfigInput>) =>
      Either.flip(SuperOfficeConfig.make({ ...base, ...input })).pipe(Either.map((e) => e.field))
    expect(
      field({
        endpoint: "https://online3.superoffice.com/Cust12345",
        tenant: { contextId: "Cust12345", environment: "online" }
      })
    ).toEqual(Either.right("endpoint"))
    expect(field({})).toEqual(Either.right("endpoint"))
    expect(field({ tenant: { contextId: "../x", environment: "online" } })).toEqual(Either.right("contextId"))
    expect(field({ tenant: { contextId: "Cust1", environment: "prod" as never } })).toEqual(Either.right("environment"))
    expect(field({ tenant: { contextId: "Cust1", environment: "sod", stateApiUrl: "ftp://x" } })).toEqual(
      Either.right("stateApiUrl")
    )
  })

  it("still requires the application token for Online", () => {
    const e = Either.flip(
      SuperOfficeConfig.make({
        ...base,
        applicationToken: Redacted.make(""),
        tenant: { contextId: "Cust12345", environment: "sod" }
      })
    )
    expect(Either.map(e, (x) => x.field)).toEqual(Either.right("applicationToken"))
  })
})

describe("Tenant.TenantStatus", () => {
  it("reads the documented reply, and a State given as its number", () => {
    const decode = Schema.decodeUnknownSync(Tenant.TenantStatus)
    const doc = {
      ContextIdentifier: "Cust12345",
      Endpoint: "https://online2.superoffice.com/Cust12345",
      State: "Running",
      IsRunning: true,
      ValidUntil: "2026-02-23T09:52:01.9342965Z",
      Api: "https://online2.superoffice.com/Cust12345/api",
      Version: "Release_11.10_2026.02.24-02"
    }
    expect(decode(doc).State).toBe("Running")
    expect(decode({ ...doc, State: 6 }).State).toBe("OfflineMaintenance")
    expect(Tenant.isRunning("Running") && Tenant.isRunning("OnlineMaintenance")).toBe(true)
    for (const s of Object.keys(Tenant.States).filter((s) => s !== "Running" && s !== "OnlineMaintenance")) {
      expect(Tenant.isRunning(s), s).toBe(false)
    }
  })

  it.effect("a reply that is not the state JSON is TenantLookupFailed", () =>
    Effect.gen(function* () {
      const e = yield* Effect.flip(
        Tenant.lookup({ contextId: "Cust12345", environment: "online", stateApiUrl: "https://online.superoffice.com" })
      )
      expect(e._tag).toBe("TenantLookupFailed")
      expect(e.message).toContain("Cust12345")
    }).pipe(Effect.provide(memoryClient(() => ({ body: "<html>maintenance</html>" }))))
  )
})
