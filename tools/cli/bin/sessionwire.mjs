#!/usr/bin/env node
// The installed entry point: runs the bundle built by `npm run bundle` (see scripts/bundle.mjs).
// `--version` alone is answered here, before the bundle (Effect and every vendor module) loads.
import { readFileSync } from "node:fs"

const args = process.argv.slice(2)
if (args.length === 1 && (args[0] === "--version" || args[0] === "-v")) {
  const { version } = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"))
  process.stdout.write(`${version}\n`)
} else {
  try {
    await import("../dist/sessionwire.mjs")
  } catch (error) {
    if (error?.code !== "ERR_MODULE_NOT_FOUND" || !String(error.message).includes("sessionwire.mjs")) throw error
    process.stderr.write(
      "sessionwire: the CLI is not built; run `npm run bundle -w @sessionwire/cli` (or `npm install`)\n"
    )
    process.exitCode = 1
  }
}
