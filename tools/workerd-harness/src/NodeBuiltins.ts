/**
 * An esbuild plugin that leaves Node built-ins to the runtime: with the
 * `nodejs_compat` flag workerd provides `node:events`, `node:url`, ... itself,
 * so bundling a polyfill would only test the polyfill.
 *
 * @since 0.1.0
 */

import { builtinModules } from "node:module"
import type { Plugin } from "esbuild"

const REQUIRE_NAMESPACE = "sessionwire-node-builtin-require"

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")

// Underscored modules are Node internals that no runtime but Node offers; prefix-only
// modules (`node:sqlite`, ...) are already covered by the `node:` alternative.
const bareBuiltins = builtinModules.filter((name) => !name.startsWith("_") && !name.startsWith("node:"))

const builtinFilter = new RegExp(`^(?:node:.+|${bareBuiltins.map(escapeRegExp).join("|")})$`)

/** Built-ins are addressed by their `node:` name: workerd knows no other spelling. */
export const toNodeSpecifier = (specifier: string): string =>
  specifier.startsWith("node:") ? specifier : `node:${specifier}`

export const isNodeBuiltin = (specifier: string): boolean => builtinFilter.test(specifier)

/**
 * Imports become external `node:*` imports. A `require()` of a built-in
 * (CommonJS dependencies such as xmlbuilder2) is routed to a tiny CommonJS module
 * that re-exports the built-in's default export: that is what `require` returns in
 * Node (`require("events")` is the `EventEmitter` function), whereas workerd's own
 * `createRequire` hands back the module namespace. Being a static import, the
 * built-in is also linked when the Worker starts, so a missing one fails at once.
 *
 * `used` collects the `node:` specifiers the bundle ended up needing.
 */
export const nodeBuiltinsPlugin = (used: Set<string>): Plugin => ({
  name: "sessionwire-node-builtins",
  setup(build) {
    build.onResolve({ filter: builtinFilter }, (args) => {
      const specifier = toNodeSpecifier(args.path)
      used.add(specifier)
      return args.kind === "require-call"
        ? { path: specifier, namespace: REQUIRE_NAMESPACE }
        : { path: specifier, external: true }
    })
    build.onLoad({ filter: /.*/, namespace: REQUIRE_NAMESPACE }, (args) => ({
      contents: `import builtin from ${JSON.stringify(args.path)}\nmodule.exports = builtin\n`,
      loader: "js"
    }))
  }
})
