import { addEqualityTesters, describe, expect, it } from "@effect/vitest"
import { XmlNode } from "@sessionwire/protocol"
import { Chunk, ConfigProvider, Duration, Effect, Either, Redacted, Stream, TestClock } from "effect"
import * as Attendee from "../src/Attendee.ts"
import { parseWebExTime } from "../src/Common.ts"
import * as GeneralSession from "../src/GeneralSession.ts"
import * as History from "../src/History.ts"
import * as Namespaces from "../src/Namespaces.ts"
import * as SessionTicket from "../src/SessionTicket.ts"
import * as SupportSession from "../src/SupportSession.ts"
import * as User from "../src/User.ts"
import * as WebExConfig from "../src/WebExConfig.ts"
import * as WebExOperation from "../src/WebExOperation.ts"
import { PASSWORD, passwordContext, TICKET, TOKEN, testRetry, withClient } from "./support/layers.ts"
import type { CannedReply, Received } from "./support/server.ts"

addEqualityTesters()

const { SERV, SC, ATT, HISTORY, USE, EP, COM } = Namespaces

const success = (prefix: string, ns: string, type: string, content: string, extraNs = ""): string =>
  `<?xml version="1.0" encoding="UTF-8"?><serv:message xmlns:serv="${SERV}" xmlns:com="${COM}" xmlns:${prefix}="${ns}"${extraNs}>` +
  `<serv:header><serv:response><serv:result>SUCCESS</serv:result><serv:gsbStatus>PRIMARY</serv:gsbStatus></serv:response></serv:header>` +
  `<serv:body><serv:bodyContent xsi:type="${prefix}:${type}" xmlns:xsi="${Namespaces.XSI}">${content}</serv:bodyContent></serv:body></serv:message>`

const failure = (exceptionID: string, reason: string): CannedReply => ({
  body: WebExOperation.encodeFailure({ exceptionID, reason })
})

/** The parts of a received request every test checks the same way. */
const requestParts = (r: Received) => {
  const rootTag = /<serv:message[^>]*>/.exec(r.body)?.[0] ?? ""
  const ctx = r.root.children[0]!.children[0]!
  const body = r.root.children[1]!.children[0]!
  return {
    method: r.method,
    path: r.url,
    contentType: r.headers["content-type"],
    declaresXsi: rootTag.includes(`xmlns:xsi="${Namespaces.XSI}"`),
    declaresServ: rootTag.includes(`xmlns:serv="${SERV}"`),
    securityContext: Object.fromEntries(ctx.children.map((c) => [c.local, c.text])),
    bodyType: body.xsiType,
    body
  }
}

const java = (local: string) => ({ ns: XmlNode.JAVA_TYPE_NS, local: `com.webex.service.binding.${local}` })

