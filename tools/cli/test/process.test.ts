// The CLI as users run it: a process started through bin/sessionwire.mjs, secrets in the
// environment only. Each case checks the exit code, the output, and that no secret leaks.
import { spawn } from "node:child_process"
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { type RunningSimulator, startSimulator } from "@sessionwire/simulator"
import { afterAll, beforeAll, describe, expect, it } from "vitest"

const BIN = fileURLToPath(new URL("../bin/sessionwire.mjs", import.meta.url))

const SECRETS = {
  SUPEROFFICE_APP_TOKEN: "sim-application-token",
  SUPEROFFICE_PASSWORD: "sim-superoffice-password",
  WEBEX_PASSWORD: "sim-webex-password"
}

interface Run {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

const run = (args: ReadonlyArray<string>, env: Record<string, string> = {}): Promise<Run> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
      stdio: ["ignore", "pipe", "pipe"]
    })
    let stdout = ""
    let stderr = ""
    child.stdout.on("data", (d) => (stdout += d))
    child.stderr.on("data", (d) => (stderr += d))
    child.on("error", reject)
    child.on("close", (code) => resolve({ code, stdout, stderr }))
  })

/** No secret value in argv, stdout or stderr, and no ticket at all. */
const expectNoSecrets = (args: ReadonlyArray<string>, r: Run, extra: ReadonlyArray<string> = []) => {
  for (const secret of [...Object.values(SECRETS), ...extra]) {
    expect(args.join(" ")).not.toContain(secret)
    expect(r.stdout).not.toContain(secret)
    expect(r.stderr).not.toContain(secret)
  }
  expect(`${r.stdout}${r.stderr}`).not.toMatch(/7T:[A-Za-z0-9+/=]{8,}/)
}

let sim: RunningSimulator
let env: Record<string, string>
beforeAll(async () => {
  sim = await startSimulator()
  env = {
    ...SECRETS,
    SUPEROFFICE_ENDPOINT: sim.superofficeUrl,
    SUPEROFFICE_USER: "sam.sample",
    WEBEX_ENDPOINT: sim.webexUrl,
    WEBEX_SITE_NAME: "sessionwire",
    WEBEX_ID: "csr.sample"
  }
})
afterAll(() => sim.stop())

