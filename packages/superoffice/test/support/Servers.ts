/**
 * Test peers: a node-soap server loaded with the real WSDLs (an independent SOAP
 * stack), a canned node:http server for WCF-shaped replies, and an in-memory
 * HttpClient for tests that run on the TestClock.
 */
import { createServer, type IncomingHttpHeaders, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import { HttpClient, HttpClientResponse } from "@effect/platform"
import { readShared } from "@sessionwire/testkit"
import { Effect, Layer, Redacted } from "effect"
import * as soap from "soap"
import type { SuperOfficeConfig } from "../../src/SuperOfficeConfig.ts"
import * as SuperOfficeConfigModule from "../../src/SuperOfficeConfig.ts"

export const TICKET = Redacted.make("7T:VerySecretTicketValue12345==")
export const APP_TOKEN = Redacted.make("AppTokenSecret-0123456789")
export const PASSWORD = Redacted.make("Pa55w0rd-Secret!")
export const ACCESS_TOKEN = Redacted.make("8A:AccessTokenSecretValue987654")
export const SESSION_KEY = "SessionKeySecret-abcdef0123"
export const secretValues = [TICKET, APP_TOKEN, PASSWORD, ACCESS_TOKEN].map(Redacted.value).concat([SESSION_KEY])

export const ns = (version: string) => `http://www.superoffice.net/ws/crm/NetServer/Services${version}`

export const listen = async (server: Server): Promise<string> => {
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

export const close = (server: Server) => new Promise<void>((r) => server.close(() => r()))

export const configLayer = (
  endpoint: string,
  version: "86" | "87" | "88",
  extra: Partial<SuperOfficeConfigModule.SuperOfficeConfigInput> = {}
) =>
  SuperOfficeConfigModule.layer({ endpoint, version, applicationToken: APP_TOKEN, ticket: TICKET, ...extra }).pipe(
    Layer.orDie
  ) as Layer.Layer<SuperOfficeConfig>

// ---------------------------------------------------------------------------
// node-soap peer
// ---------------------------------------------------------------------------

export interface Received {
  readonly service: string
  readonly method: string
  readonly soapAction: string | undefined
  readonly contentType: string | undefined
  readonly headers: Record<string, unknown>
  readonly args: Record<string, unknown>
  /** The raw request document, for namespace checks node-soap's parsed view hides. */
  readonly raw: string
}

const RAW = Symbol("raw")

export type Impl = (args: any, headers: any) => unknown

export interface SoapPeer {
  readonly endpoint: string
  readonly received: Array<Received>
  /** Replaces the implementation of an operation. */
  readonly implement: (service: "CustomerService" | "SoPrincipal", method: string, impl: Impl) => void
  /** Response header blocks node-soap appends verbatim (WCF's Succeeded/ExceptionInfo). */
  readonly setResponseHeaders: (xml: (method: string) => string) => void
  readonly close: () => Promise<void>
}

export const startSoapPeer = async (version: "86" | "87" | "88"): Promise<SoapPeer> => {
  const server = createServer()
  const endpoint = await listen(server)
  const received: Array<Received> = []
  const impls = new Map<string, Impl>()
  let responseHeaders: (method: string) => string = () => ""
  for (const service of ["CustomerService", "SoPrincipal"] as const) {
    const wsdl = readShared(`wsdl/superoffice/Services${version}-${service}.wsdl`)
    const methods: Record<string, (args: any, cb: any, headers: any, req: any) => unknown> = {}
    const definitions = /<wsdl:portType name="[^"]+">([\s\S]*?)<\/wsdl:portType>/.exec(wsdl)![1]!
    for (const m of definitions.matchAll(/<wsdl:operation name="([^"]+)">/g)) {
      const method = m[1]!
      methods[method] = (args, _cb, headers, req) => {
        received.push({
          service,
          method,
          soapAction: req.headers.soapaction,
          contentType: req.headers["content-type"],
          headers: headers ?? {},
          args: args ?? {},
          raw: req[RAW] ?? ""
        })
        const impl = impls.get(`${service}.${method}`)
        return impl ? impl(args, headers) : {}
      }
    }
    const listener = soap.listen(
      server,
      `/Remote/Services${version}/${service}.svc`,
      { [`Wcf${service}Service`]: { [`BasicHttpBinding_${service}`]: methods } },
      wsdl
    )
    listener.addSoapHeader((method: string) => responseHeaders(method))
    // node-soap reports the raw request document through its log hook; keep it on the request.
    listener.log = (type: string, data: unknown, req: object) => {
      if (type === "received" && typeof data === "string") Object.assign(req, { [RAW]: data })
    }
  }
  return {
    endpoint,
    received,
    implement: (service, method, impl) => impls.set(`${service}.${method}`, impl),
    setResponseHeaders: (f) => (responseHeaders = f),
    close: () => close(server)
  }
}