describe("CreateSupportSession", () => {
  it.live("sends the message WebEx expects and decodes a long sessionKey exactly", () =>
    withClient(
      () => ({
        body: success("sc", SC, "createSupportSessionResponse", "<sc:sessionKey>9007199254740993</sc:sessionKey>")
      }),
      (server) =>
        Effect.gen(function* () {
          const res = yield* SupportSession.create({
            metaData: { sessionType: 13 },
            tracking: { trackingCode1: "ticket-4711", trackingCode10: "x".repeat(128) }
          })
          expect(res).toEqual({ sessionKey: 9007199254740993n })
          expect(server.received).toHaveLength(1)
          const r = requestParts(server.received[0]!)
          expect(r).toMatchObject({
            method: "POST",
            path: "/WBXService/XMLService",
            contentType: "text/xml; charset=UTF-8",
            declaresXsi: true,
            declaresServ: true,
            securityContext: { webExID: "host", password: PASSWORD, siteName: "acme" },
            bodyType: java("supportsession.CreateSupportSession")
          })
          const decoded = Either.getOrThrow(
            WebExOperation.decodeRequest(SupportSession.createSupportSession, server.received[0]!.root)
          )
          expect(decoded.body).toEqual({
            metaData: { sessionType: 13 },
            tracking: { trackingCode1: "ticket-4711", trackingCode10: "x".repeat(128) }
          })
        })
    )
  )

  it.live("refuses a tracking code over 128 characters before sending", () =>
    withClient(
      () => ({ body: "" }),
      (server) =>
        Effect.gen(function* () {
          const e = yield* Effect.flip(SupportSession.create({ tracking: { trackingCode3: "y".repeat(129) } }))
          expect(e._tag).toBe("XmlBindingError")
          expect(e.message).toContain("trackingCode3")
          expect(server.received).toHaveLength(0)
        })
    )
  )

  it.live("refuses a context without a user before sending", () =>
    withClient(
      () => ({ body: "" }),
      (server) =>
        Effect.gen(function* () {
          const e = yield* Effect.flip(SupportSession.create())
          expect(e._tag).toBe("InvalidSecurityContext")
          expect(e.message).toContain("webExID or email")
          expect(server.received).toHaveLength(0)
        }),
      { context: { siteName: "acme", password: Redacted.make(PASSWORD) } }
    )
  )

  it.live("is never retried, even on a transient failure", () =>
    withClient(
      () => failure("000045", "API Rate Limit Reach"),
      (server) =>
        Effect.gen(function* () {
          const e = yield* Effect.flip(SupportSession.create())
          expect(e._tag).toBe("RateLimited")
          expect(server.received).toHaveLength(1)
        })
    )
  )
})

describe("GetFeedbackInfo", () => {
  const latin1Reply = (): CannedReply => {
    const xml =
      `<?xml version="1.0" encoding="ISO-8859-1"?>` +
      `<serv:message xmlns:serv="${SERV}" xmlns:att="${ATT}"><serv:header><serv:response><serv:result>SUCCESS</serv:result>` +
      `<serv:gsbStatus>PRIMARY</serv:gsbStatus></serv:response></serv:header><serv:body>` +
      `<serv:bodyContent xsi:type="att:getFeedbackInfoResponse" xmlns:xsi="${Namespaces.XSI}">` +
      `<att:session><att:confID>62916711</att:confID>` +
      `<att:attendee><att:attendeeID>1</att:attendeeID><att:feedbackFields><att:defaultFields><att:setup>Très bien</att:setup>` +
      `<att:comment>Grüße aus Zürich — ¡gracias!</att:comment></att:defaultFields><att:customFields>` +
      `<att:field><att:label>Résolu ?</att:label><att:value>Oui</att:value></att:field><att:field><att:label>Note</att:label></att:field>` +
      `</att:customFields></att:feedbackFields></att:attendee>` +
      `<att:attendee><att:attendeeID>2</att:attendeeID></att:attendee>` +
      `</att:session><att:session><att:confID>62916712</att:confID></att:session></serv:bodyContent></serv:body></serv:message>`
    // "—" is not Latin-1; the server would have written it as a character reference.
    return {
      headers: { "content-type": "text/xml;charset=ISO-8859-1" },
      body: new Uint8Array(Buffer.from(xml.replace("—", "&#8212;"), "latin1"))
    }
  }

  it.live("asks in the attendee package and reads an ISO-8859-1 reply", () =>
    withClient(latin1Reply, (server) =>
      Effect.gen(function* () {
        const res = yield* Attendee.feedback(62916711n)
        expect(res.session).toHaveLength(2)
        expect(res.session[0]).toEqual({
          confID: 62916711n,
          attendee: [
            {
              attendeeID: 1n,
              feedbackFields: {
                defaultFields: { setup: "Très bien", comment: "Grüße aus Zürich — ¡gracias!" },
                customFields: [{ label: "Résolu ?", value: "Oui" }, { label: "Note" }]
              }
            },
            { attendeeID: 2n }
          ]
        })
        expect(res.session[1]).toEqual({ confID: 62916712n, attendee: [] })
        const r = requestParts(server.received[0]!)
        expect(r.bodyType).toEqual(java("attendee.GetFeedbackInfo"))
        expect(r.body.children.map((c) => [c.local, c.text])).toEqual([["confID", "62916711"]])
        expect(r.declaresXsi).toBe(true)
      })
    )
  )

  it.live("000015 is an empty list of sessions", () =>
    withClient(
      () => failure("000015", "Sorry, no record found"),
      () =>
        Effect.gen(function* () {
          expect(yield* Attendee.feedback(1n)).toEqual({ session: [] })
        })
    )
  )
})

