/**
 * The whole call, end to end, against its peers in one run: Services88 `SessionIsValid`
 * against a loopback server (in a worker thread) that answers a fixed WCF-shaped reply.
 *
 * - raw `http.request` posting a fixed envelope and reading the reply: the floor;
 * - node-soap, loaded with the real Services88 WSDL, as a user would call it;
 * - Sessionwire through the Effect API (`CustomerService.make("88")` over `NodeHttp.layer`);
 * - Sessionwire through the Promise facade (`createSuperOfficeClient`).
 *
 * Rounds are interleaved and the best of each contender kept, so a neighbour's burst costs
 * one sample rather than a whole figure. Printed with ratios to node-soap and to the floor.
 *
 *   npm run bench:e2e -w @sessionwire/bench   (or: node src/e2e.bench.ts [seconds per run] [rounds])
 */
import * as Http from "node:http"
import { fileURLToPath } from "node:url"
import { createSuperOfficeClient, NodeHttp } from "@sessionwire/node-adapter"
import { CustomerService, SuperOfficeConfig } from "@sessionwire/superoffice"
import { Effect, Layer, ManagedRuntime, Redacted } from "effect"
import * as soap from "soap"
import { type Call, drivePromise, rawPost, startFixedReplyServer } from "./Loopback.ts"

const seconds = Number(process.argv[2] ?? 3)
const rounds = Number(process.argv[3] ?? 3)

const WSDL = fileURLToPath(
  new URL("../../../packages/superoffice/wsdl/Services88-CustomerService.wsdl", import.meta.url)
)
const NS = "http://www.superoffice.net/ws/crm/NetServer/Services88"
const KEY = "0123456789abcdef0123456789abcdef"
const REQUEST = `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:tns="${NS}"><soap:Header><tns:ApplicationToken>app</tns:ApplicationToken><tns:Credentials><tns:Ticket>7T:abc</tns:Ticket></tns:Credentials></soap:Header><soap:Body><tns:SessionIsValid><tns:CsSessionKey>${KEY}</tns:CsSessionKey></tns:SessionIsValid></soap:Body></soap:Envelope>`
const HEADERS = {
  "content-type": "text/xml; charset=utf-8",
  soapaction: `"http://www.superoffice.net/ws/crm/NetServer/Services88/CustomerService/SessionIsValid"`
}

const REPLY = `<?xml version="1.0" encoding="utf-8"?><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Header><h:ExceptionInfo i:nil="true" xmlns:h="${NS}" xmlns:i="http://www.w3.org/2001/XMLSchema-instance"/><h:ExtraInfo i:nil="true" xmlns:h="${NS}" xmlns:i="http://www.w3.org/2001/XMLSchema-instance"/><h:Succeeded xmlns:h="${NS}">true</h:Succeeded><h:TimeZone i:nil="true" xmlns:h="${NS}" xmlns:i="http://www.w3.org/2001/XMLSchema-instance"/></s:Header><s:Body><SessionIsValidResponse xmlns="${NS}"><Response>true</Response></SessionIsValidResponse></s:Body></s:Envelope>`

const startServer = async (): Promise<{ endpoint: string; url: string; stop: () => Promise<number> }> => {
  const { origin, stop } = await startFixedReplyServer(REPLY)
  const endpoint = `${origin}/Cust12345`
  return { endpoint, url: `${endpoint}/Remote/Services88/CustomerService.svc`, stop }
}

interface Contender {
  readonly name: string
  readonly start: () => Promise<{
    readonly run: (concurrency: number, millis: number) => Promise<number>
    readonly stop: () => Promise<unknown>
  }>
}

const check = (ok: boolean, what: string) => {
  if (!ok) throw new Error(`${what}: the reply did not decode to true`)
}

const rawHttp = (url: string): Contender => ({
  name: "raw http.request (floor)",
  start: async () => {
    const agent = new Http.Agent({ keepAlive: true, maxSockets: 16 })
    const call = rawPost(agent, url, REQUEST, HEADERS)
    return { run: (c, ms) => drivePromise(call, c, ms), stop: async () => agent.destroy() }
  }
})

