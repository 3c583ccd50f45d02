/**
 * The wrangler project around the example Worker: wrangler comes from the lockfile, the
 * `$schema` of wrangler.jsonc resolves, and the committed `Env` (src/env.d.ts, generated
 * by `npm run types`) matches wrangler.jsonc.
 */
import { execFileSync } from "node:child_process"
import { existsSync, readFileSync } from "node:fs"
import { createRequire } from "node:module"
import { dirname, resolve } from "node:path"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"

const root = fileURLToPath(new URL("..", import.meta.url))
const config = readFileSync(resolve(root, "wrangler.jsonc"), "utf8")
const pkg = JSON.parse(readFileSync(resolve(root, "package.json"), "utf8")) as {
  devDependencies: Record<string, string>
  scripts: Record<string, string>
}
const wranglerBin = resolve(dirname(createRequire(import.meta.url).resolve("wrangler/package.json")), "bin/wrangler.js")

describe("the wrangler project", () => {
  it("pins wrangler exactly and runs it from node_modules", () => {
    expect(pkg.devDependencies.wrangler).toMatch(/^\d+\.\d+\.\d+$/)
    const installed = JSON.parse(readFileSync(resolve(dirname(wranglerBin), "../package.json"), "utf8")) as {
      version: string
    }
    expect(installed.version).toBe(pkg.devDependencies.wrangler)
    // npm puts node_modules/.bin first on PATH for scripts; npx could fetch from the network instead.
    expect(pkg.scripts.dev).toMatch(/^wrangler dev --ip 127\.0\.0\.1$/)
  })

  it("has a $schema that resolves to wrangler's config schema", () => {
    const schema = /"\$schema":\s*"([^"]+)"/.exec(config)?.[1]
    expect(schema).toBeDefined()
    const path = resolve(root, schema!)
    expect(existsSync(path)).toBe(true)
    expect(JSON.parse(readFileSync(path, "utf8"))).toHaveProperty("definitions")
  })

  it("declares the keeper's Durable Object binding and its migration", () => {
    expect(config).toMatch(/"name":\s*"CS_SESSIONS",\s*"class_name":\s*"CsSessionKeeper"/)
    expect(config).toMatch(/"new_sqlite_classes":\s*\["CsSessionKeeper"\]/)
  })

  it("has a generated Env that is current with wrangler.jsonc", () => {
    const args = pkg.scripts.types!.replace(/^wrangler /, "").split(" ")
    // Exits non-zero, naming the file, when wrangler.jsonc changed since `npm run types`.
    const out = execFileSync(process.execPath, [wranglerBin, ...args, "--check"], {
      cwd: root,
      encoding: "utf8",
      env: { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "1" }
    })
    expect(out).toContain("up to date")
    expect(readFileSync(resolve(root, "src/env.d.ts"), "utf8")).toContain(
      `CS_SESSIONS: DurableObjectNamespace<import("./worker").CsSessionKeeper>`
    )
  }, 60_000)
})
