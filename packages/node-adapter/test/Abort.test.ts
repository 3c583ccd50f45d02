/**
 * The Promise facade honours its AbortSignal at every stage: before the call, while the
 * first-use SoPrincipal (or WebEx AuthenticateUser) login runs, while CreateSession is in
 * flight, while the callback runs and while RemoveSession runs. Every one rejects with
 * `Aborted`, and no CS session is left open on the simulator.
 */
import { Fixtures } from "@sessionwire/conformance"
import { type RunningServers, startServers } from "@sessionwire/conformance/node"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { Aborted, createSuperOfficeClient, createWebExClient, isTaggedError } from "../src/index.ts"

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

interface State {
  readonly superoffice: { readonly tickets: number; readonly sessions: ReadonlyArray<{ readonly loginId: number }> }
  readonly webex: { readonly tickets: number }
}
const state = async (): Promise<State> => (await (await fetch(`${servers.simulatorUrl}/__admin/state`)).json()) as State
const openSessions = async (): Promise<ReadonlyArray<number>> =>
  (await state()).superoffice.sessions.map((s) => s.loginId)

const addFault = async (rule: object): Promise<void> => {
  const res = await fetch(`${servers.simulatorUrl}/__admin/faults`, { method: "POST", body: JSON.stringify(rule) })
  expect(res.status).toBe(201)
}

const latency = (route: string, operation: string, millis: number) =>
  addFault({ route, operation, fault: { _tag: "Latency", millis }, times: 1 })

const aborted = async (promise: Promise<unknown>): Promise<void> => {
  try {
    await promise
  } catch (e) {
    expect(isTaggedError(e)).toBe(true)
    expect(e).toBeInstanceOf(Aborted)
    return
  }
  throw new Error("expected Aborted")
}

/** Resolves once the simulator holds `n` more open sessions than `before`, so an abort lands after acquire. */
const untilOpened = async (before: ReadonlyArray<number>): Promise<void> => {
  for (let i = 0; i < 200; i++) {
    if ((await openSessions()).some((id) => !before.includes(id))) return
    await new Promise((r) => setTimeout(r, 10))
  }
  throw new Error("the session never opened")
}

describe("AbortSignal in the SuperOffice facade", () => {
  it("an already aborted signal rejects at once, before any setup", async () => {
    const so = createSuperOfficeClient(soOptions())
    try {
      await aborted(so.customerService.SessionIsValid({ CsSessionKey: "k" }, { signal: AbortSignal.abort() }))
    } finally {
      await so.close()
    }
  })

  it("aborting during the first-use SoPrincipal login rejects with Aborted; the next call reuses the login", async () => {
    const so = createSuperOfficeClient({ ...soOptions(), deadline: "10 seconds" })
    try {
      await latency("SoPrincipal", "AuthenticateUsernamePassword", 1500)
      const tickets = (await state()).superoffice.tickets
      const controller = new AbortController()
      const call = so.customerService.SessionIsValid({ CsSessionKey: "k" }, { signal: controller.signal })
      setTimeout(() => controller.abort(), 200)
      await aborted(call)
      // Rejected on the abort, while the simulator still held the login: no ticket issued yet.
      expect((await state()).superoffice.tickets).toBe(tickets)
      const reply = await so.customerService.SessionIsValid({ CsSessionKey: "no-such-session" })
      expect(reply.body.Response).toBe(false)
    } finally {
      await so.close()
    }
  })

  it("aborting withCsSession while CreateSession is in flight rejects with Aborted and leaves no session", async () => {
    const so = createSuperOfficeClient(soOptions())
    try {
      await so.customerService.SessionIsValid({ CsSessionKey: "warm-up" })
      const before = await openSessions()
      await latency("CustomerService", "CreateSession", 500)
      const controller = new AbortController()
      let called = false
      const run = so.withCsSession({ remoteIp: "198.51.100.9", signal: controller.signal }, async () => {
        called = true
      })
      await new Promise((r) => setTimeout(r, 150))
      controller.abort()
      await aborted(run)
      expect(called).toBe(false)
      expect((await openSessions()).filter((id) => !before.includes(id))).toEqual([])
    } finally {
      await so.close()
    }
  })

  it("aborting withCsSession while the callback runs aborts the callback's signal and removes the session", async () => {
    const so = createSuperOfficeClient(soOptions())
    try {
      const before = await openSessions()
      const controller = new AbortController()
      let inner: AbortSignal | undefined
      const run = so.withCsSession(
        { remoteIp: "198.51.100.9", signal: controller.signal },
        (session) =>
          new Promise<never>((_, reject) => {
            inner = session.signal
            session.signal.addEventListener("abort", () => reject(new Error("callback stopped")))
          })
      )
      await untilOpened(before)
      controller.abort()
      await aborted(run)
      expect(inner?.aborted).toBe(true)
      expect((await openSessions()).filter((id) => !before.includes(id))).toEqual([])
    } finally {
      await so.close()
    }
  })

  it("aborting withCsSession while RemoveSession runs rejects with Aborted once the session is removed", async () => {
    const so = createSuperOfficeClient(soOptions())
    try {
      const before = await openSessions()
      await latency("CustomerService", "RemoveSession", 500)
      const controller = new AbortController()
      const run = so.withCsSession({ remoteIp: "198.51.100.9", signal: controller.signal }, async () => {
        // Abort once the callback is done, while RemoveSession is held by the simulator.
        setTimeout(() => controller.abort(), 150)
      })
      await aborted(run)
      expect((await openSessions()).filter((id) => !before.includes(id))).toEqual([])
    } finally {
      await so.close()
    }
  })
})

describe("AbortSignal in the WebEx facade", () => {
  it("aborting during the first-use AuthenticateUser login rejects with Aborted", async () => {
    const webex = createWebExClient({
      siteName: Fixtures.webex.siteName,
      webExID: Fixtures.webex.webExID,
      password: Fixtures.webex.password,
      endpoint: `${servers.simulatorUrl}/WBXService/XMLService`
    })
    try {
      await addFault({
        route: "XMLService",
        operation: "AuthenticateUser",
        fault: { _tag: "Latency", millis: 1500 },
        times: 1
      })
      const tickets = (await state()).webex.tickets
      const controller = new AbortController()
      const call = webex.createSupportSession({}, { signal: controller.signal })
      setTimeout(() => controller.abort(), 200)
      await aborted(call)
      expect((await state()).webex.tickets).toBe(tickets)
      const { sessionKey } = await webex.createSupportSession()
      expect(sessionKey).toBeDefined()
    } finally {
      await webex.close()
    }
  })
})
