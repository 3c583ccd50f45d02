// The CLI in a real terminal. Piped output (every other test) never starts the spinner, so
// only a pseudo-terminal shows whether it stops: util-linux `script` gives the child a pty
// on stdin, stdout and stderr, and exits with the child's exit code (`-e`).
import { type ChildProcess, spawn } from "node:child_process"
import { fileURLToPath } from "node:url"
import { type RunningSimulator, startSimulator } from "@sessionwire/simulator"
import { afterAll, beforeAll, describe, expect, it } from "vitest"

const ROOT = fileURLToPath(new URL("../../..", import.meta.url))

interface Transcript {
  readonly code: number | null
  /** What the terminal showed, with escape sequences removed and carriage returns as line breaks. */
  readonly text: string
  readonly raw: string
}

/** Runs `command` in a pseudo-terminal from the repository root. */
export const inTerminal = (
  command: string,
  env: Record<string, string> = {},
  /** Sees the transcript so far, and the child (its stdin is the terminal's keyboard). */
  onOutput?: (raw: string, child: ChildProcess) => void
): Promise<Transcript> =>
  new Promise((resolve, reject) => {
    const child = spawn("script", ["-qec", command, "/dev/null"], {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: "", FORCE_COLOR: "", TERM: "xterm", ...env },
      stdio: ["pipe", "pipe", "pipe"]
    })
    let raw = ""
    const seen = (d: Buffer) => {
      raw += d
      onOutput?.(raw, child)
    }
    child.stdout.on("data", seen)
    child.stderr.on("data", seen)
    child.on("error", reject)
    child.on("close", (code) => {
      // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping terminal escapes is the point
      const text = raw.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, "").replace(/\r\n?/g, "\n")
      resolve({ code, text, raw })
    })
  })

describe("in a pseudo-terminal", () => {
  it("npm start walks the simulator and exits 0", { timeout: 120_000 }, async () => {
    const t = await inTerminal("npm start")
    expect(t.code).toBe(0)
    expect(t.text).toContain("SuperOffice Services86")
    expect(t.text).toContain("LstsupportsessionHistory")
    expect(t.text).toMatch(/All 24 calls succeeded in \d+ ms\./)
  })
})

describe("a slow call in a pseudo-terminal", () => {
  let sim: RunningSimulator
  beforeAll(async () => {
    sim = await startSimulator()
  })
  afterAll(() => sim.stop())

  const env = () => ({
    SUPEROFFICE_ENDPOINT: sim.superofficeUrl,
    SUPEROFFICE_APP_TOKEN: "sim-application-token",
    SUPEROFFICE_USER: "sam.sample",
    SUPEROFFICE_PASSWORD: "sim-superoffice-password",
    WEBEX_ENDPOINT: sim.webexUrl,
    WEBEX_SITE_NAME: "sessionwire",
    WEBEX_ID: "csr.sample",
    WEBEX_PASSWORD: "sim-webex-password"
  })
  const demo = () =>
    `node tools/cli/bin/sessionwire.mjs demo --superoffice-endpoint ${sim.superofficeUrl} --webex-endpoint ${sim.webexUrl}`
  const slow = (operation: string, millis: number) =>
    sim.faults.add({ route: "CustomerService", version: "86", operation, fault: { _tag: "Latency", millis }, times: 1 })

  it("shows the spinner while the call runs, then clears it and exits 0", { timeout: 120_000 }, async () => {
    slow("SessionIsValid", 1500)
    const t = await inTerminal(demo(), env())
    expect(t.code).toBe(0)
    expect(t.raw).toMatch(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] SuperOffice Services86: SessionIsValid/)
    expect(t.raw).toContain("\r\x1b[2K")
    expect(t.text).toMatch(/All 24 calls succeeded/)
  })

  it("Ctrl-C during a call cancels it, removes the CS session it opened and exits 130", {
    timeout: 120_000
  }, async () => {
    slow("SessionIsValid", 60_000)
    let sent = false
    const t = await inTerminal(demo(), env(), (raw, child) => {
      if (!sent && /[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] SuperOffice Services86: SessionIsValid/.test(raw)) {
        sent = true
        child.stdin?.write("\x03")
      }
    })
    expect(sent).toBe(true)
    expect(t.code).toBe(130)
    expect(t.text).toContain("CreateSession")
    expect(t.text).not.toMatch(/All 24 calls succeeded/)
    expect(sim.state.superoffice.liveSessions()).toHaveLength(0)
  })
})
