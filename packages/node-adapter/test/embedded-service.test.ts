import { Fixtures } from "@sessionwire/conformance"
import { type RunningServers, startServers } from "@sessionwire/conformance/node"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type RunningService, startService } from "../examples/embedded-service.ts"

describe("the embedded node:http example", () => {
  let servers: RunningServers
  let service: RunningService
  let wrongPassword: RunningService

  const options = (password: string) => ({
    superoffice: {
      endpoint: `${servers.simulatorUrl}${Fixtures.superoffice.tenantPath}`,
      applicationToken: Fixtures.superoffice.applicationToken,
      credentials: { username: Fixtures.superoffice.username, password }
    },
    webex: {
      siteName: Fixtures.webex.siteName,
      webExID: Fixtures.webex.webExID,
      password,
      endpoint: `${servers.simulatorUrl}/WBXService/XMLService`
    }
  })

  beforeAll(async () => {
    servers = await startServers()
    service = await startService({
      ...options(Fixtures.superoffice.password),
      webex: { ...options("").webex, password: Fixtures.webex.password }
    })
    wrongPassword = await startService(options("not-the-password-5150"))
  })

  afterAll(async () => {
    await service?.close()
    await wrongPassword?.close()
    await servers?.stop()
  })

  const state = async () =>
    (await (await fetch(`${servers.simulatorUrl}/__admin/state`)).json()) as {
      superoffice: { sessions: ReadonlyArray<{ loginId: number }> }
      webex: { supportSessions: number }
    }

  it("POST /support-session creates a WebEx support session", async () => {
    const before = (await state()).webex.supportSessions
    const res = await fetch(`${service.url}/support-session`, { method: "POST" })
    expect(res.status).toBe(200)
    const body = (await res.json()) as { sessionKey: string }
    expect(body.sessionKey).toMatch(/^\d+$/)
    expect((await state()).webex.supportSessions).toBe(before + 1)
  })

  it("POST /cs-session opens a SuperOffice CS session and removes it before answering", async () => {
    const res = await fetch(`${service.url}/cs-session`, { method: "POST" })
    expect(res.status).toBe(200)
    const body = (await res.json()) as { loginId: number; version: string }
    expect(body.version).toBe("88")
    expect(body.loginId).toBeGreaterThan(0)
    expect((await state()).superoffice.sessions.map((s) => s.loginId)).not.toContain(body.loginId)
  })

  it("answers upstream failures with the error's tag and no secret", async () => {
    for (const path of ["/support-session", "/cs-session"]) {
      const res = await fetch(`${wrongPassword.url}${path}`, { method: "POST" })
      const text = await res.text()
      expect(res.status, text).toBe(502)
      expect(JSON.parse(text)).toMatchObject({ error: "InvalidCredentials" })
      expect(text).not.toContain("not-the-password-5150")
      expect(text).not.toContain(Fixtures.superoffice.applicationToken)
    }
  })

  it("answers unknown routes and methods plainly", async () => {
    expect((await fetch(`${service.url}/nope`, { method: "POST" })).status).toBe(404)
    expect((await fetch(`${service.url}/cs-session`)).status).toBe(405)
  })
})
