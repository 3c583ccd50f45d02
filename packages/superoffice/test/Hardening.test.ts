/**
 * Secrets, bounds and required fields against hostile or careless replies, on an
 * in-memory HttpClient.
 */
import { describe, expect, it } from "@effect/vitest"
import { Cause, Effect, Exit, Layer, Redacted, Tracer } from "effect"
import * as CsSession from "../src/CsSession.ts"
import * as CustomerService from "../src/CustomerService.ts"
import * as SoPrincipal from "../src/SoPrincipal.ts"
import { type CannedReply, configLayer, memoryClient, ns, wcfFault, wcfReply } from "./support/Servers.ts"

const NS = ns("88")
const I = `xmlns:i="http://www.w3.org/2001/XMLSchema-instance"`
const ENDPOINT = "https://online3.superoffice.com/Cust12345"

const layer = (reply: (body: string) => CannedReply) =>
  Layer.mergeAll(
    configLayer(ENDPOINT, "88"),
    memoryClient((req) => reply(req.body))
  )

const renderings = (e: unknown): ReadonlyArray<string> => [
  String(e),
  JSON.stringify(e),
  (e as Error).message,
  String((e as Error).stack),
  Cause.pretty(Cause.fail(e))
]

const xmlEscaped = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")

describe("secrets the caller passes", () => {
  const key = "cs&key<7f>-Zq-secret-0123"

  it.effect("a Fault echoing the CsSessionKey (raw, escaped, in the detail) carries no key", () =>
    Effect.gen(function* () {
      const cs = yield* CustomerService.make("88")
      const e = yield* Effect.flip(cs.SessionIsValid({ CsSessionKey: key }))
      expect(e._tag).toBe("SoapFault")
      for (const text of renderings(e)) {
        expect(text).not.toContain(xmlEscaped(key))
        expect(text).not.toContain(key)
        expect(text).not.toContain(encodeURIComponent(key))
      }
      expect((e as { reason: string }).reason).toContain("<redacted>")
    }).pipe(
      Effect.provide(
        layer((body) => {
          const echoed = /<tns:CsSessionKey>([^<]*)</.exec(body)?.[1] ?? ""
          return {
            status: 500,
            body: wcfFault(`Session ${echoed} unknown; url-encoded ${encodeURIComponent(key)}`).replace(
              "</s:Fault>",
              `<detail><Key>${echoed}</Key><Echo>${echoed}</Echo></detail></s:Fault>`
            )
          }
        })
      )
    )
  )

  it.effect("a login error page echoing the password HTML-escaped carries no password", () => {
    const password = `p&ss"w<rd>-${"9".repeat(6)}`
    const numeric = [...password].map((c) => `&#${c.codePointAt(0)};`).join("")
    return Effect.gen(function* () {
      const so = yield* SoPrincipal.fromConfig
      const e = yield* Effect.flip(so.AuthenticateUsernamePassword("user", Redacted.make(password)))
      expect(e._tag).toBe("UnexpectedResponse")
      for (const text of renderings(e)) {
        expect(text).not.toContain(numeric)
        expect(text).not.toContain(xmlEscaped(password))
        expect(text).not.toContain(password)
      }
    }).pipe(
      Effect.provide(
        layer(() => ({
          status: 500,
          contentType: "text/html",
          body: `<html><body><p>Login ${numeric} and ${xmlEscaped(password)} failed</p></body></html>`
        }))
      )
    )
  })
})

