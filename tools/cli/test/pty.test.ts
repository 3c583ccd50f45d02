// The CLI in a real terminal. Piped output (every other test) never starts the spinner, so
// only a pseudo-terminal shows whether it stops: util-linux `script` gives the child a pty
// on stdin, stdout and stderr, and exits with the child's exit code (`-e`).
import { spawn } from "node:child_process"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"

const ROOT = fileURLToPath(new URL("../../..", import.meta.url))

interface Transcript {
  readonly code: number | null
  /** What the terminal showed, with escape sequences removed and carriage returns as line breaks. */
  readonly text: string
  readonly raw: string
}

/** Runs `command` in a pseudo-terminal from the repository root. */
export const inTerminal = (command: string, env: Record<string, string> = {}): Promise<Transcript> =>
  new Promise((resolve, reject) => {
    const child = spawn("script", ["-qec", command, "/dev/null"], {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: "", FORCE_COLOR: "", TERM: "xterm", ...env },
      stdio: ["ignore", "pipe", "pipe"]
    })
    let raw = ""
    child.stdout.on("data", (d) => (raw += d))
    child.stderr.on("data", (d) => (raw += d))
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
