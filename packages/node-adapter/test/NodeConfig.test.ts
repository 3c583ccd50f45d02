import { describe, expect, it } from "@effect/vitest"
import { SuperOfficeConfig } from "@sessionwire/superoffice"
import { WebExConfig } from "@sessionwire/webex"
import { ConfigProvider, Duration, Effect, Redacted } from "effect"
import { NodeConfig, NodeHttp } from "../src/index.ts"

const env = {
  SUPEROFFICE_ENDPOINT: "https://online3.superoffice.com/Cust12345",
  SUPEROFFICE_VERSION: "87",
  SUPEROFFICE_APP_TOKEN: "app-token-value",
  SUPEROFFICE_TICKET: "7T:ticket-value",
  SUPEROFFICE_TIMEZONE: "NOOSL",
  WEBEX_SITE_NAME: "acme",
  WEBEX_ID: "csr",
  WEBEX_PASSWORD: "webex-password-value",
  WEBEX_ENDPOINT: "https://api.webex.com/WBXService/XMLService",
  SESSIONWIRE_HTTP_CONNECTIONS: "4",
  SESSIONWIRE_HTTP_CONNECT_TIMEOUT: "2 seconds",
  SESSIONWIRE_HTTP_REQUEST_TIMEOUT: "9 seconds",
  SESSIONWIRE_HTTP_KEEP_ALIVE_TIMEOUT: "3 seconds"
}
const provider = (vars: Record<string, string>) => ConfigProvider.fromMap(new Map(Object.entries(vars)))

describe("NodeConfig", () => {
  it.effect("documents exactly the variables the layers read", () =>
    Effect.gen(function* () {
      const so = yield* Effect.withConfigProvider(SuperOfficeConfig.config, provider(env))
      expect(so).toMatchObject({
        endpoint: env.SUPEROFFICE_ENDPOINT,
        version: "87",
        timeZone: { SoTimeZoneLocationCode: "NOOSL" }
      })
      expect(Redacted.value(so.applicationToken)).toBe(env.SUPEROFFICE_APP_TOKEN)
      expect(Redacted.value(so.ticket)).toBe(env.SUPEROFFICE_TICKET)
      const webex = yield* Effect.withConfigProvider(WebExConfig.config, provider(env))
      expect(webex).toMatchObject({ siteName: "acme", webExID: "csr", endpoint: env.WEBEX_ENDPOINT })
      expect(Redacted.value(webex.password!)).toBe(env.WEBEX_PASSWORD)
      const http = NodeHttp.resolve(yield* Effect.withConfigProvider(NodeHttp.config, provider(env)))
      expect(http).toMatchObject({
        connections: 4,
        connectTimeoutMillis: 2000,
        requestTimeoutMillis: 9000,
        keepAliveTimeoutMillis: 3000
      })
      // Every variable set above is in the documented list, and every secret there is read as Redacted.
      const documented = new Set(NodeConfig.variables.map((v) => v.name))
      for (const name of Object.keys(env)) expect(documented.has(name), name).toBe(true)
      for (const v of NodeConfig.variables.filter((v) => v.required)) {
        const { [v.name]: _, ...without } = env as Record<string, string>
        const read: Effect.Effect<unknown, unknown> =
          v.vendor === "superoffice" ? SuperOfficeConfig.config : WebExConfig.config
        const error = yield* Effect.flip(Effect.withConfigProvider(read, provider(without)))
        expect(String(error)).toContain(v.name)
      }
    })
  )

  it.effect("reads SuperOffice Online by SUPEROFFICE_CONTEXT_ID + SUPEROFFICE_ENVIRONMENT instead of an endpoint", () =>
    Effect.gen(function* () {
      const { SUPEROFFICE_ENDPOINT: _, ...rest } = env
      const tenantEnv = { ...rest, SUPEROFFICE_CONTEXT_ID: "Cust12345", SUPEROFFICE_ENVIRONMENT: "sod" }
      for (const name of ["SUPEROFFICE_CONTEXT_ID", "SUPEROFFICE_ENVIRONMENT", "SUPEROFFICE_STATE_API_URL"]) {
        expect(NodeConfig.variables.some((v) => v.name === name)).toBe(true)
      }
      const so = yield* Effect.withConfigProvider(SuperOfficeConfig.config, provider(tenantEnv))
      expect(so.tenant).toEqual({
        contextId: "Cust12345",
        environment: "sod",
        stateApiUrl: "https://sod.superoffice.com"
      })
      const local = yield* Effect.withConfigProvider(
        SuperOfficeConfig.config,
        provider({ ...tenantEnv, SUPEROFFICE_STATE_API_URL: "http://127.0.0.1:8123/" })
      )
      expect(local.tenant?.stateApiUrl).toBe("http://127.0.0.1:8123")
      const badEnv = yield* Effect.flip(
        Effect.withConfigProvider(SuperOfficeConfig.config, provider({ ...tenantEnv, SUPEROFFICE_ENVIRONMENT: "prod" }))
      )
      expect(String(badEnv)).toContain("SUPEROFFICE_ENVIRONMENT")
      const both = yield* Effect.flip(
        Effect.withConfigProvider(SuperOfficeConfig.config, provider({ ...env, SUPEROFFICE_CONTEXT_ID: "Cust12345" }))
      )
      expect(String(both)).toContain("SUPEROFFICE_ENDPOINT")
      const neither = yield* Effect.flip(Effect.withConfigProvider(SuperOfficeConfig.config, provider(rest)))
      expect(String(neither)).toContain("SUPEROFFICE_ENDPOINT")
    })
  )

  it.effect("builds the SuperOffice layer from the environment, with secrets kept out of errors", () =>
    Effect.gen(function* () {
      const config = yield* Effect.provide(SuperOfficeConfig.SuperOfficeConfig, NodeConfig.superOfficeLayer).pipe(
        Effect.withConfigProvider(provider(env))
      )
      expect(Duration.toMillis(config.timeout)).toBeGreaterThan(0)
      const bad = yield* Effect.flip(
        Effect.provide(SuperOfficeConfig.SuperOfficeConfig, NodeConfig.superOfficeLayer).pipe(
          Effect.withConfigProvider(provider({ ...env, SUPEROFFICE_ENDPOINT: "not a url" }))
        )
      )
      expect(String(bad)).toContain("SUPEROFFICE_ENDPOINT")
      expect(String(bad)).not.toContain("ticket-value")
    })
  )
})