describe("sessionwire as a process", () => {
  it("demo --json: the whole walk against the embedded simulator, exit 0", { timeout: 120_000 }, async () => {
    const args = ["demo", "--json"]
    const r = await run(args)
    expect(r.code).toBe(0)
    const report = JSON.parse(r.stdout) as { ok: boolean; steps: Array<{ name: string; millis: number }> }
    expect(report.ok).toBe(true)
    expect(report.steps).toHaveLength(24)
    expect(report.steps.every((s) => typeof s.millis === "number")).toBe(true)
    expectNoSecrets(args, r)
  })

  it("superoffice login --json logs in with the password from the environment and redacts the ticket", {
    timeout: 60_000
  }, async () => {
    const args = ["superoffice", "login", "--json"]
    const r = await run(args, env)
    expect(r.code).toBe(0)
    const out = JSON.parse(r.stdout) as { ticket: string; principal: { AssociateId: number } }
    expect(out.ticket).toBe("<redacted>")
    expect(out.principal.AssociateId).toBe(5)
    expectNoSecrets(args, r)
  })

  it("superoffice CreateSession --version 87 logs in on the fly and prints the typed reply", {
    timeout: 60_000
  }, async () => {
    const args = ["superoffice", "CreateSession", "--version", "87", "--param", "RemoteIp=192.0.2.50", "--json"]
    const r = await run(args, env)
    expect(r.code).toBe(0)
    const out = JSON.parse(r.stdout) as {
      operation: string
      body: { Response: { LoginId: number } }
      headers: { Succeeded: boolean }
    }
    expect(out.operation).toBe("Services87.CustomerService.CreateSession")
    expect(out.headers.Succeeded).toBe(true)
    expect(
      sim.state.superoffice.liveSessions().some((s) => s.loginId === out.body.Response.LoginId && s.version === "87")
    ).toBe(true)
    expectNoSecrets(args, r)
  })

  it("a rejected ticket exits 4 with a JSON InvalidCredentials on stderr, the ticket nowhere", {
    timeout: 60_000
  }, async () => {
    const forged = "7T:forged0000ticket1111value"
    const args = ["superoffice", "SessionIsValid", "--param", "CsSessionKey=x", "--json"]
    const r = await run(args, { ...env, SUPEROFFICE_TICKET: forged })
    expect(r.code).toBe(4)
    expect(r.stdout).toBe("")
    expect(JSON.parse(r.stderr)).toMatchObject({ _tag: "InvalidCredentials", via: "ExceptionInfo" })
    expectNoSecrets(args, r, [forged])
  })

  it("bad input exits 3; a secret on the command line is refused and not echoed", { timeout: 60_000 }, async () => {
    const bad = await run(["superoffice", "RemoveSession", "--param", "LoginId=abc", "--json"], env)
    expect(bad.code).toBe(3)
    expect(JSON.parse(bad.stderr)).toMatchObject({ _tag: "InvalidInput" })
    const secretArg = "not-for-argv-123"
    const args = ["webex", "AuthenticateUser", "--param", `password=${secretArg}`, "--json"]
    const refused = await run(args, env)
    expect(refused.code).toBe(3)
    expect(`${refused.stdout}${refused.stderr}`).not.toContain(secretArg)
  })

  it("fault classes get their own exit codes: 421 → 7, WebEx wrong password → 4, TransportError → 14", {
    timeout: 90_000
  }, async () => {
    sim.faults.add({
      route: "CustomerService",
      operation: "GetMailboxes",
      fault: { _tag: "MisdirectedRequest" },
      times: 1
    })
    const misdirected = await run(["superoffice", "GetMailboxes", "--json"], {
      ...env,
      SUPEROFFICE_TICKET: "8A:sim-superoffice-access-token"
    })
    expect(misdirected.code).toBe(7)
    expect(JSON.parse(misdirected.stderr)._tag).toBe("MisdirectedTenant")

    const args = ["webex", "CreateSupportSession", "--json"]
    const wrong = await run(args, { ...env, WEBEX_PASSWORD: "definitely-wrong-pw" })
    expect(wrong.code).toBe(4)
    expect(JSON.parse(wrong.stderr)).toMatchObject({ _tag: "InvalidCredentials", exceptionID: "030002" })
    expectNoSecrets(args, wrong, ["definitely-wrong-pw"])

    const refused = await run(
      ["webex", "GetAPIVersion", "--endpoint", "http://127.0.0.1:9/WBXService/XMLService", "--json"],
      env
    )
    expect(refused.code).toBe(14)
    expect(JSON.parse(refused.stderr)._tag).toBe("TransportError")
  })

  it("more classes, more codes: HTML 502 → 16, a reply past --timeout → 15, WebEx 000045 → 8, a DOCTYPE capture → 17", {
    timeout: 90_000
  }, async () => {
    const soEnv = { ...env, SUPEROFFICE_TICKET: "8A:sim-superoffice-access-token" }
    const createSession = ["superoffice", "CreateSession", "--param", "RemoteIp=192.0.2.51", "--json"]
    try {
      // CreateSession is never retried, so one rule meets exactly one request.
      sim.faults.add({ route: "CustomerService", operation: "CreateSession", fault: { _tag: "HtmlError" }, times: 1 })
      const html = await run(createSession, soEnv)
      expect(html.code).toBe(16)
      expect(JSON.parse(html.stderr)).toMatchObject({ _tag: "UnexpectedResponse", kind: "HtmlPage", status: 502 })
      expectNoSecrets(createSession, html, ["8A:sim-superoffice-access-token"])

      sim.faults.add({
        route: "CustomerService",
        operation: "CreateSession",
        fault: { _tag: "Latency", millis: 5_000 },
        times: 1
      })
      const slowArgs = [...createSession, "--timeout", "1"]
      const slow = await run(slowArgs, soEnv)
      expect(slow.code).toBe(15)
      expect(JSON.parse(slow.stderr)).toMatchObject({ _tag: "RequestTimeout", timeoutMillis: 1_000 })
      expectNoSecrets(slowArgs, slow, ["8A:sim-superoffice-access-token"])

      sim.faults.add({ route: "XMLService", operation: "CreateSupportSession", fault: { _tag: "RateLimited" } })
      const webexArgs = ["webex", "CreateSupportSession", "--json"]
      const limited = await run(webexArgs, env)
      expect(limited.code).toBe(8)
      expect(JSON.parse(limited.stderr)).toMatchObject({ _tag: "RateLimited", exceptionID: "000045" })
      expectNoSecrets(webexArgs, limited)
    } finally {
      sim.faults.clear()
    }

    const dir = mkdtempSync(join(tmpdir(), "sessionwire-cli-"))
    try {
      const capture = join(dir, "doctype.xml")
      writeFileSync(capture, '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>')
      const decoded = await run(["decode", capture, "--json"])
      expect(decoded.code).toBe(17)
      expect(JSON.parse(decoded.stderr)).toMatchObject({ _tag: "XmlForbiddenConstruct", construct: "DOCTYPE" })
      expect(JSON.parse(decoded.stdout)).toMatchObject({ outcome: "undecoded" })
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it("an unknown command exits 2; without a terminal a missing password exits 3", { timeout: 60_000 }, async () => {
    expect((await run(["frobnicate"])).code).toBe(2)
    const { SUPEROFFICE_PASSWORD: _, ...noPassword } = env
    const r = await run(["superoffice", "login", "--json"], noPassword)
    expect(r.code).toBe(3)
    expect(JSON.parse(r.stderr)).toMatchObject({ _tag: "MissingSecret", variable: "SUPEROFFICE_PASSWORD" })
  })

  it("simulate runs in the foreground, logs requests as JSON lines, and stops on SIGTERM", {
    timeout: 60_000
  }, async () => {
    const child = spawn(process.execPath, [BIN, "simulate", "--json"], { stdio: ["ignore", "pipe", "pipe"] })
    let out = ""
    const first = await new Promise<{ url: string; webexUrl: string }>((resolve, reject) => {
      child.stdout.on("data", (d) => {
        out += d
        const nl = out.indexOf("\n")
        if (nl > 0) resolve(JSON.parse(out.slice(0, nl)))
      })
      child.on("error", reject)
    })
    const health = await fetch(`${first.url}/__admin/health`)
    expect(health.status).toBe(200)
    const exit = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)))
    await new Promise((r) => setTimeout(r, 100))
    child.kill("SIGTERM")
    expect(await exit).toBe(130)
    expect(out.split("\n")[1]).toContain('"route":"admin"')
  })

  it("a large JSON result on a pipe arrives whole: output is flushed before the process exits", {
    timeout: 60_000
  }, async () => {
    const NS = "http://www.superoffice.net/ws/crm/NetServer/Services88"
    const items = Array.from(
      { length: 5_000 },
      (_, i) => `<TicketInfo><TicketId>${i}</TicketId><Title>Ticket ${i} with a title long enough</Title></TicketInfo>`
    ).join("")
    const dir = mkdtempSync(join(tmpdir(), "sessionwire-flush-"))
    const file = join(dir, "reply.xml")
    writeFileSync(
      file,
      `<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><FindTicketsByTitleOrIdResponse xmlns="${NS}"><Response>${items}</Response></FindTicketsByTitleOrIdResponse></s:Body></s:Envelope>`
    )
    try {
      const r = await run(["decode", file, "--json"], env)
      expect(r.code).toBe(0)
      // Far past the 64 KB a pipe holds: it parses only if every byte was written before exit.
      expect(r.stdout.length).toBeGreaterThan(256 * 1024)
      expect(JSON.stringify(JSON.parse(r.stdout)).length).toBeGreaterThan(256 * 1024)
      const shown = JSON.parse(r.stdout) as { result: { body: { Response: Array<{ TicketId: number }> } } }
      expect(shown.result.body.Response).toHaveLength(5_000)
      expect(shown.result.body.Response[4_999]!.TicketId).toBe(4_999)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
