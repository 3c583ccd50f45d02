/**
 * CsSessionKeeper in real workerd (Miniflare), through the example Worker's
 * /cs-session/:name routes, against the simulator running here in Node on loopback.
 *
 * The simulator records each session's last activity, so a keep-alive shows there as
 * well as in the keeper's count. Waiting is on conditions (polled), never on a fixed
 * sleep; nothing here asserts how fast anything is.
 */
import { mkdtemp, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Fixtures } from "@sessionwire/conformance"
import { type RequestLogEntry, type RunningSimulator, startSimulator } from "@sessionwire/simulator"
import { bundleWorker, startWorkerd, type WorkerBundle, type WorkerdHandle } from "@sessionwire/workerd-harness"
import { afterAll, beforeAll, describe, expect, it } from "vitest"

const entry = new URL("../src/worker.ts", import.meta.url)

interface KeeperState {
  readonly version: string
  readonly lastUsedAt: number
  readonly loginId: number
  readonly keepAlives: number
  readonly reopened: number
  readonly joined?: boolean
}

/** Polls `f` until it returns a value other than `undefined`; fails after `within` ms with the last value seen. */
const until = async <A>(what: string, f: () => Promise<A | undefined>, within = 15_000): Promise<A> => {
  const deadline = Date.now() + within
  for (;;) {
    const value = await f()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

describe("CsSessionKeeper in workerd", () => {
  let sim: RunningSimulator
  let bundle: WorkerBundle
  let ticket: string
  const requests: Array<RequestLogEntry> = []
  const runtimeOutput: Array<string> = []
  const bodies: Array<string> = []
  const sessionKeys = new Set<string>()
  const workers: Array<WorkerdHandle> = []
  const dirs: Array<string> = []

  const live = () => {
    const sessions = sim.state.superoffice.liveSessions()
    for (const s of sessions) sessionKeys.add(s.key)
    return sessions
  }
  const isLive = (loginId: number) => live().some((s) => s.loginId === loginId)

  const start = async (vars: Record<string, string> = {}, persistDir?: string) => {
    const worker = await startWorkerd({
      bundle,
      compatibilityFlags: [],
      durableObjects: { CS_SESSIONS: "CsSessionKeeper" },
      persistDir,
      runtimeOutput: (line) => runtimeOutput.push(line.text),
      bindings: {
        SUPEROFFICE_ENDPOINT: sim.superofficeUrl,
        SUPEROFFICE_VERSION: "88",
        SUPEROFFICE_APP_TOKEN: Fixtures.superoffice.applicationToken,
        SUPEROFFICE_TICKET: ticket,
        WEBEX_SITE_NAME: Fixtures.webex.siteName,
        WEBEX_ID: Fixtures.webex.webExID,
        WEBEX_PASSWORD: Fixtures.webex.password,
        WEBEX_ENDPOINT: sim.webexUrl,
        SESSIONWIRE_KEEPER_KEEPALIVE_INTERVAL: "300 millis",
        SESSIONWIRE_KEEPER_IDLE_TIMEOUT: "1 minute",
        ...vars
      }
    })
    workers.push(worker)
    return worker
  }

  const call = async (worker: WorkerdHandle, method: string, name: string) => {
    const res = await worker.fetch(`/cs-session/${name}`, { method })
    const text = await res.text()
    bodies.push(text)
    return { status: res.status, body: JSON.parse(text) as KeeperState & { error?: string; removed?: boolean } }
  }

  beforeAll(async () => {
    sim = await startSimulator({
      superoffice: {
        users: [
          {
            username: Fixtures.superoffice.username,
            password: Fixtures.superoffice.password,
            associateId: Fixtures.superoffice.associateId
          }
        ],
        applicationTokens: [Fixtures.superoffice.applicationToken],
        sessionIdleTimeoutMillis: 10 * 60_000
      },
      webex: {
        siteName: Fixtures.webex.siteName,
        users: [{ webExID: Fixtures.webex.webExID, email: Fixtures.webex.email, password: Fixtures.webex.password }]
      },
      onRequest: (entry) => requests.push(entry)
    })
    ticket = sim.state.superoffice.login(Fixtures.superoffice.username, Fixtures.superoffice.password)!.ticket
    expect(ticket).toMatch(/^7T:/)
    bundle = await bundleWorker({ entry })
  })

  afterAll(async () => {
    if (process.env.KEEPER_DEBUG) {
      console.log(runtimeOutput.slice(0, 40).join("\n"))
      const c: Record<string, number> = {}
      for (const r of requests) c[`${r.operation} ${r.status}`] = (c[`${r.operation} ${r.status}`] ?? 0) + 1
      console.log(JSON.stringify(c), requests.slice(0, 5), requests.slice(-5))
    }
    for (const w of workers) await w.dispose()
    await sim?.stop()
    for (const d of dirs) await rm(d, { recursive: true, force: true })
  })

  it("bundles Services88 only", () => {
    expect(bundle.inputs.filter((p) => /generated\/Services8[67]\//.test(p))).toEqual([])
    expect(bundle.inputs.some((p) => p.includes("generated/Services88/"))).toBe(true)
    expect(bundle.nodeBuiltins).toEqual([])
  })

  it("opens on first use, joins afterwards, and its alarms keep the session alive", async () => {
    const worker = await start()
    const opened = await call(worker, "POST", "case-1")
    expect(opened.status, JSON.stringify(opened.body)).toBe(201)
    expect(opened.body).toMatchObject({ version: "88", joined: false, keepAlives: 0 })
    expect(opened.body).not.toHaveProperty("key")
    const joined = await call(worker, "POST", "case-1")
    expect(joined.status).toBe(200)
    expect(joined.body).toMatchObject({ loginId: opened.body.loginId, joined: true })

    const record = () => sim.state.superoffice.liveSessions().find((s) => s.loginId === opened.body.loginId)!
    const created = record().created
    // GET does not count as a use and sends nothing upstream: only the alarms move these.
    const kept = await until("ten keep-alives", async () => {
      const { body } = await call(worker, "GET", "case-1")
      return body.keepAlives >= 10 ? body : undefined
    })
    expect(kept.loginId).toBe(opened.body.loginId)
    expect(record().lastActive).toBeGreaterThan(created)
    expect(
      requests.filter((r) => r.operation === "ReportSessionActive" && r.status === 200).length
    ).toBeGreaterThanOrEqual(10)

    const closed = await call(worker, "DELETE", "case-1")
    expect(closed.body).toEqual({ removed: true })
    expect(isLive(opened.body.loginId)).toBe(false)
    expect((await call(worker, "DELETE", "case-1")).body).toEqual({ removed: false })
    expect((await call(worker, "GET", "case-1")).status).toBe(404)
    expect(live()).toEqual([])
  }, 30_000)

  it("removes a session idle past the configured time; the simulator shows 0 open sessions", async () => {
    const worker = await start({ SESSIONWIRE_KEEPER_IDLE_TIMEOUT: "1500 millis" })
    const opened = await call(worker, "POST", "idle-1")
    expect(opened.status).toBe(201)
    await until("the idle session to be removed", async () => (isLive(opened.body.loginId) ? undefined : true))
    expect(requests.some((r) => r.operation === "RemoveSession" && r.status === 200)).toBe(true)
    expect((await call(worker, "GET", "idle-1")).status).toBe(404)
    expect(live()).toEqual([])
  })

  it("reports SessionExpired once when the server dropped the session, then opens afresh", async () => {
    const worker = await start({ SESSIONWIRE_KEEPER_WHEN_GONE: "report" })
    const opened = await call(worker, "POST", "gone-1")
    expect(sim.state.superoffice.removeByLoginId(opened.body.loginId)).toBe(1)
    const expired = await until("the keeper to find the session gone", async () => {
      const r = await call(worker, "GET", "gone-1")
      return r.status === 410 ? r : undefined
    })
    expect(expired.body).toMatchObject({ error: "SessionExpired" })
    const reported = await call(worker, "POST", "gone-1")
    expect(reported.status).toBe(410)
    expect(reported.body.error).toBe("SessionExpired")
    const fresh = await call(worker, "POST", "gone-1")
    expect(fresh.status).toBe(201)
    expect(fresh.body.loginId).not.toBe(opened.body.loginId)
    expect((await call(worker, "DELETE", "gone-1")).body).toEqual({ removed: true })
    expect(live()).toEqual([])
  })

  it("re-opens a session the server dropped, when configured to", async () => {
    const worker = await start({ SESSIONWIRE_KEEPER_WHEN_GONE: "reopen" })
    const opened = await call(worker, "POST", "gone-2")
    sim.state.superoffice.removeByLoginId(opened.body.loginId)
    const reopened = await until("the keeper to re-open the session", async () => {
      const r = await call(worker, "GET", "gone-2")
      return r.body.reopened === 1 ? r.body : undefined
    })
    expect(reopened.loginId).not.toBe(opened.body.loginId)
    expect(isLive(reopened.loginId)).toBe(true)
    expect((await call(worker, "DELETE", "gone-2")).body).toEqual({ removed: true })
    expect(live()).toEqual([])
  })

  it("an object restarted mid-session from persisted storage keeps the session alive", async () => {
    const dir = await mkdtemp(join(tmpdir(), "sessionwire-keeper-"))
    dirs.push(dir)
    // An idle time well beyond a restart on a loaded machine; idling out across a restart is the next test.
    const vars = { SESSIONWIRE_KEEPER_IDLE_TIMEOUT: "10 minutes" }
    const first = await start(vars, dir)
    const opened = await call(first, "POST", "restart-1")
    const before = await until("a keep-alive before the restart", async () => {
      const { body } = await call(first, "GET", "restart-1")
      return body.keepAlives >= 2 ? body : undefined
    })
    await first.dispose()
    const countAt = requests.filter((r) => r.operation === "ReportSessionActive").length

    // Local workerd keeps storage but not its alarm schedule across a process restart, so
    // the restarted object is woken by a read (Cloudflare keeps alarms across evictions);
    // from there on only its alarms call upstream.
    const second = await start(vars, dir)
    expect((await call(second, "GET", "restart-1")).body).toMatchObject({ loginId: opened.body.loginId })
    await until("keep-alives from the restarted object", async () =>
      requests.filter((r) => r.operation === "ReportSessionActive").length >= countAt + 3 ? true : undefined
    )
    expect(isLive(opened.body.loginId)).toBe(true)
    const after = await call(second, "GET", "restart-1")
    expect(after.body).toMatchObject({ loginId: opened.body.loginId })
    expect(after.body.keepAlives).toBeGreaterThan(before.keepAlives)

    expect((await call(second, "DELETE", "restart-1")).body).toEqual({ removed: true })
    expect(live()).toEqual([])
  }, 60_000)

  it("an object down past its idle time removes the session when it comes back", async () => {
    const dir = await mkdtemp(join(tmpdir(), "sessionwire-keeper-"))
    dirs.push(dir)
    // Keep-alives rarer than the idle time, so the only pending alarm is the idle deadline.
    const vars = { SESSIONWIRE_KEEPER_IDLE_TIMEOUT: "1 second", SESSIONWIRE_KEEPER_KEEPALIVE_INTERVAL: "1 minute" }
    const first = await start(vars, dir)
    const opened = await call(first, "POST", "restart-2")
    await first.dispose()
    const removals = requests.filter((r) => r.operation === "RemoveSession").length
    await until("the idle time to pass while the object is down", async () =>
      Date.now() - opened.body.lastUsedAt > 1_000 ? true : undefined
    )
    expect(isLive(opened.body.loginId)).toBe(true)
    const second = await start(vars, dir)
    // Woken by a read, as above; its overdue alarm then removes the session.
    await call(second, "GET", "restart-2")
    await until("the restarted object to remove the session", async () =>
      isLive(opened.body.loginId) ? undefined : true
    )
    expect(requests.filter((r) => r.operation === "RemoveSession").length).toBe(removals + 1)
    expect(live()).toEqual([])
  })

  it("runs 100 keepers in parallel, and serializes concurrent calls to one keeper", async () => {
    const worker = await start({ SESSIONWIRE_KEEPER_KEEPALIVE_INTERVAL: "2 seconds" })
    const names = Array.from({ length: 100 }, (_, i) => `parallel-${i}`)
    const opened = await Promise.all(names.map((name) => call(worker, "POST", name)))
    expect(opened.map((o) => o.status)).toEqual(names.map(() => 201))
    const loginIds = new Set(opened.map((o) => o.body.loginId))
    expect(loginIds.size).toBe(100)
    expect(live().length).toBe(100)

    // Ten callers at once on one fresh name: one CreateSession, nine joins.
    const same = await Promise.all(Array.from({ length: 10 }, () => call(worker, "POST", "shared")))
    expect(new Set(same.map((s) => s.body.loginId)).size).toBe(1)
    expect(same.filter((s) => s.body.joined === false).length).toBe(1)

    const closed = await Promise.all([...names, "shared"].map((name) => call(worker, "DELETE", name)))
    // On a loaded machine a RemoveSession can time out; the keeper then says so by tag and
    // its alarm retries the removal. Either way no session may be left behind.
    const refused = closed.filter((c) => c.body.removed !== true)
    for (const c of refused) expect(["RequestTimeout", "TransportError"]).toContain(c.body.error)
    expect(refused.length).toBeLessThan(10)
    await until("every parallel session to be removed", async () => (live().length === 0 ? true : undefined), 30_000)
  }, 60_000)

  it("answers a rejected ticket with its tag, and no secret appears in any answer or log", async () => {
    const worker = await start()
    const opened = await call(worker, "POST", "secret-1")
    expect(opened.status).toBe(201)
    live()
    sim.state.superoffice.revokeTickets()
    const failed = await call(worker, "POST", "secret-2")
    expect(failed.status).toBe(502)
    expect(failed.body.error).toBe("InvalidCredentials")
    // The keep-alive of secret-1 is now refused too, which the keeper reports.
    const refused = await until("the refused keep-alive", async () => {
      const r = await call(worker, "GET", "secret-1")
      return r.status === 410 ? r : undefined
    })
    expect(refused.body.error).toBe("SessionExpired")
    const secrets = [...Fixtures.secrets, ticket, ...sessionKeys]
    expect(sessionKeys.size).toBeGreaterThan(100)
    const everything = [...bodies, ...runtimeOutput].join("\n")
    for (const secret of secrets) expect(everything).not.toContain(secret)
  })
})
