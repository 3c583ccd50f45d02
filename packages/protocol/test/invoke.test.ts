import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"
import { NodeHttpClient } from "@effect/platform-node"
import { it } from "@effect/vitest"
import { Effect, Either, Exit, Fiber, Redacted } from "effect"
import { afterAll, beforeAll, describe, expect } from "vitest"
import * as Envelope from "../src/Envelope.ts"
import * as Operation from "../src/Operation.ts"
import * as XmlReader from "../src/XmlReader.ts"
import { CreateSession } from "./fixtures/CreateSession.ts"

type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void
let handler: Handler = (_q, _b, res) => res.end()
let server: Server
let url = ""
const received: Array<{ headers: IncomingMessage["headers"]; body: string }> = []

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = ""
    req.setEncoding("utf8")
    req.on("data", (c) => (body += c))
    req.on("end", () => {
      received.push({ headers: req.headers, body })
      handler(req, body, res)
    })
  })
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/Remote/Services88/CustomerService.svc`
})
afterAll(() => new Promise<void>((r) => server.close(() => r())))

const TICKET = Redacted.make("7T:SuperSecretTicketValue==")
const APP = Redacted.make("app-token-123456")

const call = (timeout?: number) =>
  Operation.invoke(
    CreateSession,
    { RemoteIp: "10.1.2.3" },
    {
      url,
      headers: { ApplicationToken: Redacted.value(APP), Credentials: { Ticket: Redacted.value(TICKET) } },
      secrets: [TICKET, APP],
      timeout
    }
  ).pipe(Effect.provide(NodeHttpClient.layer))

const reply =
  (status: number, contentType: string, body: string, headers: Record<string, string> = {}): Handler =>
  (_q, _b, res) => {
    res.writeHead(status, { "content-type": contentType, ...headers })
    res.end(body)
  }

const okBody = Operation.encodeResponse(
  CreateSession,
  { Response: { Key: "abc", LoginId: 42, UserId: 7 } },
  { Succeeded: true }
)

const failure = <A, E>(exit: Exit.Exit<A, E>): E => {
  if (Exit.isSuccess(exit)) throw new Error("expected a failure")
  const f = exit.cause._tag === "Fail" ? exit.cause.error : undefined
  if (f === undefined) throw new Error(`expected a typed failure, got ${exit.cause._tag}`)
  return f
}

const noSecrets = (e: unknown) => {
  const s = `${JSON.stringify(e)} ${String(e)} ${(e as Error).message ?? ""}`
  expect(s).not.toContain(Redacted.value(TICKET))
  expect(s).not.toContain(Redacted.value(APP))
}

describe("Operation.invoke", () => {
  it.effect("sends the WSDL form and decodes body and headers", () =>
    Effect.gen(function* () {
      if (okBody._tag === "Left") throw okBody.left
      handler = reply(200, "text/xml; charset=utf-8", okBody.right)
      const r = yield* call()
      expect(r.body.Response).toEqual({ Key: "abc", LoginId: 42, UserId: 7 })
      expect(r.headers.Succeeded).toBe(true)
      const last = received.at(-1)!
      expect(last.headers.soapaction).toBe(`"${CreateSession.action}"`)
      expect(last.headers["content-type"]).toBe("text/xml; charset=utf-8")
      const env = Envelope.decode(last.body, { expected: "1.1" })
      expect(env._tag).toBe("Right")
    })
  )

  it.effect("maps a SOAP Fault on HTTP 500 to SoapFault", () =>
    Effect.gen(function* () {
      handler = reply(
        500,
        "text/xml",
        Operation.encodeFault("1.1", { code: "Server", reason: "Object reference not set" })
      )
      const e = failure(yield* Effect.exit(call()))
      expect(e).toMatchObject({ _tag: "SoapFault", codeLocal: "Server", reason: "Object reference not set" })
    })
  )

  it.effect("maps an HTML 502 page to UnexpectedResponse with a short excerpt", () =>
    Effect.gen(function* () {
      handler = reply(
        502,
        "text/html",
        `<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1><p>upstream said ${Redacted.value(TICKET)}</p>${"x".repeat(5000)}</body></html>`
      )
      const e = failure(yield* Effect.exit(call()))
      expect(e).toMatchObject({ _tag: "UnexpectedResponse", kind: "HtmlPage", status: 502 })
      expect((e as { excerpt: string }).excerpt).toContain("Bad Gateway")
      expect((e as { excerpt: string }).excerpt.length).toBeLessThanOrEqual(160)
      noSecrets(e)
    })
  )

  it.effect("maps an empty 200 body to UnexpectedResponse EmptyBody", () =>
    Effect.gen(function* () {
      handler = reply(200, "text/xml", "")
      expect(failure(yield* Effect.exit(call()))).toMatchObject({
        _tag: "UnexpectedResponse",
        kind: "EmptyBody",
        status: 200
      })
    })
  )

  it.effect("maps a plain-text 403 and a 503 with Retry-After", () =>
    Effect.gen(function* () {
      handler = reply(403, "text/plain", "Forbidden")
      expect(failure(yield* Effect.exit(call()))).toMatchObject({
        kind: "HttpStatus",
        status: 403,
        excerpt: "Forbidden"
      })
      handler = reply(503, "text/plain", "busy", { "retry-after": "7" })
      expect(failure(yield* Effect.exit(call()))).toMatchObject({ kind: "HttpStatus", status: 503, retryAfter: 7 })
    })
  )

  it.effect("maps a SOAP reply without a fault on an error status to HttpStatus", () =>
    Effect.gen(function* () {
      if (okBody._tag === "Left") throw okBody.left
      handler = reply(500, "text/xml", okBody.right)
      expect(failure(yield* Effect.exit(call()))).toMatchObject({ kind: "HttpStatus", status: 500 })
    })
  )

  it.effect("maps a SOAP 1.2 reply to SoapVersionMismatch", () =>
    Effect.gen(function* () {
      handler = reply(200, "application/soap+xml", Operation.encodeFault("1.2", { code: "Client", reason: "x" }))
      expect(failure(yield* Effect.exit(call()))).toMatchObject({
        _tag: "SoapVersionMismatch",
        expected: "1.1",
        received: "1.2"
      })
    })
  )

  it.effect("maps a hostile reply to a typed read error", () =>
    Effect.gen(function* () {
      handler = reply(
        200,
        "text/xml",
        `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a SYSTEM "file:///etc/passwd">]><x>&a;</x>`
      )
      expect(failure(yield* Effect.exit(call()))).toMatchObject({ _tag: "XmlForbiddenConstruct" })
    })
  )

  it.effect("maps a reset connection to TransportError, saying what the runtime said", () =>
    Effect.gen(function* () {
      handler = (req) => req.socket.destroy()
      const e = failure(yield* Effect.exit(call()))
      expect(e._tag).toBe("TransportError")
      expect(e.message).not.toMatch(/^RequestError/)
      expect(e.message.length).toBeGreaterThan(0)
      noSecrets(e)
    })
  )

  it.effect("reads an ISO-8859-1 reply whose charset is announced only by Content-Type", () =>
    Effect.gen(function* () {
      const xml = Either.getOrThrow(
        Operation.encodeResponse(CreateSession, { Response: { Key: "blåbærsyltetøy", LoginId: 1 } }, {})
      ).replace(/^<\?xml[^>]*\?>/, "")
      const latin1 = Uint8Array.from([...xml].map((c) => c.charCodeAt(0)))
      handler = (_q, _b, res) => {
        res.writeHead(200, { "content-type": "text/xml; charset=ISO-8859-1" })
        res.end(latin1)
      }
      const r = yield* call()
      expect(r.body.Response?.Key).toBe("blåbærsyltetøy")
    })
  )

  it.effect("every invoke error is a tagged error a caller can match exhaustively", () =>
    Effect.gen(function* () {
      handler = reply(502, "text/html", "<html><title>Bad Gateway</title></html>")
      const tag = yield* call().pipe(
        Effect.map(() => "ok"),
        Effect.catchTags({
          TransportError: (e) => Effect.succeed(e._tag),
          RequestTimeout: (e) => Effect.succeed(e._tag),
          UnexpectedResponse: (e) => Effect.succeed(`${e._tag}:${e.kind}`),
          XmlSyntaxError: (e) => Effect.succeed(e._tag),
          XmlForbiddenConstruct: (e) => Effect.succeed(e._tag),
          XmlLimitExceeded: (e) => Effect.succeed(e._tag),
          XmlEncodingError: (e) => Effect.succeed(e._tag),
          XmlWriteError: (e) => Effect.succeed(e._tag),
          XmlBindingError: (e) => Effect.succeed(e._tag),
          SoapEnvelopeError: (e) => Effect.succeed(e._tag),
          SoapVersionMismatch: (e) => Effect.succeed(e._tag),
          SoapFault: (e) => Effect.succeed(e._tag),
          MissingBodyElement: (e) => Effect.succeed(e._tag)
        })
      )
      // After catching every tag the error channel is `never`: the union is closed.
      const closed: Effect.Effect<string, never> = Effect.succeed(tag)
      expect(yield* closed).toBe("UnexpectedResponse:HtmlPage")
    })
  )

  it.effect("applies reader limits from the call and from the XmlReaderLimits reference", () =>
    Effect.gen(function* () {
      if (Either.isLeft(okBody)) throw okBody.left
      handler = reply(200, "text/xml; charset=utf-8", okBody.right)
      const withLimits = (limits: Operation.InvokeOptions<unknown>["limits"]) =>
        Operation.invoke(
          CreateSession,
          { RemoteIp: "10.1.2.3" },
          { url, headers: { ApplicationToken: "app", Credentials: { Ticket: "t" } }, limits }
        ).pipe(Effect.provide(NodeHttpClient.layer))
      expect((yield* withLimits(undefined)).body.Response?.Key).toBe("abc")
      expect(failure(yield* Effect.exit(withLimits({ maxDepth: 3 })))).toMatchObject({
        _tag: "XmlLimitExceeded",
        limit: "maxDepth",
        max: 3
      })
      const fromReference = failure(
        yield* Effect.exit(
          withLimits(undefined).pipe(
            Effect.provideService(XmlReader.XmlReaderLimits, { ...XmlReader.defaultLimits, maxElements: 5 })
          )
        )
      )
      expect(fromReference).toMatchObject({ _tag: "XmlLimitExceeded", limit: "maxElements", max: 5 })
      // The call's own limits win over the reference.
      const overridden = yield* withLimits({ maxElements: 1000 }).pipe(
        Effect.provideService(XmlReader.XmlReaderLimits, { ...XmlReader.defaultLimits, maxElements: 5 })
      )
      expect(overridden.body.Response?.Key).toBe("abc")
    })
  )

  it.live("refuses a reply over maxBytes while it streams in, without waiting for the rest", () =>
    Effect.gen(function* () {
      let closed = false
      // Sends more than the limit and then never finishes: only a capped read can return.
      handler = (req, _b, res) => {
        req.socket.on("close", () => (closed = true))
        res.writeHead(200, { "content-type": "text/xml; charset=utf-8" })
        res.write(`<r>${"x".repeat(8192)}`)
      }
      const e = failure(
        yield* Effect.exit(
          Operation.invoke(
            CreateSession,
            { RemoteIp: "10.1.2.3" },
            { url, headers: { ApplicationToken: "app", Credentials: { Ticket: "t" } }, limits: { maxBytes: 4096 } }
          ).pipe(Effect.provide(NodeHttpClient.layer), Effect.timeout("5 seconds"))
        )
      )
      expect(e).toMatchObject({ _tag: "XmlLimitExceeded", limit: "maxBytes", max: 4096 })
      yield* Effect.sleep(100)
      expect(closed).toBe(true)
    })
  )

  it.live("refuses a reply whose Content-Length is over maxBytes before reading it", () =>
    Effect.gen(function* () {
      // Announces 5000 bytes and sends only the start: only the Content-Length check can return.
      handler = (_q, _b, res) => {
        res.writeHead(200, { "content-type": "text/xml; charset=utf-8", "content-length": "5000" })
        res.write("<r>")
      }
      const e = failure(
        yield* Effect.exit(
          Operation.invoke(
            CreateSession,
            { RemoteIp: "10.1.2.3" },
            { url, headers: { ApplicationToken: "app", Credentials: { Ticket: "t" } } }
          ).pipe(
            Effect.provide(NodeHttpClient.layer),
            Effect.provideService(XmlReader.XmlReaderLimits, { ...XmlReader.defaultLimits, maxBytes: 4999 }),
            Effect.timeout("5 seconds")
          )
        )
      )
      expect(e).toMatchObject({ _tag: "XmlLimitExceeded", limit: "maxBytes", max: 4999 })
    })
  )

  it.effect("maps a truncated body to a typed error", () =>
    Effect.gen(function* () {
      handler = (_q, _b, res) => {
        res.writeHead(200, { "content-type": "text/xml", "content-length": "500" })
        res.write(`<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>`)
        setTimeout(() => res.socket?.destroy(), 20)
      }
      const e = failure(yield* Effect.exit(call()))
      expect(["TransportError", "XmlSyntaxError"]).toContain(e._tag)
    })
  )

  it.live("times out, aborts the request and fails with RequestTimeout", () =>
    Effect.gen(function* () {
      let closed = false
      handler = (req) => req.socket.on("close", () => (closed = true))
      const e = failure(yield* Effect.exit(call(150)))
      expect(e).toMatchObject({ _tag: "RequestTimeout", timeoutMillis: 150 })
      yield* Effect.sleep(100)
      expect(closed).toBe(true)
    })
  )

  it.live("interruption aborts the request", () =>
    Effect.gen(function* () {
      let closed = false
      handler = (req) => req.socket.on("close", () => (closed = true))
      const fiber = yield* Effect.fork(call())
      yield* Effect.sleep(100)
      yield* Fiber.interrupt(fiber)
      yield* Effect.sleep(100)
      expect(closed).toBe(true)
    })
  )

  it.effect("rejects input that does not fit the wire type before sending", () =>
    Effect.gen(function* () {
      const before = received.length
      const e = failure(
        yield* Effect.exit(
          Operation.invoke(CreateSession, { RemoteIp: "a\u0000b" }, { url, headers: {} }).pipe(
            Effect.provide(NodeHttpClient.layer)
          )
        )
      )
      expect(e._tag).toBe("XmlWriteError")
      expect(received.length).toBe(before)
    })
  )
})