const sessionRecord = (i: number) =>
  `<history:supportSessionHistory><history:sessionKey>${1000 + i}</history:sessionKey><history:confName>Case ${i}</history:confName>` +
  `<history:sessionStartTime>03/01/2024 10:00:00</history:sessionStartTime><history:duration>${i}</history:duration>` +
  `<history:hostWebExID>host</history:hostWebExID><history:confID>${5000 + i}</history:confID>` +
  `<history:trackingCode><com:trackingCode1>T${i}</com:trackingCode1></history:trackingCode></history:supportSessionHistory>`

/** A history server holding `total` sessions, answering whatever slice `listControl` asks for. */
const sessionPages =
  (total: number) =>
  (r: Received): CannedReply => {
    const req = Either.getOrThrow(WebExOperation.decodeRequest(History.lstsupportsessionHistory, r.root)).body
    const start = req.listControl?.startFrom ?? 1
    const max = req.listControl?.maximumNum ?? 10
    const ids = Array.from({ length: total }, (_, i) => i + 1).slice(start - 1, start - 1 + max)
    if (ids.length === 0) return failure("000015", "Sorry, no record found")
    return {
      body: success(
        "history",
        HISTORY,
        "lstsupportsessionHistoryResponse",
        ids.map(sessionRecord).join("") +
          `<history:matchingRecords><serv:total>${total}</serv:total><serv:returned>${ids.length}</serv:returned>` +
          `<serv:startFrom>${start}</serv:startFrom></history:matchingRecords>`
      )
    }
  }

