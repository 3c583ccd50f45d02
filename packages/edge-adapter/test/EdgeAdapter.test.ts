import * as Http from "node:http"
import type { AddressInfo } from "node:net"
import { HttpClient } from "@effect/platform"
import { Exchange } from "@sessionwire/protocol"
import { SuperOfficeConfig } from "@sessionwire/superoffice"
import { WebExConfig } from "@sessionwire/webex"
import { Config, Context, Data, Duration, Effect, Layer, Redacted } from "effect"
import { describe, expect, it } from "vitest"
import { EdgeHttp, WorkerEnv, WorkerHandler } from "../src/index.ts"

interface Server {
  readonly url: string
  readonly aborted: Array<string>
  readonly close: () => Promise<void>
}

/** `/slow` never answers, `/drip` stalls halfway through the body, anything else answers at once. */
const startServer = (): Promise<Server> =>
  new Promise((resolve) => {
    const aborted: Array<string> = []
    const server = Http.createServer((req, res) => {
      req.resume()
      req.on("end", () => {
        const track = () =>
          res.on("close", () => {
            if (!res.writableEnded) aborted.push(req.url!)
          })
        if (req.url === "/slow") return track()
        if (req.url === "/drip") {
          res.writeHead(200, { "content-type": "text/xml" })
          res.write(`<?xml version="1.0"?><r xmlns="urn:t">`)
          return track()
        }
        res.writeHead(200, { "content-type": "text/xml; charset=utf-8" })
        res.end(`<r xmlns="urn:t"><ok>true</ok></r>`)
      })
    })
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo
      resolve({
        url: `http://127.0.0.1:${port}`,
        aborted,
        close: () =>
          new Promise((r) => {
            server.closeAllConnections()
            server.close(() => r())
          })
      })
    })
  })

const post = (url: string) =>
  Exchange.postXml({ url, body: "<x/>", headers: { "content-type": "text/xml; charset=utf-8" } })

const settle = () => new Promise((r) => setTimeout(r, 50))

describe("EdgeHttp", () => {
  it("calls through fetch", async () => {
    const server = await startServer()
    try {
      const res = await Effect.runPromise(post(`${server.url}/`).pipe(Effect.provide(EdgeHttp.layer())))
      expect(res.status).toBe(200)
      expect(res.root.local).toBe("r")
    } finally {
      await server.close()
    }
  })

  it("aborts at the deadline with RequestTimeout, before the headers and halfway through the body", async () => {
    const server = await startServer()
    try {
      const layer = EdgeHttp.layer({ requestTimeout: "150 millis" })
      for (const path of ["/slow", "/drip"]) {
        const error = await Effect.runPromise(Effect.flip(post(`${server.url}${path}`)).pipe(Effect.provide(layer)))
        expect(error).toMatchObject({ _tag: "RequestTimeout", timeoutMillis: 150, host: new URL(server.url).host })
      }
      await settle()
      expect(server.aborted.sort()).toEqual(["/drip", "/slow"])
    } finally {
      await server.close()
    }
  })

  it("aborts the request when the calling fiber is interrupted", async () => {
    const server = await startServer()
    try {
      await Effect.runPromise(
        post(`${server.url}/slow`).pipe(Effect.timeout("100 millis"), Effect.ignore, Effect.provide(EdgeHttp.layer()))
      )
      await settle()
      expect(server.aborted).toEqual(["/slow"])
    } finally {
      await server.close()
    }
  })

  it("reads its request timeout from configuration and rejects a bad one", async () => {
    const options = await Effect.runPromise(
      Effect.withConfigProvider(
        EdgeHttp.config,
        WorkerEnv.configProvider({ SESSIONWIRE_HTTP_REQUEST_TIMEOUT: "2 seconds" })
      )
    )
    expect(options.requestTimeout).toBeDefined()
    expect(() => EdgeHttp.layer({ requestTimeout: 0 })).toThrow(RangeError)
  })
})

describe("WorkerEnv", () => {
  it("reads text, number, boolean and JSON vars and skips other bindings", async () => {
    const env = {
      SUPEROFFICE_TICKET: "7T:secret-ticket",
      PORT: 8080,
      DEBUG: true,
      WEBEX: { SITE_NAME: "acme" },
      KV: { get: () => null, put: () => undefined },
      SERVICE: new (class Fetcher {})()
    }
    const read = Config.all({
      ticket: Config.redacted("SUPEROFFICE_TICKET"),
      port: Config.integer("PORT"),
      debug: Config.boolean("DEBUG"),
      site: Config.nested(Config.string("SITE_NAME"), "WEBEX")
    })
    const value = await Effect.runPromise(Effect.withConfigProvider(read, WorkerEnv.configProvider(env)))
    expect(Redacted.value(value.ticket)).toBe("7T:secret-ticket")
    expect(String(value.ticket)).not.toContain("secret")
    expect(value).toMatchObject({ port: 8080, debug: true, site: "acme" })
    const missing = await Effect.runPromise(
      Effect.flip(Effect.withConfigProvider(Config.string("KV"), WorkerEnv.configProvider(env)))
    )
    expect(missing._op).toBe("MissingData")
  })

  it("configures SuperOffice Online by context identifier and environment from Worker vars", async () => {
    const env = {
      SUPEROFFICE_CONTEXT_ID: "Cust12345",
      SUPEROFFICE_ENVIRONMENT: "qaonline",
      SUPEROFFICE_APP_TOKEN: "app-token",
      SUPEROFFICE_TICKET: "7T:secret-ticket"
    }
    const config = await Effect.runPromise(
      Effect.withConfigProvider(SuperOfficeConfig.config, WorkerEnv.configProvider(env))
    )
    expect(config.tenant).toEqual({
      contextId: "Cust12345",
      environment: "qaonline",
      stateApiUrl: "https://qaonline.superoffice.com"
    })
  })
})

