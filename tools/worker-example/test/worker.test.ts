/**
 * The example Worker in real workerd against the simulator: both routes, configuration
 * from bindings, no Node built-ins, and its size and cold start.
 */
import { Fixtures } from "@sessionwire/conformance"
import { type RunningServers, startServers } from "@sessionwire/conformance/node"
import { bundleWorker, startWorkerd, type WorkerBundle, type WorkerdHandle } from "@sessionwire/workerd-harness"
import { afterAll, beforeAll, describe, expect, it } from "vitest"

const entry = new URL("../src/worker.ts", import.meta.url)

describe("the example Worker", () => {
  let servers: RunningServers
  let bundle: WorkerBundle
  let worker: WorkerdHandle

  const state = async () =>
    (await (await fetch(`${servers.simulatorUrl}/__admin/state`)).json()) as {
      superoffice: { sessions: ReadonlyArray<{ loginId: number }> }
      webex: { supportSessions: number }
    }

  beforeAll(async () => {
    servers = await startServers()
    // A ticket as an operator would store it with `wrangler secret put SUPEROFFICE_TICKET`.
    const login = await fetch(
      `${servers.simulatorUrl}${Fixtures.superoffice.tenantPath}/Remote/Services88/SoPrincipal.svc`,
      {
        method: "POST",
        headers: {
          "content-type": "text/xml; charset=utf-8",
          soapaction: `"http://www.superoffice.net/ws/crm/NetServer/Services88/SoPrincipal/AuthenticateUsernamePassword"`
        },
        body: `<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" xmlns:t="http://www.superoffice.net/ws/crm/NetServer/Services88"><s:Header><t:ApplicationToken>${Fixtures.superoffice.applicationToken}</t:ApplicationToken></s:Header><s:Body><t:AuthenticateUsernamePassword><t:UserName>${Fixtures.superoffice.username}</t:UserName><t:Password>${Fixtures.superoffice.password}</t:Password></t:AuthenticateUsernamePassword></s:Body></s:Envelope>`
      }
    )
    const ticket = /<(?:\w+:)?Ticket>([^<]+)</.exec(await login.text())?.[1]
    expect(ticket).toMatch(/^7T:/)
    bundle = await bundleWorker({ entry, measureMinified: true })
    worker = await startWorkerd({
      bundle,
      compatibilityFlags: [],
      bindings: {
        SUPEROFFICE_ENDPOINT: `${servers.simulatorUrl}${Fixtures.superoffice.tenantPath}`,
        SUPEROFFICE_VERSION: "88",
        SUPEROFFICE_APP_TOKEN: Fixtures.superoffice.applicationToken,
        SUPEROFFICE_TICKET: ticket!,
        WEBEX_SITE_NAME: Fixtures.webex.siteName,
        WEBEX_ID: Fixtures.webex.webExID,
        WEBEX_PASSWORD: Fixtures.webex.password,
        WEBEX_ENDPOINT: `${servers.simulatorUrl}/WBXService/XMLService`
      }
    })
  })

  afterAll(async () => {
    await worker?.dispose()
    await servers?.stop()
  })

  it("needs no Node built-in and no xmlbuilder2, so no nodejs_compat", () => {
    expect(bundle.nodeBuiltins).toEqual([])
    expect(bundle.inputs.filter((p) => p.includes("/node_modules/xmlbuilder2/"))).toEqual([])
  })

  it("POST /support-session creates a WebEx support session (and reports the cold start)", async () => {
    const before = (await state()).webex.supportSessions
    const res = await worker.fetch("/support-session", { method: "POST" })
    const body = (await res.json()) as { sessionKey: string }
    expect(res.status, JSON.stringify(body)).toBe(200)
    expect(body.sessionKey).toMatch(/^\d+$/)
    expect((await state()).webex.supportSessions).toBe(before + 1)
    const min = bundle.minifiedSize!
    console.info(
      `[worker-example] bundle ${(bundle.bytes / 1024).toFixed(0)} KiB (gzip ${(bundle.gzipBytes / 1024).toFixed(0)} KiB), ` +
        `minified ${(min.bytes / 1024).toFixed(0)} KiB (gzip ${(min.gzipBytes / 1024).toFixed(0)} KiB); ` +
        `workerd ready ${worker.timings.readyMs} ms, first response ${worker.timings.coldStartMs} ms`
    )
  })

  it("POST /cs-session opens a CS session and removes it before answering", async () => {
    const res = await worker.fetch("/cs-session", { method: "POST" })
    const body = (await res.json()) as { loginId: number; version: string }
    expect(res.status, JSON.stringify(body)).toBe(200)
    expect(body).toMatchObject({ version: "88" })
    expect((await state()).superoffice.sessions.map((s) => s.loginId)).not.toContain(body.loginId)
  })

  it("answers an upstream failure with its tag and no secret", async () => {
    const revoke = await fetch(`${servers.simulatorUrl}/__admin/tickets/revoke`, { method: "POST" })
    expect(revoke.status).toBe(200)
    const res = await worker.fetch("/cs-session", { method: "POST" })
    const text = await res.text()
    expect(res.status, text).toBe(502)
    expect(JSON.parse(text)).toMatchObject({ error: "InvalidCredentials" })
    for (const secret of Fixtures.secrets) expect(text).not.toContain(secret)
  })

  it("answers other paths and methods plainly", async () => {
    expect((await worker.fetch("/nope", { method: "POST" })).status).toBe(404)
    expect((await worker.fetch("/cs-session")).status).toBe(405)
  })
})