describe("LstsupportsessionHistory", () => {
  it.live("decodes a page and defaults to the last 90 days when nothing narrows the query", () =>
    withClient(sessionPages(2), (server) =>
      Effect.gen(function* () {
        const res = yield* History.listSupportSessions({ listControl: { startFrom: 1, maximumNum: 10 } })
        expect(res.matchingRecords).toEqual({ total: 2, returned: 2, startFrom: 1 })
        expect(res.supportSessionHistory[0]).toEqual({
          sessionKey: 1001n,
          confName: "Case 1",
          sessionStartTime: "03/01/2024 10:00:00",
          duration: 1,
          hostWebExID: "host",
          confID: 5001n,
          trackingCode: { trackingCode1: "T1" }
        })
        const r = requestParts(server.received[0]!)
        expect(r.bodyType).toEqual(java("history.LstsupportsessionHistory"))
        const sent = Either.getOrThrow(
          WebExOperation.decodeRequest(History.lstsupportsessionHistory, server.received[0]!.root)
        )
        const scope = sent.body.startTimeScope!
        const span = parseWebExTime(scope.sessionStartTimeEnd)! - parseWebExTime(scope.sessionStartTimeStart)!
        expect(span).toBe(90 * 86_400_000)
        expect(Math.abs(parseWebExTime(scope.sessionStartTimeEnd)! - Date.now())).toBeLessThan(60_000)
      })
    )
  )

  it.live("a session key needs no date range", () =>
    withClient(sessionPages(1), (server) =>
      Effect.gen(function* () {
        yield* History.listSupportSessions({ sessionKey: 1001n })
        const sent = Either.getOrThrow(
          WebExOperation.decodeRequest(History.lstsupportsessionHistory, server.received[0]!.root)
        )
        expect(sent.body).toEqual({ sessionKey: 1001n })
      })
    )
  )

  it.live("refuses ranges over 90 days or ending before they start, before sending", () =>
    withClient(sessionPages(1), (server) =>
      Effect.gen(function* () {
        const tooLong = yield* Effect.flip(
          History.listSupportSessions({
            startTimeScope: { sessionStartTimeStart: "01/01/2024 00:00:00", sessionStartTimeEnd: "04/01/2024 00:00:01" }
          })
        )
        expect(tooLong._tag).toBe("InvalidRequest")
        expect(tooLong.message).toContain("90 days")
        const backwards = yield* Effect.flip(
          History.listSupportSessions({
            endTimeScope: { sessionEndTimeStart: "02/01/2024 00:00:00", sessionEndTimeEnd: "01/01/2024 00:00:00" }
          })
        )
        expect(backwards._tag).toBe("InvalidRequest")
        const notATime = yield* Effect.flip(
          History.listSupportSessions({
            startTimeScope: { sessionStartTimeStart: "2024-01-01", sessionStartTimeEnd: "01/02/2024 00:00:00" }
          })
        )
        expect(notATime._tag).toBe("XmlBindingError")
        expect(server.received).toHaveLength(0)
        // Exactly 90 days is allowed.
        yield* History.listSupportSessions({
          startTimeScope: { sessionStartTimeStart: "01/01/2024 00:00:00", sessionStartTimeEnd: "03/31/2024 00:00:00" }
        })
        expect(server.received).toHaveLength(1)
      })
    )
  )

  it.live("the stream pages through every result with the same question each time", () =>
    withClient(sessionPages(7), (server) =>
      Effect.gen(function* () {
        const all = yield* Stream.runCollect(History.streamSupportSessions({ hostWebExID: "host" }, { pageSize: 3 }))
        expect(Chunk.toReadonlyArray(all).map((s) => s.sessionKey)).toEqual([
          1001n,
          1002n,
          1003n,
          1004n,
          1005n,
          1006n,
          1007n
        ])
        const sent = server.received.map(
          (r) => Either.getOrThrow(WebExOperation.decodeRequest(History.lstsupportsessionHistory, r.root)).body
        )
        expect(sent.map((b) => b.listControl)).toEqual([
          { startFrom: 1, maximumNum: 3 },
          { startFrom: 4, maximumNum: 3 },
          { startFrom: 7, maximumNum: 3 }
        ])
        expect(new Set(sent.map((b) => JSON.stringify(b.startTimeScope))).size).toBe(1)
        expect(sent.every((b) => b.hostWebExID === "host")).toBe(true)
      })
    )
  )

  it.live("000015 gives an empty list and an empty stream", () =>
    withClient(
      () => failure("000015", "Sorry, no record found"),
      (server) =>
        Effect.gen(function* () {
          const page = yield* History.listSupportSessions({ sessionKey: 1n, listControl: { startFrom: 1 } })
          expect(page).toEqual({ supportSessionHistory: [], matchingRecords: { total: 0, returned: 0, startFrom: 1 } })
          const all = yield* Stream.runCollect(History.streamSupportSessions({ sessionKey: 1n }))
          expect(Chunk.size(all)).toBe(0)
          expect(server.received).toHaveLength(2)
        })
    )
  )

  it.live("a rate-limited read is retried with backoff and then succeeds", () =>
    withClient(
      (r, i) => (i < 2 ? failure("000045", "API Rate Limit Reach") : sessionPages(1)(r)),
      (server) =>
        Effect.gen(function* () {
          const res = yield* History.listSupportSessions({ sessionKey: 1001n })
          expect(res.supportSessionHistory).toHaveLength(1)
          expect(server.received).toHaveLength(3)
        })
    )
  )

  it.live("a gateway's 503 page on a read is retried", () =>
    withClient(
      (r, i) =>
        i === 0
          ? {
              status: 503,
              headers: { "content-type": "text/html" },
              body: "<html><title>503 Service Unavailable</title></html>"
            }
          : sessionPages(1)(r),
      (server) =>
        Effect.gen(function* () {
          yield* History.listSupportSessions({ sessionKey: 1001n })
          expect(server.received).toHaveLength(2)
        })
    )
  )

  it.live("the retry budget is bounded", () =>
    withClient(
      () => failure("000045", "API Rate Limit Reach"),
      (server) =>
        Effect.gen(function* () {
          const e = yield* Effect.flip(History.listSupportSessions({ sessionKey: 1n }))
          expect(e._tag).toBe("RateLimited")
          expect(server.received).toHaveLength(1 + testRetry.times)
        })
    )
  )
})

