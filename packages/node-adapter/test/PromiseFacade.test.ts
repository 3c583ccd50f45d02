import { Fixtures } from "@sessionwire/conformance"
import { type RunningServers, startServers } from "@sessionwire/conformance/node"
import { InvalidCredentials as SoInvalidCredentials } from "@sessionwire/superoffice"
import { InvalidCredentials as WebExInvalidCredentials } from "@sessionwire/webex"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import {
  Aborted,
  ClientClosed,
  createSuperOfficeClient,
  createWebExClient,
  isTaggedError,
  withCsSession
} from "../src/index.ts"

let servers: RunningServers
beforeAll(async () => {
  servers = await startServers()
})
afterAll(() => servers.stop())

const soOptions = () => ({
  endpoint: `${servers.simulatorUrl}${Fixtures.superoffice.tenantPath}`,
  applicationToken: Fixtures.superoffice.applicationToken,
  credentials: { username: Fixtures.superoffice.username, password: Fixtures.superoffice.password }
})

const webexOptions = () => ({
  siteName: Fixtures.webex.siteName,
  webExID: Fixtures.webex.webExID,
  password: Fixtures.webex.password,
  endpoint: `${servers.simulatorUrl}/WBXService/XMLService`
})

interface AdminState {
  readonly superoffice: { readonly sessions: ReadonlyArray<{ readonly loginId: number }> }
  readonly webex: { readonly supportSessions: number; readonly tickets: number }
}
const adminState = async (): Promise<AdminState> =>
  (await (await fetch(`${servers.simulatorUrl}/__admin/state`)).json()) as AdminState
const live = async (loginId: number) => (await adminState()).superoffice.sessions.some((s) => s.loginId === loginId)

const addFault = async (rule: object): Promise<void> => {
  const res = await fetch(`${servers.simulatorUrl}/__admin/faults`, { method: "POST", body: JSON.stringify(rule) })
  expect(res.status).toBe(201)
}

/** What a rejection looks like to a caller: never a wrapper, always the library's tagged class. */
const rejection = async (promise: Promise<unknown>): Promise<Error & { _tag: string }> => {
  try {
    await promise
  } catch (e) {
    expect(isTaggedError(e)).toBe(true)
    return e as Error & { _tag: string }
  }
  throw new Error("expected a rejection")
}

describe("createSuperOfficeClient", () => {
  it("logs in on first use and calls CustomerService operations as async methods", async () => {
    const so = createSuperOfficeClient(soOptions())
    try {
      // Not a thenable: returning it from an async function must not call anything.
      expect(await Promise.resolve(so.customerService)).toBe(so.customerService)
      const created = await so.customerService.CreateSession({ RemoteIp: "198.51.100.4" })
      const { Key, LoginId } = created.body.Response!
      expect(await live(LoginId!)).toBe(true)
      expect((await so.customerService.SessionIsValid({ CsSessionKey: Key! })).body.Response).toBe(true)
      expect((await so.customerService.ReportSessionActive({ SessionKey: Key! })).headers.Succeeded).not.toBe(false)
      await so.customerService.RemoveSession({ LoginId: LoginId! })
      expect(await live(LoginId!)).toBe(false)
    } finally {
      await so.close()
    }
  })

  it("rejects with the library's error classes and tags, without secrets", async () => {
    const so = createSuperOfficeClient({
      ...soOptions(),
      credentials: { username: Fixtures.superoffice.username, password: "a-wrong-password-1234" }
    })
    try {
      const error = await rejection(so.customerService.SessionIsValid({ CsSessionKey: "k" }))
      expect(error).toBeInstanceOf(SoInvalidCredentials)
      expect(error._tag).toBe("InvalidCredentials")
      expect(`${error.message} ${JSON.stringify(error)} ${String(error)}`).not.toMatch(
        /a-wrong-password-1234|so-app-token/
      )
    } finally {
      await so.close()
    }
  })

  it("retries a login that failed on a transient error at the next call", async () => {
    const so = createSuperOfficeClient(soOptions())
    try {
      await addFault({ route: "SoPrincipal", fault: { _tag: "ConnectionReset" }, times: 1 })
      expect((await rejection(so.customerService.SessionIsValid({ CsSessionKey: "k" })))._tag).toBe("TransportError")
      const reply = await so.customerService.SessionIsValid({ CsSessionKey: "no-such-session" })
      expect(reply.body.Response).toBe(false)
    } finally {
      await so.close()
    }
  })

  it("aborts a call, and its request, through an AbortSignal", async () => {
    const id = `facade${Date.now()}`
    const so = createSuperOfficeClient({
      endpoint: `${servers.peerUrl}${Fixtures.peer.hang}/${id}`,
      applicationToken: "t",
      credentials: { ticket: "7T:facade" }
    })
    try {
      const call = so.customerService.SessionIsValid({ CsSessionKey: "k" }, { signal: AbortSignal.timeout(150) })
      const error = await rejection(call)
      expect(error).toBeInstanceOf(Aborted)
      await new Promise((r) => setTimeout(r, 100))
      const seen = await (await fetch(`${servers.peerUrl}${Fixtures.peer.requests}/${id}`)).json()
      expect(seen).toEqual({ received: true, aborted: true })
    } finally {
      await so.close()
    }
  })

  it("refuses calls after close()", async () => {
    const so = createSuperOfficeClient(soOptions())
    await so.close()
    expect(await rejection(so.customerService.SessionIsValid({ CsSessionKey: "k" }))).toBeInstanceOf(ClientClosed)
  })
})

