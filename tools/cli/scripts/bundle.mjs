#!/usr/bin/env node
import { fileURLToPath } from "node:url"
// Bundles the CLI into one ES module, `dist/sessionwire.mjs`, that runs on Node >= 20 with no
// TypeScript and no workspace resolution at run time. The `@sessionwire/source` condition
// takes every workspace package from its sources, so the bundle never depends on a stale dist.
import { build } from "esbuild"

const here = (p) => fileURLToPath(new URL(p, import.meta.url))

await build({
  entryPoints: [here("../src/main.ts")],
  outfile: here("../dist/sessionwire.mjs"),
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  conditions: ["@sessionwire/source"],
  sourcemap: "linked",
  legalComments: "none",
  logLevel: "warning",
  // Bundled CommonJS (saxes, ws, …) may call `require` for Node built-ins.
  banner: {
    js: 'import { createRequire as __swRequire } from "node:module"; const require = __swRequire(import.meta.url);'
  }
})
