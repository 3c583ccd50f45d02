import { NodeHttpClient } from "@effect/platform-node"
import { it } from "@effect/vitest"
import { Envelope, Operation, SoapVersion } from "@sessionwire/protocol"
import { type RunningSimulator, SuperOffice, startSimulator } from "@sessionwire/simulator"
import { CsSession, CustomerService, Generated, SoPrincipal, SuperOfficeConfig } from "@sessionwire/superoffice"
import { Effect, Either, Layer, Redacted } from "effect"
import { afterAll, beforeAll, describe, expect } from "vitest"

const APP = Redacted.make("sim-application-token")
const PASSWORD = Redacted.make("sim-superoffice-password")
const versions = ["86", "87", "88"] as const

let sim: RunningSimulator
let clock = Date.now()
beforeAll(async () => {
  sim = await startSimulator({ now: () => clock, superoffice: { sessionIdleTimeoutMillis: 60_000 } })
})
afterAll(() => sim.stop())

const login = (version: SuperOfficeConfig.Version, password = PASSWORD) =>
  Effect.flatMap(SoPrincipal.make({ endpoint: sim.superofficeUrl, version, applicationToken: APP }), (p) =>
    p.AuthenticateUsernamePassword("sam.sample", password)
  )

const configFor = (version: SuperOfficeConfig.Version, ticket: Redacted.Redacted<string>) =>
  Either.getOrThrow(
    SuperOfficeConfig.make({
      endpoint: sim.superofficeUrl,
      version,
      applicationToken: APP,
      ticket,
      retry: { times: 0 }
    })
  )

const client = <V extends SuperOfficeConfig.Version>(version: V, ticket: Redacted.Redacted<string>) =>
  CustomerService.make(version).pipe(
    Effect.provideService(SuperOfficeConfig.SuperOfficeConfig, configFor(version, ticket))
  )

describe("SuperOffice lifecycle through the client", () => {
  for (const version of versions) {
    it.effect(`Services${version}: login, CreateSession, SessionIsValid, keep-alive, RemoveSession`, () =>
      Effect.gen(function* () {
        const auth = yield* login(version)
        expect(Redacted.value(auth.ticket)).toMatch(/^7T:/)
        expect(auth.principal?.AssociateId).toBe(5)
        const cs = (yield* client(version, auth.ticket)) as CustomerService.Client<"86">
        const created = yield* cs.CreateSession({ RemoteIp: "192.0.2.1" })
        const key = created.body.Response!.Key!
        const loginId = created.body.Response!.LoginId!
        expect(created.headers.Succeeded).toBe(true)
        expect((yield* cs.SessionIsValid({ CsSessionKey: key })).body.Response).toBe(true)
        if (version === "88") {
          const cs88 = yield* client("88", auth.ticket)
          expect((yield* cs88.ReportSessionActive({ SessionKey: key })).body.Response).toBe(1)
        }
        expect(sim.state.superoffice.liveSessions().some((s) => s.loginId === loginId && s.version === version)).toBe(
          true
        )
        yield* cs.RemoveSession({ LoginId: loginId })
        expect((yield* cs.SessionIsValid({ CsSessionKey: key })).body.Response).toBe(false)
      }).pipe(Effect.provide(NodeHttpClient.layerUndici))
    )
  }

  it.effect("a bad password, a forged ticket and a missing application token are InvalidCredentials", () =>
    Effect.gen(function* () {
      const bad = yield* Effect.flip(login("88", Redacted.make("wrong")))
      expect(bad._tag).toBe("InvalidCredentials")
      const cs = yield* client("88", Redacted.make("7T:forged-ticket-value"))
      const e = yield* Effect.flip(cs.CreateSession({ RemoteIp: "192.0.2.1" }))
      expect(e._tag).toBe("InvalidCredentials")
      expect(e.message).not.toContain("forged-ticket-value")
      const noApp = yield* Effect.flip(
        Effect.flatMap(
          SoPrincipal.make({
            endpoint: sim.superofficeUrl,
            version: "88",
            applicationToken: Redacted.make("wrong-app")
          }),
          (p) => p.AuthenticateUsernamePassword("sam.sample", PASSWORD)
        )
      )
      expect(noApp._tag).toBe("InvalidCredentials")
    }).pipe(Effect.provide(NodeHttpClient.layerUndici))
  )

  it.effect("an access token logs in, and also works directly as the ticket", () =>
    Effect.gen(function* () {
      const token = Redacted.make("8A:sim-superoffice-access-token")
      const p = yield* SoPrincipal.make({ endpoint: sim.superofficeUrl, version: "87", applicationToken: APP })
      const auth = yield* p.AuthenticateWithAccessToken(token)
      expect(Redacted.value(auth.ticket)).toMatch(/^7T:/)
      const cs = yield* client("87", token)
      expect((yield* cs.CreateSession({ RemoteIp: "192.0.2.2" })).body.Response?.UserId).toBe(5)
    }).pipe(Effect.provide(NodeHttpClient.layerUndici))
  )

  it.effect("sessions expire after the idle timeout; a revoked ticket is rejected", () =>
    Effect.gen(function* () {
      const auth = yield* login("88")
      const cs = yield* client("88", auth.ticket)
      const key = (yield* cs.CreateSession({ RemoteIp: "192.0.2.3" })).body.Response!.Key!
      clock += 59_000
      expect((yield* cs.ReportSessionActive({ SessionKey: key })).body.Response).toBe(1)
      clock += 59_000
      expect((yield* cs.SessionIsValid({ CsSessionKey: key })).body.Response).toBe(true)
      clock += 61_000
      expect((yield* cs.SessionIsValid({ CsSessionKey: key })).body.Response).toBe(false)
      const gone = yield* Effect.flip(cs.ReportSessionActive({ SessionKey: key }))
      expect(gone._tag).toBe("SuperOfficeError")
      sim.state.superoffice.revokeTickets()
      expect((yield* Effect.flip(cs.SessionIsValid({ CsSessionKey: key })))._tag).toBe("InvalidCredentials")
    }).pipe(Effect.provide(NodeHttpClient.layerUndici))
  )

  it.live("CsSession.scoped keeps the session alive and removes it when the scope closes", () =>
    Effect.gen(function* () {
      const auth = yield* login("88")
      const loginId = yield* Effect.scoped(
        Effect.gen(function* () {
          const session = yield* CsSession.scoped("192.0.2.4", { keepAliveInterval: "20 millis" })
          while ((yield* session.keepAlives) < 2) yield* Effect.sleep("10 millis")
          expect(sim.state.superoffice.liveSessions().some((s) => s.loginId === session.loginId)).toBe(true)
          return session.loginId
        })
      ).pipe(Effect.provide(Layer.succeed(SuperOfficeConfig.SuperOfficeConfig, configFor("88", auth.ticket))))
      expect(sim.state.superoffice.liveSessions().some((s) => s.loginId === loginId)).toBe(false)
    }).pipe(Effect.provide(NodeHttpClient.layerUndici))
  )
})