describe("withCsSession", () => {
  it("opens a session for the callback and removes it afterwards", async () => {
    let loginId = -1
    const result = await withCsSession({ ...soOptions(), remoteIp: "198.51.100.5" }, async (session) => {
      loginId = session.loginId
      expect(await live(session.loginId)).toBe(true)
      expect(session.sessionKey()).toMatch(/\S{8,}/)
      expect(JSON.stringify(session)).not.toContain(session.sessionKey())
      return "done"
    })
    expect(result).toBe("done")
    expect(await live(loginId)).toBe(false)
  })

  it("removes the session when the callback throws, and rethrows the callback's own error", async () => {
    const so = createSuperOfficeClient(soOptions())
    try {
      let loginId = -1
      const mine = new RangeError("application failure")
      const thrown = await withCsSession({ client: so, remoteIp: "198.51.100.6" }, async (session) => {
        loginId = session.loginId
        throw mine
      }).catch((e: unknown) => e)
      expect(thrown).toBe(mine)
      expect(await live(loginId)).toBe(false)
    } finally {
      await so.close()
    }
  })

  it("keeps the session alive while the callback runs", async () => {
    const so = createSuperOfficeClient(soOptions())
    try {
      const kept = await so.withCsSession(
        { remoteIp: "198.51.100.7", keepAliveInterval: "30 millis" },
        async (session) => {
          for (let i = 0; i < 100 && (await session.keepAlives()) < 2; i++) await new Promise((r) => setTimeout(r, 15))
          return session.keepAlives()
        }
      )
      expect(kept).toBeGreaterThanOrEqual(2)
    } finally {
      await so.close()
    }
  })
})

describe("createWebExClient", () => {
  it("creates support sessions and pages through history with for await", async () => {
    const webex = createWebExClient(webexOptions())
    try {
      const before = (await adminState()).webex.supportSessions
      const created = await webex.createSupportSession({ tracking: { trackingCode1: "FACADE" } })
      expect(typeof created.sessionKey).toBe("bigint")
      expect((await adminState()).webex.supportSessions).toBe(before + 1)
      const keys: Array<bigint | undefined> = []
      for await (const s of webex.supportSessionHistory({}, { pageSize: 4 })) keys.push(s.sessionKey)
      expect(keys.length).toBeGreaterThanOrEqual(Fixtures.webex.seededHistory)
      expect(new Set(keys).size).toBe(keys.length)
      expect((await webex.getAPIVersion()).apiVersion).not.toBe("")
    } finally {
      await webex.close()
    }
  })

  it("logs in once and sends the session ticket afterwards", async () => {
    const webex = createWebExClient(webexOptions())
    try {
      const before = (await adminState()).webex.tickets
      await webex.createSupportSession()
      await webex.createSupportSession()
      expect((await adminState()).webex.tickets).toBe(before + 1)
    } finally {
      await webex.close()
    }
  })

  it("rejects a wrong password with InvalidCredentials, in a call and in an iteration", async () => {
    const webex = createWebExClient({ ...webexOptions(), password: "wrong-webex-password-99" })
    try {
      const error = await rejection(webex.createSupportSession())
      expect(error).toBeInstanceOf(WebExInvalidCredentials)
      expect(JSON.stringify(error) + error.message).not.toContain("wrong-webex-password-99")
      const iterating = (async () => {
        for await (const _ of webex.supportSessionHistory()) break
      })()
      expect((await rejection(iterating))._tag).toBe("InvalidCredentials")
    } finally {
      await webex.close()
    }
  })
})