const nodeSoap = (url: string): Contender => ({
  name: "node-soap 1.13 (real WSDL)",
  start: async () => {
    const agent = new Http.Agent({ keepAlive: true, maxSockets: 16 })
    const client = await soap.createClientAsync(WSDL, { endpoint: url, wsdl_options: {} })
    client.addSoapHeader({ ApplicationToken: "app" }, "", "tns", NS)
    client.addSoapHeader({ Credentials: { Ticket: "7T:abc" } }, "", "tns", NS)
    const call: Call = async () => {
      const [result] = await client.SessionIsValidAsync({ CsSessionKey: KEY }, { agent })
      check(result?.Response === true, "node-soap")
    }
    return { run: (c, ms) => drivePromise(call, c, ms), stop: async () => agent.destroy() }
  }
})

const sessionwireEffect = (endpoint: string): Contender => ({
  name: "Sessionwire, Effect API",
  start: async () => {
    const runtime = ManagedRuntime.make(
      Layer.merge(
        SuperOfficeConfig.layer({
          endpoint,
          version: "88",
          applicationToken: Redacted.make("app"),
          ticket: Redacted.make("7T:abc")
        }),
        NodeHttp.layer()
      )
    )
    const cs = await runtime.runPromise(CustomerService.make("88"))
    const run = (concurrency: number, millis: number) =>
      runtime.runPromise(
        Effect.gen(function* () {
          const call = Effect.map(cs.SessionIsValid({ CsSessionKey: KEY }), (r) =>
            check(r.body.Response === true, "Effect API")
          )
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
        })
      )
    return { run, stop: () => runtime.dispose() }
  }
})

const sessionwirePromise = (endpoint: string): Contender => ({
  name: "Sessionwire, Promise facade",
  start: async () => {
    const client = createSuperOfficeClient({ endpoint, applicationToken: "app", credentials: { ticket: "7T:abc" } })
    const call: Call = async () => {
      const r = await client.customerService.SessionIsValid({ CsSessionKey: KEY })
      check(r.body.Response === true, "Promise facade")
    }
    return { run: (c, ms) => drivePromise(call, c, ms), stop: () => client.close() }
  }
})

const main = async () => {
  const server = await startServer()
  const millis = seconds * 1000
  const warm = Math.min(1000, millis / 2)
  const contenders = [
    rawHttp(server.url),
    nodeSoap(server.url),
    sessionwireEffect(server.endpoint),
    sessionwirePromise(server.endpoint)
  ]
  const rows = contenders.map((c) => ({ name: c.name, c1: 0, c16: 0 }))
  for (let round = 0; round < rounds; round++) {
    for (const [i, contender] of contenders.entries()) {
      const { run, stop } = await contender.start()
      await run(16, warm)
      rows[i]!.c1 = Math.max(rows[i]!.c1, await run(1, millis))
      rows[i]!.c16 = Math.max(rows[i]!.c16, await run(16, millis))
      await stop()
    }
  }
  await server.stop()
  const [floor, peer] = rows
  const w = Math.max(...rows.map((r) => r.name.length))
  const cell = (v: number, f: number, p: number) =>
    `${Math.round(v).toString().padStart(6)}/s ${(v / p).toFixed(2).padStart(5)}× soap ${(v / f).toFixed(2).padStart(5)}× floor`
  console.log(
    `Services88 SessionIsValid, calls/s, best of ${rounds} interleaved rounds of ${seconds} s (server in a worker thread)`
  )
  console.log(`${"client".padEnd(w)}  ${"concurrency 1".padEnd(34)}  concurrency 16`)
  for (const r of rows) {
    console.log(`${r.name.padEnd(w)}  ${cell(r.c1, floor!.c1, peer!.c1)}  ${cell(r.c16, floor!.c16, peer!.c16)}`)
  }
  const ours = rows.slice(2)
  const target = ours.every((r) => r.c1 >= 3 * peer!.c1 && r.c16 >= 3 * peer!.c16)
  console.log(`target ≥ 3× node-soap at both concurrencies: ${target ? "met" : "NOT met"}`)
}

await main()