describe("SuperOffice wire-level rejections, as WCF BasicHttpBinding gives them", () => {
  const url = () => `${sim.superofficeUrl}/Remote/Services88/CustomerService.svc`
  const createSession = Generated.versions["88"].CustomerService.operations.CreateSession
  const request = Either.getOrThrow(Operation.encodeRequest(createSession, { RemoteIp: "192.0.2.9" }, {}))

  const post = async (body: string, headers: Record<string, string>) => {
    const r = await fetch(url(), { method: "POST", body, headers })
    return { status: r.status, text: await r.text() }
  }
  const faultOf = (text: string) => Either.getOrThrow(Envelope.decode(text)).fault

  it("a SOAP 1.2 media type gets HTTP 415", async () => {
    const r = await post(request.body, SoapVersion.requestHeaders("1.2", createSession.action))
    expect(r.status).toBe(415)
  })

  it("a SOAP 1.2 envelope sent as text/xml gets a VersionMismatch fault", async () => {
    const soap12 = request.body.replaceAll(SoapVersion.SOAP11_NS, SoapVersion.SOAP12_NS)
    const r = await post(soap12, request.headers)
    expect(r.status).toBe(500)
    expect(faultOf(r.text)?.codeLocal).toBe("VersionMismatch")
  })

  it("a wrong or missing SOAPAction gets a ContractFilter fault", async () => {
    for (const soapaction of [
      '"http://www.superoffice.net/ws/crm/NetServer/Services87/CustomerService/CreateSession"',
      ""
    ]) {
      const r = await post(request.body, { "content-type": "text/xml; charset=utf-8", soapaction })
      expect(r.status).toBe(500)
      expect(faultOf(r.text)?.reason).toContain("ContractFilter mismatch")
    }
  })

  it("a body that is not XML gets HTTP 400, and GET shows the service page", async () => {
    expect((await post("not xml", request.headers)).status).toBe(400)
    const page = await fetch(url())
    expect(page.status).toBe(200)
    expect(await page.text()).toContain("CustomerService")
  })
})

describe("every generated operation is answered", () => {
  it("each op of each version decodes to Succeeded=true with a schema-conformant body", () => {
    const state = sim.state.superoffice
    const ticket = state.login("sam.sample", Redacted.value(PASSWORD))!.ticket
    let count = 0
    for (const version of SuperOffice.versions) {
      for (const service of ["CustomerService", "SoPrincipal"] as const) {
        for (const op of Object.values(SuperOffice.catalog[version]![service])) {
          const headers =
            service === "CustomerService"
              ? { ApplicationToken: "sim-application-token", Credentials: { Ticket: ticket } }
              : { ApplicationToken: "sim-application-token" }
          const req = Either.getOrThrow(Operation.encodeRequest(op, {}, headers))
          const reply = SuperOffice.handle(
            { version, service },
            { headers: req.headers, body: new TextEncoder().encode(req.body) },
            state
          )
          const env = Either.getOrThrow(Envelope.decode(reply.body, { expected: "1.1" }))
          const decoded = Operation.decodeResponse(op, env)
          expect(Either.isRight(decoded), `${version} ${op.name}`).toBe(true)
          const h = Either.getOrThrow(decoded).headers as { Succeeded?: boolean }
          // Only the operations that need input the empty request lacks may say no.
          if (
            !["ReportSessionActive", "AuthenticateUsernamePassword", "AuthenticateWithAccessToken"].includes(op.name)
          ) {
            expect(h.Succeeded, `${version} ${op.name}`).toBe(true)
          }
          count++
        }
      }
    }
    expect(count).toBe(18 + 28 + 40 + 3 * 5)
  })
})
