import * as Http from "node:http"
import type { AddressInfo } from "node:net"
import { describe, expect, it } from "@effect/vitest"
import { Exchange } from "@sessionwire/protocol"
import { ConfigProvider, Duration, Effect, Exit, Layer, Scope } from "effect"
import { NodeHttp } from "../src/index.ts"

const REPLY = `<?xml version="1.0"?><r xmlns="urn:t"><ok>true</ok></r>`

interface Server {
  readonly url: string
  readonly sockets: Set<import("node:net").Socket>
  /** Requests whose connection went away before the reply was sent. */
  readonly aborted: Array<string>
  readonly openSockets: () => number
  readonly close: () => Promise<void>
}

/** A loopback server: `/slow` never answers, `/drip` sends half a body and stalls, anything else answers at once. */
const startServer = (): Promise<Server> =>
  new Promise((resolve) => {
    const sockets = new Set<import("node:net").Socket>()
    const aborted: Array<string> = []
    const server = Http.createServer((req, res) => {
      req.resume()
      req.on("end", () => {
        if (req.url === "/slow") {
          res.on("close", () => {
            if (!res.writableEnded) aborted.push(req.url!)
          })
          return
        }
        if (req.url === "/drip") {
          res.writeHead(200, { "content-type": "text/xml" })
          res.write(`<?xml version="1.0"?><r xmlns="urn:t">`)
          res.on("close", () => {
            if (!res.writableEnded) aborted.push(req.url!)
          })
          return
        }
        res.writeHead(200, { "content-type": "text/xml; charset=utf-8" })
        res.end(REPLY)
      })
    })
    server.on("connection", (s) => {
      sockets.add(s)
      s.on("close", () => sockets.delete(s))
    })
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo
      resolve({
        url: `http://127.0.0.1:${port}`,
        sockets,
        aborted,
        openSockets: () => sockets.size,
        close: () =>
          new Promise((r) => {
            server.closeAllConnections()
            server.close(() => r())
          })
      })
    })
  })

const post = (url: string, timeout?: Duration.DurationInput) =>
  Exchange.postXml({ url, body: "<x/>", headers: { "content-type": "text/xml; charset=utf-8" }, timeout })

describe("NodeHttp", () => {
  it("reuses keep-alive connections up to the pool size", async () => {
    const server = await startServer()
    try {
      const program = Effect.gen(function* () {
        yield* Effect.all(
          Array.from({ length: 40 }, () => post(`${server.url}/`)),
          { concurrency: 40 }
        )
        const afterBurst = server.openSockets()
        yield* Effect.all(
          Array.from({ length: 10 }, () => post(`${server.url}/`)),
          { concurrency: 1 }
        )
        return { afterBurst, afterSerial: server.openSockets() }
      })
      const result = await Effect.runPromise(program.pipe(Effect.provide(NodeHttp.layer({ connections: 4 }))))
      expect(result.afterBurst).toBeLessThanOrEqual(4)
      expect(result.afterSerial).toBe(result.afterBurst)
    } finally {
      await server.close()
    }
  })

  it("closes its connections when the layer's scope closes", async () => {
    const server = await startServer()
    try {
      const scope = Effect.runSync(Scope.make())
      const context = await Effect.runPromise(Layer.buildWithScope(NodeHttp.layer(), scope))
      await Effect.runPromise(post(`${server.url}/`).pipe(Effect.provide(context)))
      expect(server.openSockets()).toBe(1)
      await Effect.runPromise(Scope.close(scope, Exit.void))
      await new Promise((r) => setTimeout(r, 50))
      expect(server.openSockets()).toBe(0)
    } finally {
      await server.close()
    }
  })

  it("fails a call with RequestTimeout and aborts the request when the adapter's request timeout runs out", async () => {
    const server = await startServer()
    try {
      const layer = NodeHttp.layer({ requestTimeout: "150 millis" })
      const error = await Effect.runPromise(Effect.flip(post(`${server.url}/slow`)).pipe(Effect.provide(layer)))
      expect(error._tag).toBe("RequestTimeout")
      expect(error).toMatchObject({ host: new URL(server.url).host, timeoutMillis: 150 })
      await new Promise((r) => setTimeout(r, 50))
      expect(server.aborted).toContain("/slow")
    } finally {
      await server.close()
    }
  })

  it("applies the deadline to the body too: a reply that stalls halfway is cut off", async () => {
    const server = await startServer()
    try {
      const layer = NodeHttp.layer({ requestTimeout: "150 millis" })
      const error = await Effect.runPromise(Effect.flip(post(`${server.url}/drip`)).pipe(Effect.provide(layer)))
      expect(error._tag).toBe("RequestTimeout")
      await new Promise((r) => setTimeout(r, 50))
      expect(server.aborted).toContain("/drip")
    } finally {
      await server.close()
    }
  })

  it("aborts the request when the calling fiber is interrupted", async () => {
    const server = await startServer()
    try {
      const exit = await Effect.runPromiseExit(
        post(`${server.url}/slow`).pipe(Effect.timeout("100 millis"), Effect.provide(NodeHttp.layer()))
      )
      expect(Exit.isFailure(exit)).toBe(true)
      await new Promise((r) => setTimeout(r, 50))
      expect(server.aborted).toEqual(["/slow"])
    } finally {
      await server.close()
    }
  })

  it("reports a refused connection as TransportError", async () => {
    const server = await startServer()
    const url = server.url
    await server.close()
    const error = await Effect.runPromise(Effect.flip(post(`${url}/`)).pipe(Effect.provide(NodeHttp.layer())))
    expect(error._tag).toBe("TransportError")
  })

  it("rejects bad options when the layer is described", () => {
    expect(() => NodeHttp.layer({ connections: 0 })).toThrow(/connections/)
    expect(() => NodeHttp.layer({ requestTimeout: Duration.zero })).toThrow(/requestTimeout/)
  })

  it.effect("reads its options from configuration, with defaults for what is unset", () =>
    Effect.gen(function* () {
      const provider = ConfigProvider.fromMap(
        new Map([
          ["SESSIONWIRE_HTTP_CONNECTIONS", "8"],
          ["SESSIONWIRE_HTTP_REQUEST_TIMEOUT", "20 seconds"]
        ])
      )
      const options = yield* Effect.withConfigProvider(NodeHttp.config, provider)
      expect(NodeHttp.resolve(options)).toEqual({
        connections: 8,
        connectTimeoutMillis: 10_000,
        requestTimeoutMillis: 20_000,
        keepAliveTimeoutMillis: 30_000,
        shutdownGraceMillis: 5_000
      })
      const bad = yield* Effect.flip(
        Effect.withConfigProvider(
          NodeHttp.config,
          ConfigProvider.fromMap(new Map([["SESSIONWIRE_HTTP_CONNECTIONS", "0"]]))
        )
      )
      expect(String(bad)).toMatch(/SESSIONWIRE_HTTP_CONNECTIONS/)
    })
  )
})
