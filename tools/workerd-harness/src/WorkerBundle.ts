/**
 * Bundles a TypeScript Worker entry into the single ES module workerd runs,
 * resolving workspace packages to their TypeScript sources.
 *
 * @since 0.1.0
 */

import { dirname, isAbsolute, resolve } from "node:path"
import { fileURLToPath } from "node:url"
import { gzipSync } from "node:zlib"
import { type BuildOptions, type BuildResult, build, formatMessages, type Message } from "esbuild"
import { WorkerBundleError } from "./HarnessError.ts"
import { nodeBuiltinsPlugin } from "./NodeBuiltins.ts"

export interface BundleSize {
  /** UTF-8 bytes of the bundle as uploaded. */
  readonly bytes: number
  /** gzip at the default level: the figure `wrangler deploy` reports and the Workers size limit applies to. */
  readonly gzipBytes: number
}

export interface WorkerBundle extends BundleSize {
  /** The ES module handed to workerd. */
  readonly code: string
  readonly minified: boolean
  /** Sizes of a minified build of the same entry, present when `minify` or `measureMinified` was asked for. */
  readonly minifiedSize?: BundleSize | undefined
  /** Absolute paths of the source files that made it into the bundle, to assert what a bundle pulls in. */
  readonly inputs: ReadonlyArray<string>
  /** The `node:*` built-ins the bundle imports; non-empty means it needs the `nodejs_compat` flag. */
  readonly nodeBuiltins: ReadonlyArray<string>
}

export interface BundleWorkerOptions {
  /** A module whose default export is a Worker (`{ fetch(request, env, ctx) }`); an absolute path or a file URL. */
  readonly entry: string | URL
  /** Off by default so stack traces from workerd stay readable. */
  readonly minify?: boolean | undefined
  /** Also build a minified copy, only to report its size, while running the readable one. */
  readonly measureMinified?: boolean | undefined
  /** esbuild `define`: identifiers replaced by JSON/JS expressions at build time. */
  readonly define?: Readonly<Record<string, string>> | undefined
}

/**
 * `@sessionwire/source` makes workspace packages resolve to `src/*.ts`, like the
 * vitest config does; the rest is the order wrangler uses for Workers.
 */
export const workerConditions: ReadonlyArray<string> = ["@sessionwire/source", "workerd", "worker", "browser"]

const entryPath = (entry: string | URL): string => {
  const path = entry instanceof URL ? fileURLToPath(entry) : entry
  // A relative path would silently depend on the directory vitest happened to start in.
  if (!isAbsolute(path)) throw new TypeError(`Worker entry must be an absolute path or a file URL, got ${path}`)
  return path
}

const sizeOf = (code: string): BundleSize => ({
  bytes: Buffer.byteLength(code, "utf8"),
  gzipBytes: gzipSync(code).byteLength
})

const formatErrors = async (messages: ReadonlyArray<Message>): Promise<string> =>
  (await formatMessages([...messages], { kind: "error", color: false })).join("\n").trim()

interface Built {
  readonly code: string
  readonly result: BuildResult<{ metafile: true; write: false }>
}

const run = async (entry: string, options: BundleWorkerOptions, minify: boolean, used: Set<string>): Promise<Built> => {
  const config: BuildOptions & { metafile: true; write: false } = {
    entryPoints: [entry],
    absWorkingDir: dirname(entry),
    bundle: true,
    write: false,
    metafile: true,
    format: "esm",
    // `neutral` adds no platform condition of its own, so the conditions below decide alone.
    platform: "neutral",
    target: "es2022",
    conditions: [...workerConditions],
    // CommonJS-only dependencies (xmlbuilder2) have nothing but `main`.
    mainFields: ["browser", "module", "main"],
    minify,
    define: { ...options.define },
    // workerd's own modules (`cloudflare:workers` for Durable Objects, …) are the runtime's to provide.
    external: ["cloudflare:*"],
    plugins: [nodeBuiltinsPlugin(used)],
    logLevel: "silent"
  }
  try {
    const result = await build(config)
    const output = result.outputFiles[0]
    if (output === undefined) throw new Error("esbuild produced no output")
    return { code: output.text, result }
  } catch (cause) {
    const errors = (cause as { errors?: ReadonlyArray<Message> }).errors
    const message = errors !== undefined && errors.length > 0 ? await formatErrors(errors) : String(cause)
    throw new WorkerBundleError({ entry, message: `Cannot bundle ${entry}:\n${message}`, cause })
  }
}

/** Bundles `entry` and measures it. Rejects with {@link WorkerBundleError}. */
export const bundleWorker = async (options: BundleWorkerOptions): Promise<WorkerBundle> => {
  const entry = entryPath(options.entry)
  const minify = options.minify ?? false
  const used = new Set<string>()
  const { code, result } = await run(entry, options, minify, used)
  const size = sizeOf(code)
  const minifiedSize = minify
    ? size
    : options.measureMinified === true
      ? sizeOf((await run(entry, options, true, new Set())).code)
      : undefined
  const root = dirname(entry)
  return {
    code,
    ...size,
    minified: minify,
    minifiedSize,
    // Virtual modules carry a `namespace:` prefix; only real files are worth reporting.
    inputs: Object.keys(result.metafile.inputs)
      .filter((key) => !/^[a-z-]+:/.test(key))
      .map((key) => resolve(root, key)),
    nodeBuiltins: [...used].sort()
  }
}
