import { NodeHttpClient } from "@effect/platform-node"
import { it } from "@effect/vitest"
import { XmlNode, XmlReader } from "@sessionwire/protocol"
import { type RunningSimulator, startSimulator } from "@sessionwire/simulator"
import { readShared } from "@sessionwire/testkit"
import {
  Attendee,
  GeneralSession,
  History,
  SessionTicket,
  SupportSession,
  User,
  WebExClient,
  WebExConfig
} from "@sessionwire/webex"
import { Chunk, Effect, Either, Layer, Redacted, Stream } from "effect"
import { afterAll, beforeAll, describe, expect } from "vitest"

let sim: RunningSimulator
beforeAll(async () => {
  sim = await startSimulator()
})
afterAll(() => sim.stop())

const configOf = (options: Partial<WebExConfig.Options> = {}) =>
  Either.getOrThrow(
    WebExConfig.make({
      siteName: "sessionwire",
      webExID: "csr.sample",
      password: Redacted.make("sim-webex-password"),
      endpoint: sim.webexUrl,
      retry: { times: 0 },
      ...options
    })
  )

const withClient = (options: Partial<WebExConfig.Options> = {}) =>
  Layer.effect(WebExClient.WebExClient, WebExClient.make(configOf(options))).pipe(
    Layer.provide(NodeHttpClient.layerUndici)
  )

describe("WebEx lifecycle through the client", () => {
  it.live("AuthenticateUser, then CreateSupportSession, GetFeedbackInfo and history on the ticket", () =>
    Effect.gen(function* () {
      const auth = yield* User.authenticate()
      expect(Redacted.value(auth.sessionTicket).length).toBeGreaterThan(20)
      expect(auth.timeToLive).toBe(5400)
      const created = yield* SupportSession.create({
        metaData: { sessionType: 13 },
        tracking: { trackingCode1: "CASE-42" }
      })
      const key = created.sessionKey!
      expect(typeof key).toBe("bigint")
      const fb = yield* Attendee.feedback(key)
      expect(fb.session).toHaveLength(1)
      expect(fb.session[0]!.attendee[0]!.feedbackFields?.defaultFields?.setup).toBe("Excellent")
      const page = yield* History.listSupportSessions({ sessionKey: key })
      expect(page.supportSessionHistory.map((s) => s.sessionKey)).toEqual([key])
      expect(page.supportSessionHistory[0]!.trackingCode?.trackingCode1).toBe("CASE-42")
    }).pipe(
      Effect.provide(
        Layer.effect(WebExClient.WebExClient, SessionTicket.make(configOf())).pipe(
          Layer.provide(NodeHttpClient.layerUndici)
        )
      )
    )
  )

  it.live("history pages for real: the stream walks every record, 000015 is an empty list", () =>
    Effect.gen(function* () {
      const first = yield* History.listSupportSessions({ listControl: { startFrom: 1, maximumNum: 5 } })
      const total = first.matchingRecords!.total
      expect(first.supportSessionHistory).toHaveLength(5)
      expect(total).toBeGreaterThanOrEqual(12)
      const all = yield* Stream.runCollect(History.streamSupportSessions({}, { pageSize: 5 }))
      expect(Chunk.size(all)).toBe(total)
      expect(new Set(Chunk.toReadonlyArray(all).map((s) => s.sessionKey)).size).toBe(total)
      const none = yield* History.listSupportSessions({ sessionKey: 1n })
      expect(none.supportSessionHistory).toEqual([])
      const attendees = yield* Stream.runCollect(History.streamSupportAttendees({}, { pageSize: 7 }))
      expect(Chunk.size(attendees)).toBe(total * 2)
    }).pipe(Effect.provide(withClient()))
  )

  it.live("a site admin sees every host's sessions", () =>
    Effect.gen(function* () {
      const page = yield* History.listSupportSessions({ listControl: { maximumNum: 500 } })
      const hosts = new Set(page.supportSessionHistory.map((s) => s.hostWebExID))
      expect(hosts).toEqual(new Set(["csr.sample", "site.admin"]))
    }).pipe(Effect.provide(withClient({ webExID: "site.admin", password: Redacted.make("sim-webex-admin-password") })))
  )

  it.effect("bad credentials get their exceptionIDs and tags", () =>
    Effect.gen(function* () {
      const wrong = yield* Effect.flip(
        SupportSession.create().pipe(Effect.provide(withClient({ password: Redacted.make("nope") })))
      )
      expect(wrong).toMatchObject({ _tag: "InvalidCredentials", exceptionID: "030002" })
      const unknown = yield* Effect.flip(
        SupportSession.create().pipe(Effect.provide(withClient({ webExID: "nobody" })))
      )
      expect(unknown).toMatchObject({ _tag: "UserNotFound", exceptionID: "030001" })
      const ticket = yield* Effect.flip(
        SupportSession.create().pipe(
          Effect.provide(withClient({ password: undefined, sessionTicket: Redacted.make("AAABforged") }))
        )
      )
      expect(ticket).toMatchObject({ _tag: "InvalidCredentials", exceptionID: "030047" })
      const token = yield* User.authenticate().pipe(
        Effect.provide(withClient({ password: undefined, webExAccessToken: Redacted.make("sim-webex-access-token") }))
      )
      expect(Redacted.value(token.sessionTicket)).toMatch(/^AAAB/)
    })
  )

  it.effect("GetAPIVersion needs only the site", () =>
    Effect.gen(function* () {
      const v = yield* GeneralSession.apiVersion()
      expect(v.apiVersion).toContain("WebEx XML API")
    }).pipe(Effect.provide(withClient()))
  )
})

