import { inspect } from "node:util"
import { describe, expect, it } from "@effect/vitest"
import { Cause, Effect, Either, Exit, Logger, LogLevel, Redacted, Tracer } from "effect"
import * as History from "../src/History.ts"
import * as Namespaces from "../src/Namespaces.ts"
import * as SecurityContext from "../src/SecurityContext.ts"
import * as SessionTicket from "../src/SessionTicket.ts"
import * as SupportSession from "../src/SupportSession.ts"
import * as User from "../src/User.ts"
import * as WebExConfig from "../src/WebExConfig.ts"
import * as WebExOperation from "../src/WebExOperation.ts"
import { HttpLive, PASSWORD, TICKET, TOKEN, withClient } from "./support/layers.ts"
import type { CannedReply, Received } from "./support/server.ts"

const PARTNER = "partner-SECRET-77"
const SECRETS = [PASSWORD, TOKEN, TICKET, PARTNER]

const passwordAndPartner = {
  siteName: "acme",
  webExID: "host",
  password: Redacted.make(PASSWORD),
  partnerID: Redacted.make(PARTNER)
}

const failureEchoing = (exceptionID: string, echoed: string): CannedReply => ({
  body:
    `<?xml version="1.0" encoding="UTF-8"?><serv:message xmlns:serv="${Namespaces.SERV}"><serv:header><serv:response>` +
    `<serv:result>FAILURE</serv:result><serv:reason>Rejected credential ${echoed} for user host</serv:reason>` +
    `<serv:gsbStatus>PRIMARY</serv:gsbStatus><serv:exceptionID>${exceptionID}</serv:exceptionID>` +
    `<serv:subErrors><serv:subError><serv:exceptionID>${exceptionID}</serv:exceptionID><serv:reason>again ${echoed}</serv:reason>` +
    `<serv:value>${echoed}</serv:value></serv:subError></serv:subErrors><serv:value>${echoed}</serv:value>` +
    `</serv:response></serv:header><serv:body><serv:bodyContent/></serv:body></serv:message>`
})

/** Every way an error can be rendered: JSON, string, message, inspect, a pretty cause. */
const renderings = (error: unknown): ReadonlyArray<string> => [
  JSON.stringify(error, (_, v) => (typeof v === "bigint" ? v.toString() : v)),
  String(error),
  (error as Error).message ?? "",
  inspect(error, { depth: 10 }),
  Cause.pretty(Cause.fail(error))
]

const spanText = (span: Tracer.Span): string =>
  inspect(
    {
      name: span.name,
      attributes: Object.fromEntries((span as unknown as { attributes: Map<string, unknown> }).attributes),
      events: (span as unknown as { events: unknown }).events,
      status:
        span.status._tag === "Ended"
          ? Exit.isFailure(span.status.exit)
            ? Cause.pretty(span.status.exit.cause)
            : "ok"
          : "open"
    },
    { depth: 10 }
  )

interface Observed {
  readonly error: unknown
  readonly logs: ReadonlyArray<string>
  readonly spans: ReadonlyArray<Tracer.Span>
}

/** Runs `self` recording its failure, every log line (debug included) and every span. */
const observe = <A, E, R>(self: Effect.Effect<A, E, R>): Effect.Effect<Observed, never, R> =>
  Effect.gen(function* () {
    const native = yield* Effect.tracer
    const spans: Array<Tracer.Span> = []
    const tracer = Tracer.make({
      span: (...args: Parameters<Tracer.Tracer["span"]>) => {
        const s = native.span(...args)
        spans.push(s)
        return s
      },
      context: native.context
    })
    const logs: Array<string> = []
    const logger = Logger.make(({ message, cause, annotations }) => {
      logs.push(`${inspect(message, { depth: 10 })} ${inspect(annotations)} ${Cause.pretty(cause)}`)
    })
    const exit = yield* self.pipe(
      // An application would log the failure; that rendering must be clean too.
      Effect.tapErrorCause((cause) => Effect.logError("call failed", cause)),
      Effect.withTracer(tracer),
      Effect.provide(Logger.replace(Logger.defaultLogger, logger)),
      Logger.withMinimumLogLevel(LogLevel.All),
      Effect.exit
    )
    const error = Exit.isFailure(exit) ? Cause.squash(exit.cause) : undefined
    return { error, logs, spans }
  })