describe("LstsupportattendeeHistory", () => {
  const attendeePages = (r: Received): CannedReply => {
    const req = Either.getOrThrow(WebExOperation.decodeRequest(History.lstsupportattendeeHistory, r.root)).body
    const start = req.listControl?.startFrom ?? 1
    const records = [
      { sessionKey: 1001n, attendeeName: "Ada", participantType: "HOST" as const, duration: 30, confID: 5001n },
      {
        sessionKey: 1001n,
        attendeeName: "Grace",
        attendeeEmail: "g@example.com",
        participantType: "ATTENDEE" as const
      },
      { sessionKey: 1001n, attendeeName: "Linus", participantType: "OTHER" as const, ipAddress: "10.0.0.1" }
    ]
    const slice = records.slice(start - 1, start - 1 + (req.listControl?.maximumNum ?? 10))
    return {
      body: Either.getOrThrow(
        WebExOperation.encodeResponse(History.lstsupportattendeeHistory, {
          supportAttendeeHistory: slice,
          matchingRecords: { total: records.length, returned: slice.length, startFrom: start }
        })
      )
    }
  }

  it.live("decodes attendees and streams across pages", () =>
    withClient(attendeePages, (server) =>
      Effect.gen(function* () {
        const page = yield* History.listSupportAttendees({ sessionKey: 1001n })
        expect(page.supportAttendeeHistory.map((a) => a.attendeeName)).toEqual(["Ada", "Grace", "Linus"])
        expect(page.supportAttendeeHistory[0]).toEqual({
          sessionKey: 1001n,
          attendeeName: "Ada",
          duration: 30,
          participantType: "HOST",
          confID: 5001n
        })
        const all = yield* Stream.runCollect(History.streamSupportAttendees({ sessionKey: 1001n }, { pageSize: 2 }))
        expect(Chunk.toReadonlyArray(all).map((a) => a.attendeeName)).toEqual(["Ada", "Grace", "Linus"])
        expect(requestParts(server.received[0]!).bodyType).toEqual(java("history.LstsupportattendeeHistory"))
        expect(server.received).toHaveLength(3)
      })
    )
  )

  it.live("000015 gives an empty list", () =>
    withClient(
      () => failure("000015", "Sorry, no record found"),
      () =>
        Effect.gen(function* () {
          const page = yield* History.listSupportAttendees({ confID: 1n })
          expect(page.supportAttendeeHistory).toEqual([])
        })
    )
  )
})

const ticketReply = (ticket: string, timeToLive = 5400) =>
  success(
    "use",
    USE,
    "authenticateUserResponse",
    `<use:sessionTicket>${ticket}</use:sessionTicket><use:createTime>1508761888360</use:createTime><use:timeToLive>${timeToLive}</use:timeToLive>`
  )

