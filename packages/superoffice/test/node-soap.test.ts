/**
 * node-soap, loaded with the real WSDLs, as an independent SOAP peer: what it
 * received (SOAPAction, media type, the SOAP headers, the arguments) and what we
 * decoded from its replies. node-soap writes no WCF response headers by itself;
 * its `addSoapHeader` hook is used to add the `Succeeded`/`ExceptionInfo` blocks.
 */
import type { HttpClient } from "@effect/platform"
import { NodeHttpClient } from "@effect/platform-node"
import { Effect, Exit, Layer, Redacted, Schedule } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import * as CsSession from "../src/CsSession.ts"
import * as CustomerService from "../src/CustomerService.ts"
import * as SoPrincipal from "../src/SoPrincipal.ts"
import type { SuperOfficeConfig } from "../src/SuperOfficeConfig.ts"
import * as X from "./support/MiniXsd.ts"
import {
  ACCESS_TOKEN,
  APP_TOKEN,
  configLayer,
  ns,
  PASSWORD,
  renderings,
  type SoapPeer,
  secretValues,
  startSoapPeer,
  TICKET
} from "./support/Servers.ts"

const headerNames = (raw: string) =>
  X.parseXml(raw)
    .children.find((c) => c.local === "Header")!
    .children.map((c) => `{${c.uri}}${c.local}`)

