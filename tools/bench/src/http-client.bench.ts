/**
 * HTTP client throughput on loopback, to choose the Node adapter's client by measurement:
 * the @effect/platform-node undici client vs its node:http client, with a raw keep-alive
 * `http.request` loop as the floor and Node's global `fetch` for comparison.
 *
 * The server runs in a worker thread so it does not share the client's event loop.
 * Each client is measured at concurrency 1 and 16, POSTing a SOAP request and reading
 * the whole fixed SOAP reply, as a real call does.
 *
 *   npm run bench:http -w @sessionwire/bench   (or: node src/http-client.bench.ts [seconds per run] [rounds])
 */
import * as Http from "node:http"
import { HttpClient, HttpClientRequest } from "@effect/platform"
import { NodeHttpClient } from "@effect/platform-node"
import * as Undici from "@effect/platform-node/Undici"
import { NodeHttp } from "@sessionwire/node-adapter"
import { Effect, Layer, ManagedRuntime } from "effect"
import { type Call, drivePromise, rawPost, startFixedReplyServer } from "./Loopback.ts"

const seconds = Number(process.argv[2] ?? 3)
const concurrencies = [1, 16] as const

const REQUEST = `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:tns="http://www.superoffice.net/ws/crm/NetServer/Services88"><soap:Header><tns:ApplicationToken>app</tns:ApplicationToken><tns:Credentials><tns:Ticket>7T:abc</tns:Ticket></tns:Credentials></soap:Header><soap:Body><tns:SessionIsValid><tns:CsSessionKey>0123456789abcdef</tns:CsSessionKey></tns:SessionIsValid></soap:Body></soap:Envelope>`
const HEADERS = {
  "content-type": "text/xml; charset=utf-8",
  soapaction: `"http://www.superoffice.net/ws/crm/NetServer/Services88/CustomerService/SessionIsValid"`
}

const REPLY =
  '<?xml version="1.0" encoding="utf-8"?><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Header><h:ExceptionInfo i:nil="true" xmlns:h="http://www.superoffice.net/ws/crm/NetServer/Services88" xmlns:i="http://www.w3.org/2001/XMLSchema-instance"/><h:Succeeded xmlns:h="http://www.superoffice.net/ws/crm/NetServer/Services88">true</h:Succeeded><h:TimeZone i:nil="true" xmlns:h="http://www.superoffice.net/ws/crm/NetServer/Services88" xmlns:i="http://www.w3.org/2001/XMLSchema-instance"/></s:Header><s:Body><SessionIsValidResponse xmlns="http://www.superoffice.net/ws/crm/NetServer/Services88"><Response>true</Response></SessionIsValidResponse></s:Body></s:Envelope>'

const startServer = async (): Promise<{ url: string; stop: () => Promise<number> }> => {
  const { origin, stop } = await startFixedReplyServer(REPLY)
  return { url: `${origin}/Remote/Services88/CustomerService.svc`, stop }
}

/** The same loop inside one Effect, so the figure is the client's cost and not `runPromise`'s. */
const driveEffect = (
  runtime: ManagedRuntime.ManagedRuntime<HttpClient.HttpClient, never>,
  url: string,
  concurrency: number,
  millis: number
): Promise<number> =>
  runtime.runPromise(
    Effect.gen(function* () {
      const client = yield* HttpClient.HttpClient
      const request = HttpClientRequest.post(url).pipe(
        HttpClientRequest.setHeaders(HEADERS),
        HttpClientRequest.bodyText(REQUEST, HEADERS["content-type"])
      )
      const call = Effect.flatMap(client.execute(request), (r) => r.arrayBuffer)
      const end = performance.now() + millis
      let done = 0
      const loop = Effect.whileLoop({
        while: () => performance.now() < end,
        body: () => call,
        step: () => {
          done++
        }
      })
      const t0 = performance.now()
      yield* Effect.all(
        Array.from({ length: concurrency }, () => loop),
        { concurrency: "unbounded", discard: true }
      )
      return done / ((performance.now() - t0) / 1000)
    }).pipe(Effect.orDie)
  )