describe("AuthenticateUser", () => {
  it.live("exchanges the password in the securityContext for a ticket", () =>
    withClient(
      () => ({ body: ticketReply(TICKET) }),
      (server) =>
        Effect.gen(function* () {
          const res = yield* User.authenticate()
          expect(Redacted.value(res.sessionTicket)).toBe(TICKET)
          expect(res.createTime).toBe(1508761888360n)
          expect(res.timeToLive).toBe(5400)
          expect(String(res.sessionTicket)).toBe("<redacted>")
          const r = requestParts(server.received[0]!)
          expect(r.bodyType).toEqual(java("user.AuthenticateUser"))
          expect(r.securityContext).toEqual({ webExID: "host", password: PASSWORD, siteName: "acme" })
          expect(r.body.children).toEqual([])
        })
    )
  )

  it.live("sends an OAuth access token in the body, not in the securityContext", () =>
    withClient(
      () => ({ body: ticketReply(TICKET) }),
      (server) =>
        Effect.gen(function* () {
          yield* User.authenticate()
          const r = requestParts(server.received[0]!)
          expect(r.securityContext).toEqual({ webExID: "host", siteName: "acme" })
          expect(r.body.children.map((c) => [c.local, c.text])).toEqual([["accessToken", TOKEN]])
        }),
      { context: { siteName: "acme", webExID: "host", webExAccessToken: Redacted.make(TOKEN) } }
    )
  )

  it.live("is never retried: not on a rate limit, not on a bad password", () =>
    withClient(
      (_, i) => (i === 0 ? failure("000045", "API Rate Limit Reach") : failure("030002", "Incorrect user or password")),
      (server) =>
        Effect.gen(function* () {
          expect((yield* Effect.flip(User.authenticate()))._tag).toBe("RateLimited")
          expect(server.received).toHaveLength(1)
          expect((yield* Effect.flip(User.authenticate()))._tag).toBe("InvalidCredentials")
          expect(server.received).toHaveLength(2)
        })
    )
  )

  it.live("refuses to log in with a session ticket", () =>
    withClient(
      () => ({ body: "" }),
      (server) =>
        Effect.gen(function* () {
          expect((yield* Effect.flip(User.authenticate()))._tag).toBe("InvalidSecurityContext")
          expect(server.received).toHaveLength(0)
        }),
      { context: { siteName: "acme", webExID: "host", sessionTicket: Redacted.make(TICKET) } }
    )
  )
})

describe("GetAPIVersion", () => {
  it.live("is a health probe that sends only the site", () =>
    withClient(
      () => ({
        body: success(
          "ep",
          EP,
          "getAPIVersionResponse",
          "<ep:apiVersion>WebEx XML API V11.0.0</ep:apiVersion><ep:release>SP26</ep:release><ep:apiVer>39.7.0</ep:apiVer>"
        )
      }),
      (server) =>
        Effect.gen(function* () {
          const res = yield* GeneralSession.apiVersion()
          expect(res).toEqual({ apiVersion: "WebEx XML API V11.0.0", release: "SP26", apiVer: "39.7.0" })
          const r = requestParts(server.received[0]!)
          expect(r.securityContext).toEqual({ siteName: "acme" })
          expect(r.bodyType).toEqual(java("ep.GetAPIVersion"))
          expect(server.received[0]!.body).not.toContain(PASSWORD)
        })
    )
  )

  it.live("works with a context that holds only the site", () =>
    withClient(
      () => ({ body: success("ep", EP, "getAPIVersionResponse", "<ep:apiVersion>V</ep:apiVersion>") }),
      () => Effect.map(GeneralSession.apiVersion(), (res) => expect(res.apiVersion).toBe("V")),
      { context: { siteName: "acme" } }
    )
  )
})

