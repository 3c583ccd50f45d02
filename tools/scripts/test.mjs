#!/usr/bin/env node
// `npm test`: build, type-check, lint and test every project through nx, then print
// one closing line summed over all packages, which CI reads.
import { spawnSync } from "node:child_process"
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs"
import { join } from "node:path"
import { fileURLToPath } from "node:url"

// fileURLToPath, not `.pathname`: a clone under a path with a space or non-ASCII name must work.
const root = fileURLToPath(new URL("../..", import.meta.url))
const groups = ["packages", "tools"]
const projects = groups.flatMap((g) =>
  readdirSync(join(root, g), { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(root, g, d.name, "package.json")))
    .map((d) => join(root, g, d.name))
)

// A report left by an earlier run must never be counted as this run's.
for (const p of projects) rmSync(join(p, ".test-results"), { recursive: true, force: true })

const nx = spawnSync(
  "npx",
  ["nx", "run-many", "-t", "build", "typecheck", "lint", "test", "--output-style=static", ...process.argv.slice(2)],
  { cwd: root, stdio: "inherit", env: { ...process.env, NX_TUI: "false", NX_NO_CLOUD: "true" } }
)

let passed = 0
let failed = 0
let skipped = 0
const rows = []
for (const p of projects) {
  const file = join(p, ".test-results", "vitest.json")
  if (!existsSync(file)) continue
  const r = JSON.parse(readFileSync(file, "utf8"))
  passed += r.numPassedTests
  failed += r.numFailedTests
  skipped += r.numPendingTests + (r.numTodoTests ?? 0)
  rows.push(
    `  ${p.slice(root.length).padEnd(28)} ${String(r.numPassedTests).padStart(5)} passed ${String(r.numFailedTests).padStart(3)} failed`
  )
}
console.log("\nTest results by project:")
console.log(rows.join("\n"))
// A failing build, type-check or lint target counts as a failure even when every test passed.
if (nx.status !== 0 && failed === 0) failed = 1
if (skipped) console.log(`${skipped} skipped`)
// CI reads this exact shape from the last line.
console.log(`${passed} passed, ${failed} failed`)
process.exit(nx.status === 0 && failed === 0 ? 0 : 1)
