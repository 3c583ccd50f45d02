#!/usr/bin/env node
// Starts the TypeScript sources directly: Node 24 strips the types, and the
// `@sessionwire/source` condition resolves every workspace package to its src.
import { spawn } from "node:child_process"
import { fileURLToPath } from "node:url"

const main = fileURLToPath(new URL("../src/main.ts", import.meta.url))
const child = spawn(
  process.execPath,
  ["--conditions=@sessionwire/source", "--disable-warning=ExperimentalWarning", main, ...process.argv.slice(2)],
  { stdio: "inherit" }
)
// Ctrl-C reaches the child from the terminal itself; stay alive until it has cleaned up.
process.on("SIGINT", () => {})
for (const signal of ["SIGTERM", "SIGHUP"]) process.on(signal, () => child.kill(signal))
child.on("error", (error) => {
  process.stderr.write(`sessionwire: cannot start Node (${error.message})\n`)
  process.exit(1)
})
child.on("exit", (code, signal) => process.exit(code ?? (signal === "SIGINT" ? 130 : 1)))