for (const version of ["86", "87", "88"] as const) {
  describe(`node-soap peer, Services${version}`, () => {
    let peer: SoapPeer
    beforeAll(async () => {
      peer = await startSoapPeer(version)
      peer.setResponseHeaders(() => `<Succeeded xmlns="${ns(version)}">true</Succeeded>`)
      peer.implement("CustomerService", "CreateSession", () => ({
        Response: { Key: "session-key-1", LoginId: 42, UserId: 7 }
      }))
      peer.implement("CustomerService", "SessionIsValid", (args) => ({
        Response: args.CsSessionKey === "session-key-1"
      }))
      peer.implement("CustomerService", "ReportSessionActive", () => ({ Response: 1 }))
      peer.implement("SoPrincipal", "AuthenticateUsernamePassword", (args) => ({
        Response: { UserType: "InternalAssociate", Associate: args.UserName, AssociateId: 5, FullName: "Jo Doe" },
        Credentials: { Ticket: "7T:FreshTicketFromServer==" },
        AuthenticationSucceeded: true
      }))
      peer.implement("SoPrincipal", "AuthenticateWithAccessToken", () => ({
        Credentials: { Ticket: "7T:TicketForAccessToken==" },
        AuthenticationSucceeded: true
      }))
    })
    afterAll(() => peer.close())

    const run = <A, E>(effect: Effect.Effect<A, E, SuperOfficeConfig | HttpClient.HttpClient>) =>
      Effect.runPromise(
        effect.pipe(Effect.provide(Layer.mergeAll(configLayer(peer.endpoint, version), NodeHttpClient.layerUndici)))
      )
    const last = () => peer.received[peer.received.length - 1]!

    it("CreateSession: SOAP 1.1 with the headers in soap:Header; the session key decoded", async () => {
      const reply = await run(
        Effect.flatMap(CustomerService.make(version), (cs) => cs.CreateSession({ RemoteIp: "10.0.0.9" }))
      )
      const got = last()
      expect(got.method).toBe("CreateSession")
      expect(got.soapAction).toBe(`"${ns(version)}/CustomerService/CreateSession"`)
      expect(got.contentType).toBe("text/xml; charset=utf-8")
      expect(got.headers).toEqual({
        ApplicationToken: Redacted.value(APP_TOKEN),
        Credentials: { Ticket: Redacted.value(TICKET) }
      })
      expect(headerNames(got.raw)).toEqual([`{${ns(version)}}ApplicationToken`, `{${ns(version)}}Credentials`])
      expect(got.args).toEqual({ RemoteIp: "10.0.0.9" })
      expect(reply.body.Response).toMatchObject({ Key: "session-key-1", LoginId: 42, UserId: 7 })
      expect(reply.headers.Succeeded).toBe(true)
    })

    it("RemoveSession sends the LoginId", async () => {
      const reply = await run(Effect.flatMap(CustomerService.make(version), (cs) => cs.RemoveSession({ LoginId: 42 })))
      expect(last()).toMatchObject({ method: "RemoveSession", args: { LoginId: 42 } })
      expect(last().soapAction).toBe(`"${ns(version)}/CustomerService/RemoveSession"`)
      expect(reply.status).toBe(200)
    })

    it("SessionIsValid asks with the CS session key", async () => {
      const valid = await run(
        Effect.flatMap(CustomerService.make(version), (cs) => cs.SessionIsValid({ CsSessionKey: "session-key-1" }))
      )
      expect(last()).toMatchObject({ method: "SessionIsValid", args: { CsSessionKey: "session-key-1" } })
      expect(valid.body.Response).toBe(true)
      const invalid = await run(
        Effect.flatMap(CustomerService.make(version), (cs) => cs.SessionIsValid({ CsSessionKey: "other" }))
      )
      expect(invalid.body.Response).toBe(false)
    })

    if (version === "88") {
      it("ReportSessionActive sends the SessionKey", async () => {
        const reply = await run(
          Effect.flatMap(CustomerService.make("88"), (cs) => cs.ReportSessionActive({ SessionKey: "session-key-1" }))
        )
        expect(last()).toMatchObject({ method: "ReportSessionActive", args: { SessionKey: "session-key-1" } })
        expect(reply.body.Response).toBe(1)
      })
    }

    it("a CS session: CreateSession, keep-alives, RemoveSession", async () => {
      const before = peer.received.length
      // Real time: stay in the session until the peer has accepted two keep-alives.
      const keepAlives = await run(
        CsSession.use(
          "10.0.0.9",
          (s) => s.keepAlives.pipe(Effect.repeat({ schedule: Schedule.spaced("10 millis"), until: (n) => n >= 2 })),
          { keepAliveInterval: "50 millis" }
        )
      )
      const methods = peer.received.slice(before).map((r) => r.method)
      const keepAlive = version === "88" ? "ReportSessionActive" : "SessionIsValid"
      expect(methods[0]).toBe("CreateSession")
      expect(methods[methods.length - 1]).toBe("RemoveSession")
      expect(methods.slice(1, -1).every((m) => m === keepAlive)).toBe(true)
      expect(keepAlives).toBeGreaterThanOrEqual(2)
      expect(peer.received[peer.received.length - 1]!.args).toEqual({ LoginId: 42 })
    })

    it("SoPrincipal AuthenticateUsernamePassword: only the ApplicationToken header; the ticket comes back Redacted", async () => {
      const auth = await run(
        Effect.flatMap(SoPrincipal.fromConfig, (sp) => sp.AuthenticateUsernamePassword("jo", PASSWORD))
      )
      const got = last()
      expect(got.service).toBe("SoPrincipal")
      expect(got.soapAction).toBe(`"${ns(version)}/SoPrincipal/AuthenticateUsernamePassword"`)
      expect(got.headers).toEqual({ ApplicationToken: Redacted.value(APP_TOKEN) })
      expect(headerNames(got.raw)).toEqual([`{${ns(version)}}ApplicationToken`])
      expect(got.args).toEqual({ UserName: "jo", Password: Redacted.value(PASSWORD) })
      expect(Redacted.value(auth.ticket)).toBe("7T:FreshTicketFromServer==")
      expect(String(auth.ticket)).not.toContain("Fresh")
      expect(auth.principal).toMatchObject({ Associate: "jo", AssociateId: 5, FullName: "Jo Doe" })
    })

    it("SoPrincipal AuthenticateWithAccessToken exchanges an 8A: token for a ticket", async () => {
      const auth = await run(
        Effect.flatMap(SoPrincipal.fromConfig, (sp) => sp.AuthenticateWithAccessToken(ACCESS_TOKEN))
      )
      expect(last()).toMatchObject({
        method: "AuthenticateWithAccessToken",
        args: { AccessToken: Redacted.value(ACCESS_TOKEN) }
      })
      expect(last().headers).toEqual({ ApplicationToken: Redacted.value(APP_TOKEN) })
      expect(Redacted.value(auth.ticket)).toBe("7T:TicketForAccessToken==")
    })

    it("ExceptionInfo and Succeeded=false headers (through node-soap's header hook) become a SuperOfficeError", async () => {
      peer.setResponseHeaders(
        () =>
          `<ExceptionInfo xmlns="${ns(version)}"><Message>Mailbox 9 not found</Message><StackTrace>at Foo.Bar()</StackTrace><ExceptionType>SuperOffice.CRM.NotFoundException</ExceptionType><Source>NetServer</Source></ExceptionInfo><Succeeded xmlns="${ns(version)}">false</Succeeded>`
      )
      try {
        const exit = await run(Effect.exit(Effect.flatMap(CustomerService.make(version), (cs) => cs.GetMailboxes({}))))
        expect(Exit.isFailure(exit)).toBe(true)
        if (Exit.isFailure(exit) && exit.cause._tag === "Fail") {
          const e = exit.cause.error
          expect(e._tag).toBe("SuperOfficeError")
          expect(e).toMatchObject({ exceptionType: "SuperOffice.CRM.NotFoundException", succeeded: false })
          for (const r of renderings(e)) for (const s of secretValues) expect(r).not.toContain(s)
        }
      } finally {
        peer.setResponseHeaders(() => `<Succeeded xmlns="${ns(version)}">true</Succeeded>`)
      }
    })

    it("a SOAP Fault about the ticket becomes InvalidCredentials, with no secret in it", async () => {
      peer.implement("CustomerService", "HasChatNotify", () => {
        throw { Fault: { faultcode: "s:Client", faultstring: `Invalid ticket ${Redacted.value(TICKET)}` } }
      })
      const exit = await run(Effect.exit(Effect.flatMap(CustomerService.make(version), (cs) => cs.HasChatNotify({}))))
      expect(Exit.isFailure(exit) && exit.cause._tag === "Fail" && exit.cause.error._tag).toBe("InvalidCredentials")
      for (const r of renderings(exit)) for (const s of secretValues) expect(r).not.toContain(s)
    })
  })
}