const expectNoSecrets = (observed: Observed) => {
  expect(observed.error).toBeDefined()
  const texts = [...renderings(observed.error), ...observed.logs, ...observed.spans.map(spanText)]
  for (const text of texts) for (const secret of SECRETS) expect(text).not.toContain(secret)
}

const sent = (server: { readonly received: ReadonlyArray<Received> }) => server.received.map((r) => r.body).join("\n")

describe("no secret in any error, log or span", () => {
  it.live("a FAILURE whose reason, subErrors and value echo the password and partner ID", () =>
    withClient(
      () => failureEchoing("030002", `${PASSWORD}/${PARTNER}`),
      (server) =>
        Effect.gen(function* () {
          const observed = yield* observe(History.listSupportSessions({ sessionKey: 1n }))
          expect((observed.error as { _tag: string })._tag).toBe("InvalidCredentials")
          expect((observed.error as { reason: string }).reason).toContain("<redacted>")
          expect(sent(server)).toContain(PASSWORD)
          expect(sent(server)).toContain(PARTNER)
          expectNoSecrets(observed)
          expect(observed.spans.map((s) => s.name)).toContain("WebEx.LstsupportsessionHistory")
          const span = observed.spans.find((s) => s.name === "WebEx.LstsupportsessionHistory")!
          const attributes = (span as unknown as { attributes: Map<string, unknown> }).attributes
          expect(attributes.get("server.address")).toBe(new URL(server.url).host)
          expect(attributes.get("webex.exception_id")).toBe("030002")
        }),
      { context: passwordAndPartner }
    )
  )

  it.live("retried rate limits log and trace nothing secret", () =>
    withClient(
      () => failureEchoing("000045", PASSWORD),
      (server) =>
        Effect.gen(function* () {
          const observed = yield* observe(History.listSupportSessions({ sessionKey: 1n }))
          expect((observed.error as { _tag: string })._tag).toBe("RateLimited")
          expect(server.received.length).toBeGreaterThan(1)
          expect(observed.logs.some((l) => l.includes("retrying"))).toBe(true)
          expect(observed.spans.filter((s) => s.name === "WebEx.LstsupportsessionHistory")).toHaveLength(
            server.received.length
          )
          expectNoSecrets(observed)
        }),
      { context: passwordAndPartner }
    )
  )

  it.live("an HTML error page and a plain-text reply that echo the password", () =>
    withClient(
      (_, i) =>
        i === 0
          ? {
              status: 500,
              headers: { "content-type": "text/html" },
              body: `<html><title>Error</title><body>bad password ${PASSWORD} partner ${PARTNER}</body></html>`
            }
          : { status: 200, headers: { "content-type": "text/plain" }, body: `denied: ${PASSWORD}` },
      () =>
        Effect.gen(function* () {
          const html = yield* observe(SupportSession.create())
          expect((html.error as { _tag: string })._tag).toBe("UnexpectedResponse")
          expectNoSecrets(html)
          const plain = yield* observe(SupportSession.create())
          expect((plain.error as { _tag: string })._tag).toBe("UnexpectedResponse")
          expectNoSecrets(plain)
        }),
      { context: passwordAndPartner }
    )
  )

  it.live("malformed XML and an undecodable field that contain the password", () =>
    withClient(
      (_, i) =>
        i === 0
          ? {
              body: `<?xml version="1.0"?><serv:message xmlns:serv="${Namespaces.SERV}"><oops>${PASSWORD}</serv:message>`
            }
          : {
              body:
                `<serv:message xmlns:serv="${Namespaces.SERV}" xmlns:sc="${Namespaces.SC}"><serv:header><serv:response>` +
                `<serv:result>SUCCESS</serv:result></serv:response></serv:header><serv:body><serv:bodyContent>` +
                `<sc:sessionKey>${PASSWORD}</sc:sessionKey></serv:bodyContent></serv:body></serv:message>`
            },
      () =>
        Effect.gen(function* () {
          const broken = yield* observe(SupportSession.create())
          expect((broken.error as { _tag: string })._tag).toBe("XmlSyntaxError")
          expectNoSecrets(broken)
          const undecodable = yield* observe(SupportSession.create())
          expect((undecodable.error as { _tag: string })._tag).toBe("XmlBindingError")
          expectNoSecrets(undecodable)
        }),
      { context: passwordAndPartner }
    )
  )

  it.live("an access token exchanged in the body and echoed back", () =>
    withClient(
      () => failureEchoing("030002", TOKEN),
      (server) =>
        Effect.gen(function* () {
          const observed = yield* observe(User.authenticate())
          expect((observed.error as { _tag: string })._tag).toBe("InvalidCredentials")
          expect(sent(server)).toContain(TOKEN)
          expectNoSecrets(observed)
        }),
      { context: { siteName: "acme", webExID: "host", webExAccessToken: Redacted.make(TOKEN) } }
    )
  )

  it.live("a session ticket that is issued, then rejected with the ticket in the reason", () =>
    withClient(
      (r) =>
        r.body.includes("user.AuthenticateUser")
          ? {
              body:
                `<serv:message xmlns:serv="${Namespaces.SERV}" xmlns:use="${Namespaces.USE}"><serv:header><serv:response>` +
                `<serv:result>SUCCESS</serv:result></serv:response></serv:header><serv:body><serv:bodyContent>` +
                `<use:sessionTicket>${TICKET}</use:sessionTicket><use:timeToLive>5400</use:timeToLive></serv:bodyContent></serv:body></serv:message>`
            }
          : failureEchoing("030047", TICKET),
      (server) =>
        Effect.gen(function* () {
          const observed = yield* observe(SupportSession.create())
          expect((observed.error as { _tag: string })._tag).toBe("InvalidCredentials")
          // login, call, renewed login, call once more — then the failure stands
          expect(server.received).toHaveLength(4)
          expect(sent(server)).toContain(TICKET)
          expectNoSecrets(observed)
        }),
      { context: passwordAndPartner, client: SessionTicket.layer() }
    )
  )

  it.live("a connection refused", () =>
    Effect.gen(function* () {
      const observed = yield* observe(
        WebExOperation.invoke(
          SupportSession.createSupportSession,
          {},
          {
            url: "http://127.0.0.1:9/WBXService/XMLService",
            securityContext: passwordAndPartner
          }
        ).pipe(Effect.provide(HttpLive))
      )
      expect((observed.error as { _tag: string })._tag).toBe("TransportError")
      expectNoSecrets(observed)
    })
  )

  it("an invalid context and an invalid configuration", () => {
    const twoCredentials = {
      ...passwordAndPartner,
      sessionTicket: Redacted.make(TICKET),
      webExAccessToken: Redacted.make(TOKEN)
    }
    const fromOp = Either.getLeft(WebExOperation.encodeRequest(SupportSession.createSupportSession, {}, twoCredentials))
    expect(fromOp._tag === "Some" && fromOp.value._tag).toBe("InvalidSecurityContext")
    const fromConfig = Either.getLeft(WebExConfig.make(twoCredentials))
    expect(fromConfig._tag === "Some" && fromConfig.value._tag).toBe("InvalidSecurityContext")
    const empty = Either.getLeft(
      SecurityContext.validate({ siteName: "acme", webExID: "h", password: Redacted.make(" ") })
    )
    expect(empty._tag === "Some" && empty.value.reason).toBe("password is empty")
    for (const e of [fromOp, fromConfig]) {
      if (e._tag === "None") throw new Error("expected a failure")
      expectNoSecrets({ error: e.value, logs: [], spans: [] })
    }
  })

  it("decoded tickets and configurations print as <redacted>", () => {
    const config = Either.getOrThrow(WebExConfig.make(passwordAndPartner))
    const res: User.AuthenticateUserResponse = { sessionTicket: Redacted.make(TICKET), timeToLive: 5400 }
    for (const value of [
      config,
      res,
      SecurityContext.withSessionTicket(config.securityContext, Redacted.make(TICKET))
    ]) {
      for (const text of [JSON.stringify(value), inspect(value, { depth: 10 }), String(value)]) {
        for (const secret of SECRETS) expect(text).not.toContain(secret)
      }
    }
  })
})