// ---------------------------------------------------------------------------
// Canned node:http server
// ---------------------------------------------------------------------------

export interface CannedReply {
  readonly status?: number
  readonly contentType?: string
  readonly body: string
  readonly headers?: Record<string, string>
}

export interface CannedRequest {
  readonly url: string
  readonly headers: IncomingHttpHeaders
  readonly body: string
}

export interface Canned {
  readonly endpoint: string
  readonly requests: Array<CannedRequest>
  /** Replies in order; the last one repeats. */
  readonly reply: (...replies: Array<CannedReply | ((req: CannedRequest) => CannedReply)>) => void
  readonly close: () => Promise<void>
}

export const startCanned = async (): Promise<Canned> => {
  const requests: Array<CannedRequest> = []
  let queue: Array<CannedReply | ((req: CannedRequest) => CannedReply)> = [{ status: 500, body: "" }]
  const server = createServer((req, res) => {
    let body = ""
    req.setEncoding("utf8")
    req.on("data", (c) => (body += c))
    req.on("end", () => {
      const r: CannedRequest = { url: req.url ?? "", headers: req.headers, body }
      requests.push(r)
      const next = queue.length > 1 ? queue.shift()! : queue[0]!
      const reply = typeof next === "function" ? next(r) : next
      res.writeHead(reply.status ?? 200, {
        "content-type": reply.contentType ?? "text/xml; charset=utf-8",
        ...reply.headers
      })
      res.end(reply.body)
    })
  })
  const endpoint = await listen(server)
  return {
    endpoint,
    requests,
    reply: (...replies) => {
      queue = replies
    },
    close: () => close(server)
  }
}

// ---------------------------------------------------------------------------
// In-memory HttpClient (for TestClock tests: no real I/O, so time is fully virtual)
// ---------------------------------------------------------------------------

export interface MemoryRequest {
  readonly url: string
  readonly soapAction: string
  /** The operation name, from the SOAPAction. */
  readonly op: string
  readonly body: string
}

export const memoryClient = (
  handler: (req: MemoryRequest) => CannedReply | Effect.Effect<CannedReply>,
  log: Array<MemoryRequest> = []
): Layer.Layer<HttpClient.HttpClient> =>
  Layer.succeed(
    HttpClient.HttpClient,
    HttpClient.make((request) =>
      Effect.gen(function* () {
        const bytes = request.body._tag === "Uint8Array" ? request.body.body : new Uint8Array()
        const soapAction = (request.headers.soapaction ?? "").replace(/"/g, "")
        const req: MemoryRequest = {
          url: request.url,
          soapAction,
          op: soapAction.slice(soapAction.lastIndexOf("/") + 1),
          body: new TextDecoder().decode(bytes)
        }
        log.push(req)
        const out = handler(req)
        const reply = Effect.isEffect(out) ? yield* out : out
        return HttpClientResponse.fromWeb(
          request,
          new Response(reply.body, {
            status: reply.status ?? 200,
            headers: { "content-type": reply.contentType ?? "text/xml; charset=utf-8", ...reply.headers }
          })
        )
      })
    )
  )

// ---------------------------------------------------------------------------
// WCF-shaped replies
// ---------------------------------------------------------------------------

/** A reply the way WCF writes it: `s:` envelope, a default namespace on each element, `i:` for XSI. */
export const wcfReply = (
  version: string,
  body: string,
  headers = `<Succeeded xmlns="${ns(version)}">true</Succeeded>`
) =>
  `<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Header>${headers}</s:Header><s:Body>${body}</s:Body></s:Envelope>`

export const wcfFault = (reason: string, code = "s:Client") =>
  `<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><s:Fault><faultcode>${code}</faultcode><faultstring xml:lang="en-US">${reason}</faultstring></s:Fault></s:Body></s:Envelope>`

export const createSessionReply = (version: string, loginId = 42) =>
  wcfReply(
    version,
    `<CreateSessionResponse xmlns="${ns(version)}"><Response xmlns:i="http://www.w3.org/2001/XMLSchema-instance"><TableRight i:nil="true"/><FieldProperties i:nil="true"/><Key>${SESSION_KEY}</Key><LoginId>${loginId}</LoginId><UserId>7</UserId></Response></CreateSessionResponse>`
  )

export const emptyReply = (version: string, op: string) => wcfReply(version, `<${op}Response xmlns="${ns(version)}"/>`)

export const valueReply = (version: string, op: string, value: string) =>
  wcfReply(version, `<${op}Response xmlns="${ns(version)}"><Response>${value}</Response></${op}Response>`)

/** Asserts none of the test secrets appear in any rendering of a value. */
export const renderings = (value: unknown): Array<string> => {
  const out = [String(value), JSON.stringify(value)]
  if (value instanceof Error) out.push(value.message, value.stack ?? "")
  return out
}