describe("WebEx message-level rejections", () => {
  const post = async (body: string) => {
    const r = await fetch(sim.webexUrl, {
      method: "POST",
      body,
      headers: { "content-type": "text/xml; charset=UTF-8" }
    })
    const root = Either.getOrThrow(XmlReader.readSync(await r.text()))
    const response = XmlNode.childLocal(XmlNode.childLocal(root, "header")!, "response")!
    const text = (n: string) => XmlNode.childLocal(response, n)?.text
    return { status: r.status, result: text("result"), exceptionID: text("exceptionID"), reason: text("reason"), root }
  }
  const message = (
    attrs: string,
    body: string,
    ctx = "<webExID>csr.sample</webExID><password>sim-webex-password</password><siteName>sessionwire</siteName>"
  ) =>
    `<?xml version="1.0" encoding="UTF-8"?><serv:message ${attrs}><header><securityContext>${ctx}</securityContext></header><body>${body}</body></serv:message>`
  const XSI = 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
  const SERV = 'xmlns:serv="http://www.webex.com/schemas/2002/06/service"'
  const create = '<bodyContent xsi:type="java:com.webex.service.binding.supportsession.CreateSupportSession"/>'

  it("a message without xmlns:xsi fails with 000000 and an empty body, in HTTP 200", async () => {
    const r = await post(message(SERV, create))
    expect(r).toMatchObject({
      status: 200,
      result: "FAILURE",
      exceptionID: "000000",
      reason: "Fail to forward request:null"
    })
    expect(XmlNode.childLocal(r.root, "body")!.children).toEqual([])
  })

  it("an undeclared serv: prefix is accepted, as WebEx accepts its own docs samples", async () => {
    expect((await post(message(XSI, create))).result).toBe("SUCCESS")
  })

  it("an unknown operation and a mistyped field fail with 000000", async () => {
    const unknown = await post(
      message(`${XSI} ${SERV}`, '<bodyContent xsi:type="java:com.webex.service.binding.meeting.CreateMeeting"/>')
    )
    expect(unknown.exceptionID).toBe("000000")
    const typed = await post(
      message(
        `${XSI} ${SERV}`,
        '<bodyContent xsi:type="java:com.webex.service.binding.attendee.GetFeedbackInfo"><confID>abc</confID></bodyContent>'
      )
    )
    expect(typed.exceptionID).toBe("000000")
  })

  it("the docs' CreateSupportSession sample works once its credentials are the simulator's", async () => {
    const sample = readShared("webex/examples/supportsession/createSupportSession.request.xml")
      .replace("<webExID>hostid</webExID>", "<webExID>csr.sample</webExID>")
      .replace("<password>hostpassword</password>", "<password>sim-webex-password</password>")
      .replace("<siteID>0000</siteID>", "<siteID>243585</siteID>")
    const r = await post(sample)
    expect(r.result).toBe("SUCCESS")
    const content = XmlNode.childLocal(XmlNode.childLocal(r.root, "body")!, "bodyContent")!
    expect(content.xsiType).toEqual({
      ns: "http://www.webex.com/schemas/2002/06/service/supportsession",
      local: "createSupportSessionResponse"
    })
    expect(XmlNode.childLocal(content, "sessionKey")!.text).toMatch(/^\d+$/)
  })

  it("a date range over 90 days fails with 999999", async () => {
    const r = await post(
      message(
        `${XSI} ${SERV}`,
        '<bodyContent xsi:type="java:com.webex.service.binding.history.LstsupportsessionHistory"><startTimeScope><sessionStartTimeStart>01/01/2020 00:00:00</sessionStartTimeStart><sessionStartTimeEnd>12/31/2020 00:00:00</sessionStartTimeEnd></startTimeScope></bodyContent>'
      )
    )
    expect(r).toMatchObject({ exceptionID: "999999", reason: "Maximum date range is 90 days" })
  })
})
