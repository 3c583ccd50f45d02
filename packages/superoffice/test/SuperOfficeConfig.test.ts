import { ConfigProvider, Duration, Effect, Either, Exit, Layer, Redacted } from "effect"
import { describe, expect, it } from "vitest"
import * as SuperOfficeConfig from "../src/SuperOfficeConfig.ts"
import { APP_TOKEN, renderings, secretValues, TICKET } from "./support/Servers.ts"

const env = {
  SUPEROFFICE_ENDPOINT: "https://online3.superoffice.com/Cust12345/",
  SUPEROFFICE_VERSION: "87",
  SUPEROFFICE_APP_TOKEN: Redacted.value(APP_TOKEN),
  SUPEROFFICE_TICKET: Redacted.value(TICKET)
}

const read = (vars: Record<string, string>) =>
  Effect.runPromiseExit(
    Effect.provide(
      SuperOfficeConfig.SuperOfficeConfig,
      SuperOfficeConfig.layerConfig.pipe(
        Layer.provide(Layer.setConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(vars)))))
      )
    )
  )

const noSecrets = (value: unknown) => {
  for (const r of renderings(value)) for (const s of secretValues) expect(r).not.toContain(s)
}

describe("SuperOfficeConfig", () => {
  it("reads SUPEROFFICE_* through Config, secrets as Redacted", async () => {
    const exit = await read({ ...env, SUPEROFFICE_TIMEZONE: "NOOSL" })
    if (Exit.isFailure(exit)) throw new Error("expected a config")
    const c = exit.value
    expect(c.endpoint).toBe("https://online3.superoffice.com/Cust12345")
    expect(c.version).toBe("87")
    expect(Redacted.isRedacted(c.ticket) && Redacted.value(c.ticket)).toBe(Redacted.value(TICKET))
    expect(Redacted.value(c.applicationToken)).toBe(Redacted.value(APP_TOKEN))
    expect(c.timeZone).toEqual({ SoTimeZoneLocationCode: "NOOSL" })
    expect(Duration.toMillis(c.timeout)).toBe(30_000)
    expect(c.retry.times).toBe(3)
    noSecrets(c)
  })

  it("reads SUPEROFFICE_TIMEOUT and SUPEROFFICE_DEADLINE in seconds, with 30 s and 60 s defaults", async () => {
    const defaults = await read(env)
    if (Exit.isFailure(defaults)) throw new Error("expected a config")
    expect(Duration.toMillis(defaults.value.timeout)).toBe(30_000)
    expect(Duration.toMillis(defaults.value.deadline)).toBe(60_000)
    const set = await read({ ...env, SUPEROFFICE_TIMEOUT: "2.5", SUPEROFFICE_DEADLINE: "10" })
    if (Exit.isFailure(set)) throw new Error("expected a config")
    expect(Duration.toMillis(set.value.timeout)).toBe(2_500)
    expect(Duration.toMillis(set.value.deadline)).toBe(10_000)
    // A deadline alone caps the default timeout rather than being refused by it.
    const alone = await read({ ...env, SUPEROFFICE_DEADLINE: "5" })
    if (Exit.isFailure(alone)) throw new Error("expected a config")
    expect(Duration.toMillis(alone.value.timeout)).toBe(5_000)
    for (const bad of [
      { SUPEROFFICE_TIMEOUT: "10", SUPEROFFICE_DEADLINE: "5" },
      { SUPEROFFICE_DEADLINE: "0" },
      { SUPEROFFICE_TIMEOUT: "soon" }
    ]) {
      const exit = await read({ ...env, ...bad })
      expect(Exit.isFailure(exit)).toBe(true)
      const name = Object.keys(bad).at(-1)!
      expect(String(exit)).toContain(name)
    }
  })

  it("a timeout longer than the default deadline raises the deadline to match", () => {
    const c = Either.getOrThrow(
      SuperOfficeConfig.make({
        endpoint: "https://online3.superoffice.com/Cust12345",
        version: "88",
        applicationToken: APP_TOKEN,
        ticket: TICKET,
        timeout: "90 seconds"
      })
    )
    expect(Duration.toMillis(c.deadline)).toBe(90_000)
  })

  it("defaults the version to 88 and reads a numeric time zone as an id", async () => {
    const { SUPEROFFICE_VERSION: _, ...rest } = env
    const exit = await read({ ...rest, SUPEROFFICE_TIMEZONE: "7" })
    expect(Exit.isSuccess(exit) && [exit.value.version, exit.value.timeZone]).toEqual(["88", { SoTimeZoneId: 7 }])
  })

  it("names the missing or invalid variable, never its value", async () => {
    const { SUPEROFFICE_TICKET: _, ...noTicket } = env
    const missing = await read(noTicket)
    expect(Exit.isFailure(missing) && String(missing.cause)).toContain("SUPEROFFICE_TICKET")
    const badVersion = await read({ ...env, SUPEROFFICE_VERSION: "85" })
    expect(Exit.isFailure(badVersion) && String(badVersion.cause)).toContain("SUPEROFFICE_VERSION")
    const remote = await read({
      ...env,
      SUPEROFFICE_ENDPOINT: "https://online3.superoffice.com/Cust12345/Remote/Services88/CustomerService.svc"
    })
    expect(Exit.isFailure(remote) && String(remote.cause)).toMatch(/SUPEROFFICE_ENDPOINT.*tenant's base URL/s)
    const noApp = await read({ ...env, SUPEROFFICE_APP_TOKEN: "" })
    expect(Exit.isFailure(noApp) && String(noApp.cause)).toContain("SUPEROFFICE_APP_TOKEN")
    for (const e of [missing, badVersion, remote, noApp]) noSecrets(e)
  })

  it("an on-site installation needs no application token", async () => {
    const { SUPEROFFICE_APP_TOKEN: _, ...rest } = env
    const exit = await read({ ...rest, SUPEROFFICE_ENDPOINT: "https://crm.example.local/SuperOffice" })
    expect(Exit.isSuccess(exit) && exit.value.endpoint).toBe("https://crm.example.local/SuperOffice")
  })

  it("validates a configuration built in code with typed errors", () => {
    const base = {
      endpoint: "https://online3.superoffice.com/Cust1",
      version: "88",
      applicationToken: APP_TOKEN,
      ticket: TICKET
    } as const
    expect(Either.isRight(SuperOfficeConfig.make(base))).toBe(true)
    const cases: Array<[Partial<SuperOfficeConfig.SuperOfficeConfigInput>, string]> = [
      [{ endpoint: "online3.superoffice.com" }, "endpoint"],
      [{ endpoint: "ftp://x/y" }, "endpoint"],
      [{ endpoint: `https://user:${Redacted.value(TICKET)}@online3.superoffice.com/Cust1` }, "endpoint"],
      [{ version: "99" as "88" }, "version"],
      [{ ticket: Redacted.make(" ") }, "ticket"],
      [{ retry: { times: 99 } }, "retry.times"],
      [{ timeout: 0 }, "timeout"]
    ]
    for (const [patch, field] of cases) {
      const r = SuperOfficeConfig.make({ ...base, ...patch })
      expect(Either.isLeft(r) && r.left).toMatchObject({ _tag: "InvalidConfig", field })
      noSecrets(r)
    }
  })

  it("builds service URLs below the base", () => {
    expect(SuperOfficeConfig.serviceUrl("https://host/SuperOffice/", "Remote/Services86/SoPrincipal.svc")).toBe(
      "https://host/SuperOffice/Remote/Services86/SoPrincipal.svc"
    )
  })
})