describe("WorkerEnv timing variables", () => {
  it("reads SUPEROFFICE_/WEBEX_ TIMEOUT and DEADLINE in seconds from text or number vars", async () => {
    const env = {
      SUPEROFFICE_ENDPOINT: "https://online3.superoffice.com/Cust12345",
      SUPEROFFICE_TICKET: "7T:secret-ticket",
      SUPEROFFICE_APP_TOKEN: "app-token",
      SUPEROFFICE_TIMEOUT: "5",
      SUPEROFFICE_DEADLINE: 20,
      WEBEX_SITE_NAME: "acme",
      WEBEX_ID: "host",
      WEBEX_PASSWORD: "s3cr3t-Pa55word!",
      WEBEX_DEADLINE: "90"
    }
    const so = await Effect.runPromise(
      Effect.withConfigProvider(SuperOfficeConfig.config, WorkerEnv.configProvider(env))
    )
    expect(Duration.toMillis(so.timeout)).toBe(5_000)
    expect(Duration.toMillis(so.deadline)).toBe(20_000)
    const webex = await Effect.runPromise(
      Effect.provide(WebExConfig.WebExConfig, WebExConfig.layerConfig().pipe(Layer.provide(WorkerEnv.layer(env))))
    )
    expect(Duration.toMillis(Duration.decode(webex.deadline))).toBe(90_000)
    expect(Duration.toMillis(Duration.decode(webex.timeout))).toBe(30_000)
  })
})

class Boom extends Data.TaggedError("Boom")<{}> {
  override get message() {
    return "boom"
  }
}

class Greeting extends Context.Tag("test/Greeting")<Greeting, { readonly text: string; readonly id: number }>() {}

describe("WorkerHandler", () => {
  const ctx: WorkerHandler.ExecutionContext = { waitUntil: () => undefined }

  it("builds the layer once per isolate, from env, and reuses it for every request", async () => {
    let builds = 0
    const handler = WorkerHandler.make({
      layer: Layer.effect(
        Greeting,
        Effect.map(Config.string("GREETING"), (text) => ({ text, id: ++builds }))
      ),
      handle: () => Effect.map(Greeting, (g) => Response.json(g))
    })
    const env = { GREETING: "hello" }
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => handler.fetch(new Request("http://w/"), env, ctx).then((r) => r.json()))
    )
    expect(answers).toEqual(Array.from({ length: 5 }, () => ({ text: "hello", id: 1 })))
    expect(builds).toBe(1)
  })

  it("answers a failure with its tag and message, and retries a layer that failed to build", async () => {
    let attempts = 0
    const handler = WorkerHandler.make({
      layer: Layer.effect(
        Greeting,
        Effect.suspend(() => {
          attempts++
          return Effect.map(Config.string("GREETING"), (text) => ({ text, id: attempts }))
        })
      ),
      handle: (request) =>
        new URL(request.url).pathname === "/fail"
          ? Effect.fail(new Boom())
          : Effect.map(Greeting, (g) => Response.json(g))
    })
    const first = await handler.fetch(new Request("http://w/"), {}, ctx)
    expect(first.status).toBe(500)
    expect(await first.json()).toMatchObject({ error: "ConfigError", message: expect.stringContaining("GREETING") })
    const second = await handler.fetch(new Request("http://w/"), { GREETING: "hi" }, ctx)
    expect(await second.json()).toEqual({ text: "hi", id: 2 })
    const failed = await handler.fetch(new Request("http://w/fail"), { GREETING: "hi" }, ctx)
    expect(failed.status).toBe(500)
    expect(await failed.json()).toEqual({ error: "Boom", message: "boom" })
  })

  it("provides the HTTP layer to programs that call out", async () => {
    const server = await startServer()
    try {
      const handler = WorkerHandler.make({
        layer: EdgeHttp.layer(),
        handle: () =>
          Effect.gen(function* () {
            const client = yield* HttpClient.HttpClient
            const res = yield* client.post(`${server.url}/`)
            return new Response(yield* res.text, { status: res.status })
          })
      })
      const res = await handler.fetch(new Request("http://w/"), {}, ctx)
      expect(await res.text()).toContain("<ok>true</ok>")
    } finally {
      await server.close()
    }
  })
})
