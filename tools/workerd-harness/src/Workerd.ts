/**
 * Runs a bundled Worker in the real workerd binary, through Miniflare, and
 * talks to it over HTTP from Node.
 *
 * @since 0.1.0
 */
import { createInterface } from "node:readline"
import type { Readable } from "node:stream"
import { Effect, type Scope } from "effect"
import { type Json, Miniflare, type MiniflareOptions } from "miniflare"
import { WorkerdResponseError, WorkerdStartError } from "./HarnessError.ts"
import { type BundleWorkerOptions, bundleWorker, type WorkerBundle } from "./WorkerBundle.ts"

/**
 * A date the pinned workerd supports, old enough to match what a deployed
 * Worker would plausibly declare; `nodejs_compat` on this date gives the v2 Node APIs.
 */
export const defaultCompatibilityDate = "2025-09-01"

export const defaultCompatibilityFlags: ReadonlyArray<string> = ["nodejs_compat"]

type OutboundService = Extract<MiniflareOptions, { outboundService?: unknown }>["outboundService"]

/**
 * Where the Worker's outbound `fetch` goes: straight to the network, private
 * and loopback addresses included. workerd's own default for a network service is
 * `allow: ["public"]`, under which a fetch to `127.0.0.1` fails with
 * "connect() blocked by restrictPeers()" (surfacing in the Worker only as
 * "internal error"). Miniflare's implicit service happens to allow private
 * addresses today; saying so here keeps simulators on loopback reachable whatever
 * that default becomes. (`private` is a superset of `local`, which holds loopback.)
 */
export const loopbackNetwork: OutboundService = {
  network: { allow: ["public", "private"], deny: [], tlsOptions: { trustBrowserCas: true } }
}

/** One line workerd wrote: the Worker's `console` output, or the runtime's own diagnostics. */
export interface RuntimeOutputLine {
  readonly stream: "stdout" | "stderr"
  readonly text: string
}

export interface StartWorkerdOptions {
  readonly bundle: WorkerBundle
  /** Plain `env` bindings, e.g. the URL of a simulator the Worker should call. */
  readonly bindings?: Readonly<Record<string, Json>> | undefined
  readonly compatibilityDate?: string | undefined
  /** Replaces {@link defaultCompatibilityFlags}; pass `[]` to prove a bundle needs no Node built-ins. */
  readonly compatibilityFlags?: ReadonlyArray<string> | undefined
  /**
   * Where outbound `fetch` goes, defaulting to {@link loopbackNetwork}. A function
   * here intercepts every outbound request in Node instead.
   */
  readonly outbound?: OutboundService | undefined
  /**
   * workerd's stdout and stderr: passed through to this process by default, or
   * handed line by line to a function, so a test can assert on the runtime's own
   * diagnostics (they carry the real reason behind a bare "internal error").
   */
  readonly runtimeOutput?: "inherit" | ((line: RuntimeOutputLine) => void) | undefined
  /** Durable Object bindings: binding name → the exported class name. */
  readonly durableObjects?: Readonly<Record<string, string>> | undefined
  /**
   * A directory where Durable Object storage (and its alarms) persists, so a second
   * workerd started on the same directory finds the objects as the first one left them:
   * an eviction or a restart. In memory when absent.
   */
  readonly persistDir?: string | undefined
}

const lineByLine =
  (onLine: (line: RuntimeOutputLine) => void) =>
  (stdout: Readable, stderr: Readable): void => {
    // Reading every line also keeps the pipes drained; an unread pipe would stall workerd.
    createInterface({ input: stdout, crlfDelay: Infinity }).on("line", (text) => onLine({ stream: "stdout", text }))
    createInterface({ input: stderr, crlfDelay: Infinity }).on("line", (text) => onLine({ stream: "stderr", text }))
  }

export interface WorkerdTimings {
  /** From `new Miniflare` until workerd accepted the bundle and listens: process spawn, compile and top-level evaluation. */
  readonly readyMs: number
  /** From `new Miniflare` until the first response's headers arrived: the cold start as a test sees it. */
  readonly coldStartMs: number | undefined
}

export interface WorkerdHandle {
  /** Where the Worker listens, on loopback. */
  readonly url: URL
  readonly bundle: WorkerBundle
  /** A snapshot; `coldStartMs` is filled by the first `fetch`. */
  readonly timings: WorkerdTimings
  /** Calls the Worker over HTTP; `path` is resolved against {@link url}. */
  fetch(path: string, init?: RequestInit): Promise<Response>
  /** Stops workerd. Safe to call more than once. */
  dispose(): Promise<void>
}

const elapsedSince = (start: number): number => Math.round((performance.now() - start) * 10) / 10