const rawHttp = (agent: Http.Agent, url: string): Call => rawPost(agent, url, REQUEST, HEADERS)

const fetchCall =
  (url: string): Call =>
  () =>
    fetch(url, { method: "POST", headers: HEADERS, body: REQUEST }).then((r) => r.arrayBuffer())

interface Row {
  readonly client: string
  c1: number
  c16: number
}

/** A client under test: set up, then a driver for a concurrency and a duration, then torn down. */
interface Contender {
  readonly name: string
  readonly start: () => {
    readonly run: (concurrency: number, millis: number) => Promise<number>
    readonly stop: () => Promise<unknown>
  }
}

const effectContender = (name: string, layer: () => Layer.Layer<HttpClient.HttpClient>, url: string): Contender => ({
  name,
  start: () => {
    const runtime = ManagedRuntime.make(layer())
    return { run: (c, ms) => driveEffect(runtime, url, c, ms), stop: () => runtime.dispose() }
  }
})

const main = async () => {
  const server = await startServer()
  const millis = seconds * 1000
  const warm = Math.min(500, millis / 4)
  const rounds = Number(process.argv[3] ?? 3)
  const origin = new URL(server.url).origin
  const contenders: ReadonlyArray<Contender> = [
    {
      name: "raw http.request (keep-alive agent, floor)",
      start: () => {
        const agent = new Http.Agent({ keepAlive: true, maxSockets: 16 })
        return { run: (c, ms) => drivePromise(rawHttp(agent, server.url), c, ms), stop: async () => agent.destroy() }
      }
    },
    effectContender("@sessionwire/node-adapter NodeHttp.layer()", () => NodeHttp.layer(), server.url),
    effectContender(
      "effect undici (Agent, 16 connections, no deadline)",
      () => Layer.succeed(HttpClient.HttpClient, NodeHttpClient.makeUndici(new Undici.Agent({ connections: 16 }))),
      server.url
    ),
    effectContender("effect undici (layerUndici, default Agent)", () => NodeHttpClient.layerUndici, server.url),
    effectContender(
      "effect undici (Pool, 16 connections)",
      () =>
        Layer.succeed(HttpClient.HttpClient, NodeHttpClient.makeUndici(new Undici.Pool(origin, { connections: 16 }))),
      server.url
    ),
    effectContender(
      "effect node:http (keep-alive Agent, 16 sockets)",
      () =>
        NodeHttpClient.layerWithoutAgent.pipe(
          Layer.provide(NodeHttpClient.makeAgentLayer({ keepAlive: true, maxSockets: 16 }))
        ),
      server.url
    ),
    {
      name: "global fetch",
      start: () => ({ run: (c, ms) => drivePromise(fetchCall(server.url), c, ms), stop: async () => {} })
    }
  ]
  // Interleaved rounds, best of each: on a shared machine a neighbour's burst then costs
  // one sample of one contender instead of a whole contender's figure.
  const rows: Array<Row> = contenders.map((c) => ({ client: c.name, c1: 0, c16: 0 }))
  for (let round = 0; round < rounds; round++) {
    for (const [i, contender] of contenders.entries()) {
      const { run, stop } = contender.start()
      await run(16, warm)
      const c1 = await run(concurrencies[0], millis)
      const c16 = await run(concurrencies[1], millis)
      await stop()
      rows[i]!.c1 = Math.max(rows[i]!.c1, c1)
      rows[i]!.c16 = Math.max(rows[i]!.c16, c16)
    }
  }
  const w = Math.max(...rows.map((r) => r.client.length))
  const floor = rows[0]!
  console.log(`calls/s, best of ${rounds} interleaved rounds of ${seconds} s each (server in a worker thread):`)
  for (const r of rows) {
    console.log(
      `${r.client.padEnd(w)}  c=1 ${Math.round(r.c1).toString().padStart(6)}/s (${((r.c1 / floor.c1) * 100).toFixed(0).padStart(3)}%)` +
        `   c=16 ${Math.round(r.c16).toString().padStart(6)}/s (${((r.c16 / floor.c16) * 100).toFixed(0).padStart(3)}%)`
    )
  }
  await server.stop()
}

await main()