describe("SessionTicket.layer", () => {
  /** Logs in with tickets T1, T2, …; accepts an operation only with the latest ticket. */
  const ticketServer = (options: { readonly rejectFirstUse?: boolean } = {}) => {
    let issued = 0
    let rejected = false
    return (r: Received): CannedReply => {
      const type = r.root.children[1]!.children[0]!.xsiType?.local ?? ""
      if (type.endsWith("AuthenticateUser")) return { body: ticketReply(`T${++issued}`, 3600) }
      const ctx = requestParts(r).securityContext
      if (ctx.sessionTicket !== `T${issued}` || (options.rejectFirstUse && !rejected)) {
        rejected = true
        return failure("030047", "Not a valid session ticket")
      }
      return { body: success("sc", SC, "createSupportSessionResponse", "<sc:sessionKey>1</sc:sessionKey>") }
    }
  }

  const kinds = (received: ReadonlyArray<Received>) =>
    received.map((r) => {
      const p = requestParts(r)
      return `${p.bodyType!.local.split(".").pop()}:${p.securityContext.sessionTicket ?? (p.securityContext.password ? "password" : "-")}`
    })

  it.effect("logs in once, reuses the ticket, and logs in again before timeToLive runs out", () =>
    withClient(
      ticketServer(),
      (server) =>
        Effect.gen(function* () {
          yield* SupportSession.create()
          yield* SupportSession.create()
          expect(kinds(server.received)).toEqual([
            "AuthenticateUser:password",
            "CreateSupportSession:T1",
            "CreateSupportSession:T1"
          ])
          // A 3600 s ticket is refreshed 5 minutes early: still fine at 54 minutes…
          yield* TestClock.adjust(Duration.minutes(54))
          yield* SupportSession.create()
          expect(kinds(server.received).slice(3)).toEqual(["CreateSupportSession:T1"])
          // …replaced at 55.
          yield* TestClock.adjust(Duration.minutes(1))
          yield* SupportSession.create()
          expect(kinds(server.received).slice(4)).toEqual(["AuthenticateUser:password", "CreateSupportSession:T2"])
        }),
      { client: SessionTicket.layer() }
    )
  )

  it.effect("a rejected ticket is replaced and the call made once more", () =>
    withClient(
      ticketServer({ rejectFirstUse: true }),
      (server) =>
        Effect.gen(function* () {
          const res = yield* SupportSession.create()
          expect(res.sessionKey).toBe(1n)
          expect(kinds(server.received)).toEqual([
            "AuthenticateUser:password",
            "CreateSupportSession:T1",
            "AuthenticateUser:password",
            "CreateSupportSession:T2"
          ])
        }),
      { client: SessionTicket.layer() }
    )
  )

  it.effect("concurrent first calls share one login", () =>
    withClient(
      ticketServer(),
      (server) =>
        Effect.gen(function* () {
          yield* Effect.all([SupportSession.create(), SupportSession.create(), SupportSession.create()], {
            concurrency: "unbounded"
          })
          expect(kinds(server.received).filter((k) => k.startsWith("AuthenticateUser"))).toHaveLength(1)
        }),
      { client: SessionTicket.layer() }
    )
  )

  it.effect("a ticket revoked under concurrent calls is replaced by one login, not one per call", () => {
    let issued = 0
    const handler = (r: Received): CannedReply => {
      const type = r.root.children[1]!.children[0]!.xsiType?.local ?? ""
      if (type.endsWith("AuthenticateUser")) return { body: ticketReply(`T${++issued}`, 3600) }
      // T1 works for the first call only, as if revoked right after it.
      const ticket = requestParts(r).securityContext.sessionTicket
      const firstUseOfT1 = ticket === "T1" && !r.body.includes("trackingCode1")
      return ticket === `T${issued}` && (ticket !== "T1" || firstUseOfT1)
        ? { body: success("sc", SC, "createSupportSessionResponse", "<sc:sessionKey>1</sc:sessionKey>") }
        : failure("030047", "Not a valid session ticket")
    }
    return withClient(
      handler,
      (server) =>
        Effect.gen(function* () {
          yield* SupportSession.create()
          yield* Effect.all(
            Array.from({ length: 4 }, () => SupportSession.create({ tracking: { trackingCode1: "after revocation" } })),
            { concurrency: "unbounded" }
          )
          expect(kinds(server.received).filter((k) => k.startsWith("AuthenticateUser"))).toHaveLength(2)
        }),
      { client: SessionTicket.layer() }
    )
  })

  it.live("a login that fails transiently under a read-only call is not resent by the call's retries", () =>
    withClient(
      () => failure("000045", "API Rate Limit Reach"),
      (server) =>
        Effect.gen(function* () {
          const e = yield* Effect.flip(History.listSupportSessions({ sessionKey: 1n }))
          expect(e._tag).toBe("RateLimited")
          expect(kinds(server.received)).toEqual(["AuthenticateUser:password"])
        }),
      { client: SessionTicket.layer() }
    )
  )

  it.effect("a failed login surfaces as InvalidCredentials and is not retried", () =>
    withClient(
      () => failure("030002", "Incorrect user or password"),
      (server) =>
        Effect.gen(function* () {
          const e = yield* Effect.flip(History.listSupportSessions({ sessionKey: 1n }))
          expect(e._tag).toBe("InvalidCredentials")
          expect(server.received).toHaveLength(1)
        }),
      { client: SessionTicket.layer() }
    )
  )
})