/** Starts workerd with `bundle` as its only Worker. Rejects with {@link WorkerdStartError}. */
export const startWorkerd = async (options: StartWorkerdOptions): Promise<WorkerdHandle> => {
  const { bundle } = options
  const compatibilityFlags = [...(options.compatibilityFlags ?? defaultCompatibilityFlags)]
  // Without the flag Miniflare only reports an unresolvable "script-0" dependency, which names neither cause.
  if (bundle.nodeBuiltins.length > 0 && !compatibilityFlags.some((flag) => flag.startsWith("nodejs_compat"))) {
    throw new WorkerdStartError({
      message: `The bundle imports ${bundle.nodeBuiltins.join(", ")}, which workerd provides only under the nodejs_compat compatibility flag`
    })
  }
  const start = performance.now()
  let miniflare: Miniflare
  let url: URL
  try {
    miniflare = new Miniflare({
      modules: true,
      script: bundle.code,
      compatibilityDate: options.compatibilityDate ?? defaultCompatibilityDate,
      compatibilityFlags,
      bindings: { ...options.bindings },
      outboundService: options.outbound ?? loopbackNetwork,
      ...(options.durableObjects !== undefined ? { durableObjects: { ...options.durableObjects } } : {}),
      ...(options.persistDir !== undefined ? { durableObjectsPersist: options.persistDir } : {}),
      ...(typeof options.runtimeOutput === "function" ? { handleRuntimeStdio: lineByLine(options.runtimeOutput) } : {})
    })
  } catch (cause) {
    // Miniflare validates options synchronously; nothing has been spawned yet.
    throw new WorkerdStartError({ message: `Invalid workerd options: ${String(cause)}`, cause })
  }
  try {
    url = await miniflare.ready
  } catch (cause) {
    await miniflare.dispose().catch(() => undefined)
    throw new WorkerdStartError({ message: `workerd did not start: ${String(cause)}`, cause })
  }
  const readyMs = elapsedSince(start)
  let coldStartMs: number | undefined
  let disposed: Promise<void> | undefined
  return {
    url,
    bundle,
    get timings() {
      return { readyMs, coldStartMs }
    },
    fetch: async (path, init) => {
      // Plain HTTP from Node, so the Worker sees a request exactly as a client would send it.
      const response = await fetch(new URL(path, url), init)
      coldStartMs ??= elapsedSince(start)
      return response
    },
    dispose: () => {
      disposed ??= miniflare.dispose()
      return disposed
    }
  }
}

/** {@link startWorkerd} as an Effect resource: workerd stops when the scope closes, whatever the test did. */
export const scopedWorkerd = (
  options: StartWorkerdOptions
): Effect.Effect<WorkerdHandle, WorkerdStartError, Scope.Scope> =>
  Effect.tryPromise({
    try: () => startWorkerd(options),
    catch: (cause) =>
      cause instanceof WorkerdStartError ? cause : new WorkerdStartError({ message: String(cause), cause })
  }).pipe(Effect.acquireRelease((handle) => Effect.promise(() => handle.dispose())))

export interface RunInWorkerdOptions extends BundleWorkerOptions, Omit<StartWorkerdOptions, "bundle"> {
  /** Defaults to `/`. */
  readonly path?: string | undefined
  readonly init?: RequestInit | undefined
}

export interface WorkerdRun<A> {
  /** The Worker's JSON answer, trusted to be an `A`: decode it in the test if that matters. */
  readonly result: A
  readonly bundle: WorkerBundle
  readonly timings: WorkerdTimings
}

const bodyPreview = (body: string): string => (body.length > 2_000 ? `${body.slice(0, 2_000)}…` : body)

/**
 * Bundles `entry`, starts it, requests `path` once, parses the JSON answer and
 * stops workerd again. Rejects with a {@link HarnessError}.
 */
export const runInWorkerd = async <A>(options: RunInWorkerdOptions): Promise<WorkerdRun<A>> => {
  const bundle = await bundleWorker(options)
  const handle = await startWorkerd({ ...options, bundle })
  try {
    const path = options.path ?? "/"
    const response = await handle.fetch(path, options.init)
    const body = await response.text()
    if (!response.ok) {
      throw new WorkerdResponseError({
        path,
        status: response.status,
        body: bodyPreview(body),
        message: `Worker answered ${path} with ${response.status}: ${bodyPreview(body)}`
      })
    }
    let result: A
    try {
      result = JSON.parse(body) as A
    } catch {
      throw new WorkerdResponseError({
        path,
        status: response.status,
        body: bodyPreview(body),
        message: `Worker answered ${path} with a body that is not JSON: ${bodyPreview(body)}`
      })
    }
    return { result, bundle, timings: handle.timings }
  } finally {
    await handle.dispose()
  }
}