describe("spans", () => {
  it.effect("the span of a call whose Fault echoes the caller's key records the failure without the key", () => {
    const key = "span-visible-cs-key-0a0b0c"
    const ended: Array<string> = []
    const tracer = Tracer.make({
      span: (name, parent, context, links, startTime, kind) => {
        const attributes = new Map<string, unknown>()
        const span: Tracer.Span = {
          _tag: "Span",
          name,
          spanId: name,
          traceId: "trace",
          parent,
          context,
          status: { _tag: "Started", startTime },
          attributes,
          links,
          sampled: true,
          kind,
          end: (_end, exit) => {
            ended.push(
              `${name} ${JSON.stringify([...attributes])} ${Exit.isFailure(exit) ? Cause.pretty(exit.cause) : "ok"}`
            )
          },
          attribute: (k, v) => void attributes.set(k, v),
          event: () => {},
          addLinks: () => {}
        }
        return span
      },
      context: (f) => f()
    })
    return Effect.gen(function* () {
      const cs = yield* CustomerService.make("88")
      yield* Effect.flip(cs.SessionIsValid({ CsSessionKey: key }))
      const call = ended.find((s) => s.startsWith("SuperOffice.Services88.SessionIsValid"))
      expect(call).toBeDefined()
      expect(call).toContain("SoapFault")
      for (const s of ended) expect(s).not.toContain(key)
    }).pipe(
      Effect.withTracer(tracer),
      Effect.provide(layer(() => ({ status: 500, body: wcfFault(`Session ${key} is unknown`) })))
    )
  })
})

describe("bounds", () => {
  const tenMb = 10 * 1024 * 1024

  it.effect("a 10 MB Fault reason is neither kept whole nor printed twice", () =>
    Effect.gen(function* () {
      const cs = yield* CustomerService.make("88")
      const e = yield* Effect.flip(cs.CreateSession({ RemoteIp: "1.1.1.1" }))
      expect(e._tag).toBe("SoapFault")
      const reason = (e as { reason: string }).reason
      expect(reason.length).toBeLessThan(1100)
      expect(reason).toMatch(/… \(\d+ characters\)$/)
      expect(e.message.length).toBeLessThan(1300)
      for (const text of renderings(e)) expect(text.length).toBeLessThan(12_000)
    }).pipe(Effect.provide(layer(() => ({ status: 500, body: wcfFault(`R${"r".repeat(tenMb)}`) }))))
  )

  it.effect("an ExceptionInfo chain of huge texts is capped at every level, parameter names too", () => {
    const huge = "m".repeat(2 * 1024 * 1024)
    const level = (depth: number): string =>
      `<Message>${huge}</Message><StackTrace>${huge}</StackTrace><FriendlyText>${huge}</FriendlyText><ExceptionType>Type${huge}</ExceptionType><Source>${huge}</Source>` +
      (depth > 0 ? `<InnerException>${level(depth - 1)}</InnerException>` : `<InnerException i:nil="true"/>`) +
      `<Parameters><SoExceptionInfoParametersKeyValuePair><Key>k${huge}</Key><Value>${huge}</Value></SoExceptionInfoParametersKeyValuePair></Parameters>`
    return Effect.gen(function* () {
      const cs = yield* CustomerService.make("88")
      const e = yield* Effect.flip(cs.GetMailboxes({}))
      expect(e._tag).toBe("SuperOfficeError")
      const walk = (v: unknown, seen = new Set<unknown>()): number => {
        if (typeof v === "string") return v.length
        if (typeof v !== "object" || v === null || seen.has(v)) return 0
        seen.add(v)
        let max = 0
        for (const k of Reflect.ownKeys(v)) {
          if (typeof k === "string") max = Math.max(max, k.length)
          max = Math.max(max, walk((v as Record<PropertyKey, unknown>)[k], seen))
        }
        return max
      }
      expect(walk(e)).toBeLessThan(4200)
      expect(((e as { serverStackTrace?: string }).serverStackTrace ?? "").length).toBeLessThan(1100)
      for (const text of renderings(e)) expect(text.length).toBeLessThan(20_000)
    }).pipe(
      Effect.provide(
        layer(() => ({
          body: wcfReply(
            "88",
            `<GetMailboxesResponse xmlns="${NS}"/>`,
            `<ExceptionInfo xmlns="${NS}" ${I}>${level(2)}</ExceptionInfo><Succeeded xmlns="${NS}">false</Succeeded>`
          )
        }))
      )
    )
  })

  it.effect("a 1 MB body element name is not echoed in full", () => {
    const name = `E${"n".repeat(1024 * 1024)}`
    return Effect.gen(function* () {
      const cs = yield* CustomerService.make("88")
      const e = yield* Effect.flip(cs.SessionIsValid({ CsSessionKey: "k" }))
      for (const text of renderings(e)) {
        expect(text).not.toContain("n".repeat(2000))
        expect(text.length).toBeLessThan(12_000)
      }
    }).pipe(
      Effect.provide(
        layer(() => ({
          body: wcfReply("88", `<${name} xmlns="${NS}"><Response>true</Response></${name}>`)
        }))
      )
    )
  })

  it.effect("a 1 MB element name in a malformed reply is not echoed in full either", () => {
    const name = `E${"n".repeat(1024 * 1024)}`
    return Effect.gen(function* () {
      const cs = yield* CustomerService.make("88")
      const e = yield* Effect.flip(cs.SessionIsValid({ CsSessionKey: "k" }))
      for (const text of renderings(e)) {
        expect(text).not.toContain("n".repeat(2000))
        expect(text.length).toBeLessThan(12_000)
      }
    }).pipe(
      Effect.provide(
        layer(() => ({
          body: wcfReply("88", `<SessionIsValidResponse xmlns="${NS}"><${name}>x</wrong></SessionIsValidResponse>`)
        }))
      )
    )
  })
})

