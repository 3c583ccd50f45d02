import { createServer, type IncomingMessage, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import { fileURLToPath } from "node:url"
import { Effect, Exit } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import {
  bundleWorker,
  type RuntimeOutputLine,
  runInWorkerd,
  scopedWorkerd,
  startWorkerd,
  type WorkerBundle,
  WorkerBundleError,
  WorkerdResponseError,
  WorkerdStartError,
  type WorkerdTimings
} from "../src/index.ts"

const fixture = (name: string): URL => new URL(`./fixtures/${name}`, import.meta.url)

// One line per fixture, so sizes and cold starts can be read off a test run.
const report = (name: string, bundle: WorkerBundle, timings?: WorkerdTimings): void => {
  const minified = bundle.minifiedSize
  console.info(
    `[workerd-harness] ${name}: ${bundle.bytes} B (gzip ${bundle.gzipBytes} B)` +
      (minified ? `, minified ${minified.bytes} B (gzip ${minified.gzipBytes} B)` : "") +
      (timings ? `, ready ${timings.readyMs} ms, first response ${timings.coldStartMs} ms` : "")
  )
}

describe("bundleWorker", () => {
  it("bundles a TypeScript entry and measures it", async () => {
    const bundle = await bundleWorker({ entry: fixture("hello.ts"), measureMinified: true })
    expect(bundle.code).toContain("export")
    expect(bundle.minified).toBe(false)
    expect(bundle.bytes).toBe(Buffer.byteLength(bundle.code))
    expect(bundle.gzipBytes).toBeGreaterThan(0)
    expect(bundle.minifiedSize!.bytes).toBeLessThan(bundle.bytes)
    expect(bundle.nodeBuiltins).toEqual([])
    expect(bundle.inputs).toEqual([fileURLToPath(fixture("hello.ts"))])
  })

  it("maps bare and required Node built-ins to node: imports", async () => {
    const bundle = await bundleWorker({ entry: fixture("commonjs.ts") })
    expect(bundle.nodeBuiltins).toEqual(["node:events", "node:url"])
    expect(bundle.code).toMatch(/from "node:events"/)
    expect(bundle.code).not.toMatch(/from "events"/)
    expect(bundle.inputs.some((path) => path.includes("/node_modules/xmlbuilder2/"))).toBe(true)
  })

  it("applies define", async () => {
    const bundle = await bundleWorker({ entry: fixture("hello.ts"), define: { "navigator.userAgent": '"defined"' } })
    expect(bundle.code).toContain('"defined"')
  })

  it("rejects a relative entry", async () => {
    await expect(bundleWorker({ entry: "fixtures/hello.ts" })).rejects.toThrow(TypeError)
  })

  it("reports esbuild's diagnostics as a WorkerBundleError", async () => {
    const error = await bundleWorker({ entry: fixture("missing.ts") }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(WorkerBundleError)
    expect((error as WorkerBundleError).message).toMatch(/missing\.ts/)
  })
})

describe("runInWorkerd", () => {
  it("runs a trivial Worker in workerd and returns its JSON", async () => {
    const run = await runInWorkerd<{ greeting: string; path: string; runtime: string }>({
      entry: fixture("hello.ts"),
      bindings: { GREETING: "hello from env" },
      path: "/some/where"
    })
    report("hello.ts", run.bundle, run.timings)
    expect(run.result).toEqual({ greeting: "hello from env", path: "/some/where", runtime: "Cloudflare-Workers" })
    expect(run.timings.coldStartMs).toBeGreaterThanOrEqual(run.timings.readyMs)
  })

  it("runs a bundle free of Node built-ins without nodejs_compat", async () => {
    const run = await runInWorkerd<{ runtime: string }>({
      entry: fixture("hello.ts"),
      bindings: { GREETING: "" },
      compatibilityFlags: []
    })
    expect(run.result.runtime).toBe("Cloudflare-Workers")
  })

  it("hands the Worker's console output to runtimeOutput", async () => {
    const lines: Array<RuntimeOutputLine> = []
    await runInWorkerd({
      entry: fixture("hello.ts"),
      bindings: { GREETING: "" },
      path: "/logged",
      runtimeOutput: (line) => lines.push(line)
    })
    expect(lines).toContainEqual({ stream: "stdout", text: "hello fixture served /logged" })
  })

  it("runs a CommonJS dependency that requires node:events and node:url", async () => {
    const run = await runInWorkerd<{ xml: string; heard: string; runtime: string }>({
      entry: fixture("commonjs.ts"),
      measureMinified: true
    })
    report("commonjs.ts", run.bundle, run.timings)
    expect(run.result.runtime).toBe("Cloudflare-Workers")
    expect(run.result.heard).toBe("pong")
    expect(run.result.xml).toBe(
      '<?xml version="1.0"?><env:Envelope xmlns:env="urn:example"><env:Body><ping>a &lt; b</ping></env:Body></env:Envelope>'
    )
  })

  it("fails to start a bundle that needs Node built-ins without nodejs_compat", async () => {
    const bundle = await bundleWorker({ entry: fixture("commonjs.ts") })
    const error = await startWorkerd({ bundle, compatibilityFlags: [] }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(WorkerdStartError)
    expect((error as WorkerdStartError).message).toMatch(/node:events.*nodejs_compat/)
  })

  it("surfaces an uncaught error in the Worker as a WorkerdResponseError", async () => {
    const error = await runInWorkerd({ entry: fixture("throws.ts") }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(WorkerdResponseError)
    expect((error as WorkerdResponseError).status).toBe(500)
    expect((error as WorkerdResponseError).body).toContain("fixture failure")
  })
})

describe("outbound fetch to loopback", () => {
  interface Seen {
    readonly method: string | undefined
    readonly url: string | undefined
    readonly contentType: string | undefined
    readonly soapAction: string | undefined
    readonly body: string
  }
  let server: Server
  let upstream: string

  const readBody = async (request: IncomingMessage): Promise<string> => {
    const chunks: Array<Buffer> = []
    for await (const chunk of request) chunks.push(chunk as Buffer)
    return Buffer.concat(chunks).toString("utf8")
  }

  beforeAll(async () => {
    server = createServer((request, response) => {
      void readBody(request).then((body) => {
        const seen: Seen = {
          method: request.method,
          url: request.url,
          contentType: request.headers["content-type"],
          soapAction: request.headers.soapaction as string | undefined,
          body
        }
        response.setHeader("content-type", "application/json")
        response.end(JSON.stringify(seen))
      })
    })
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
    upstream = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })

  afterAll(async () => {
    await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())))
  })

  it("reaches a Node HTTP server on 127.0.0.1", async () => {
    const run = await runInWorkerd<{ status: number; upstream: Seen }>({
      entry: fixture("outbound.ts"),
      bindings: { UPSTREAM: upstream }
    })
    report("outbound.ts", run.bundle, run.timings)
    expect(run.result).toEqual({
      status: 200,
      upstream: {
        method: "POST",
        url: "/echo?from=worker",
        contentType: "text/xml; charset=utf-8",
        soapAction: "urn:test#Echo",
        body: "<ping/>"
      }
    })
  })

  it("is blocked under workerd's own public-only default, which is why the harness widens it", async () => {
    const stderr: Array<string> = []
    const error = await runInWorkerd({
      entry: fixture("outbound.ts"),
      bindings: { UPSTREAM: upstream },
      outbound: { network: { allow: ["public"], deny: [] } },
      runtimeOutput: (line) => {
        if (line.stream === "stderr") stderr.push(line.text)
      }
    }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(WorkerdResponseError)
    expect((error as WorkerdResponseError).status).toBe(500)
    expect(stderr.some((text) => text.includes("connect() blocked by restrictPeers()"))).toBe(true)
  })

  it("keeps one workerd for many requests", async () => {
    const bundle = await bundleWorker({ entry: fixture("outbound.ts") })
    const handle = await startWorkerd({ bundle, bindings: { UPSTREAM: upstream } })
    try {
      expect(handle.timings.coldStartMs).toBeUndefined()
      const answers = await Promise.all(
        Array.from({ length: 5 }, () => handle.fetch("/").then((response) => response.json()))
      )
      expect(answers.every((answer) => (answer as { status: number }).status === 200)).toBe(true)
      expect(handle.timings.coldStartMs).toBeGreaterThan(0)
    } finally {
      await handle.dispose()
      await handle.dispose()
    }
  })
})

describe("scopedWorkerd", () => {
  it("stops workerd when the scope closes", async () => {
    const bundle = await bundleWorker({ entry: fixture("hello.ts") })
    const url = await Effect.runPromise(
      Effect.scoped(
        Effect.gen(function* () {
          const handle = yield* scopedWorkerd({ bundle, bindings: { GREETING: "scoped" } })
          const answer = yield* Effect.promise(() => handle.fetch("/").then((response) => response.json()))
          expect(answer).toMatchObject({ greeting: "scoped" })
          return handle.url
        })
      )
    )
    const after = await Effect.runPromiseExit(Effect.tryPromise(() => fetch(url)))
    expect(Exit.isFailure(after)).toBe(true)
  })
})