describe("WebExConfig", () => {
  it("defaults the endpoint to the site and accepts the generic one", () => {
    const site = Either.getOrThrow(WebExConfig.make(passwordContext))
    expect(site.endpoint).toBe("https://acme.webex.com/WBXService/XMLService")
    const generic = Either.getOrThrow(WebExConfig.make({ ...passwordContext, endpoint: WebExConfig.GENERIC_ENDPOINT }))
    expect(generic.endpoint).toBe("https://api.webex.com/WBXService/XMLService")
    const byId = Either.getOrThrow(
      WebExConfig.make({ siteID: "243585", webExID: "host", password: Redacted.make("p") })
    )
    expect(byId.endpoint).toBe(WebExConfig.GENERIC_ENDPOINT)
  })

  it("refuses an endpoint that is not http(s) or carries credentials, without quoting it", () => {
    for (const endpoint of ["ftp://acme.webex.com/x", "not a url", "https://user:hunter2@acme.webex.com/x"]) {
      const e = Either.getLeft(WebExConfig.make({ ...passwordContext, endpoint }))
      expect(e._tag === "Some" && e.value._tag).toBe("InvalidEndpoint")
      expect(e._tag === "Some" && e.value.message).not.toContain("hunter2")
    }
  })

  it.effect("layerConfig reads the WEBEX_* names with secrets redacted", () =>
    Effect.gen(function* () {
      const config = yield* WebExConfig.WebExConfig
      expect(config.endpoint).toBe("https://api.webex.com/WBXService/XMLService")
      expect(config.securityContext.siteName).toBe("acme")
      expect(config.securityContext.webExID).toBe("host")
      expect(config.securityContext.email).toBe("host@acme.com")
      expect(config.securityContext.siteID).toBe("0042")
      expect(Redacted.isRedacted(config.securityContext.password)).toBe(true)
      expect(Redacted.value(config.securityContext.password!)).toBe(PASSWORD)
      expect(Redacted.value(config.securityContext.partnerID!)).toBe("partner-7")
      expect(JSON.stringify(config)).not.toContain(PASSWORD)
    }).pipe(
      Effect.provide(WebExConfig.layerConfig()),
      Effect.withConfigProvider(
        ConfigProvider.fromMap(
          new Map(
            Object.entries({
              WEBEX_SITE_NAME: "acme",
              WEBEX_SITE_ID: "0042",
              WEBEX_ID: "host",
              WEBEX_EMAIL: "host@acme.com",
              WEBEX_PASSWORD: PASSWORD,
              WEBEX_PARTNER_ID: "partner-7",
              WEBEX_ENDPOINT: "https://api.webex.com/WBXService/XMLService"
            })
          )
        )
      )
    )
  )
})