describe("required fields of ready-made calls", () => {
  const createReply = (inner: string): CannedReply => ({
    body: wcfReply(
      "88",
      `<CreateSessionResponse xmlns="${NS}"><Response ${I}>${inner}</Response></CreateSessionResponse>`
    )
  })

  it.effect("CreateSession without LoginId is SessionNotCreated", () =>
    Effect.gen(function* () {
      const e = yield* Effect.flip(Effect.scoped(CsSession.scoped("10.1.2.3")))
      expect(e._tag).toBe("SessionNotCreated")
    }).pipe(Effect.provide(layer(() => createReply("<Key>some-session-key</Key><UserId>7</UserId>"))))
  )

  it.effect("CreateSession without Key is SessionNotCreated", () =>
    Effect.gen(function* () {
      const e = yield* Effect.flip(Effect.scoped(CsSession.scoped("10.1.2.3")))
      expect(e._tag).toBe("SessionNotCreated")
    }).pipe(Effect.provide(layer(() => createReply("<LoginId>42</LoginId><UserId>7</UserId>"))))
  )

  it.effect("CreateSession with an empty Key is SessionNotCreated", () =>
    Effect.gen(function* () {
      const e = yield* Effect.flip(Effect.scoped(CsSession.scoped("10.1.2.3")))
      expect(e._tag).toBe("SessionNotCreated")
    }).pipe(Effect.provide(layer(() => createReply("<Key></Key><LoginId>42</LoginId><UserId>7</UserId>"))))
  )

  it.effect("a login that succeeds without a ticket is InvalidCredentials, never a ticketless success", () =>
    Effect.gen(function* () {
      const so = yield* SoPrincipal.fromConfig
      const e = yield* Effect.flip(so.AuthenticateUsernamePassword("user", Redacted.make("password-1234")))
      expect(e._tag).toBe("InvalidCredentials")
      expect(e.message).toContain("no ticket in the reply")
    }).pipe(
      Effect.provide(
        layer(() => ({
          body: wcfReply(
            "88",
            `<AuthenticateResponse xmlns="${NS}"><Response ${I} i:nil="true"/><Credentials ${I} i:nil="true"/><AuthenticationSucceeded>true</AuthenticationSucceeded></AuthenticateResponse>`
          )
        }))
      )
    )
  )
})
