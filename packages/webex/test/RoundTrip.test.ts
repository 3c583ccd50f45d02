import { addEqualityTesters, describe, expect, it } from "@effect/vitest"
import { XmlReader } from "@sessionwire/protocol"
import { Either, Redacted } from "effect"
import * as fc from "fast-check"
import * as Attendee from "../src/Attendee.ts"
import { formatWebExTime } from "../src/Common.ts"
import * as GeneralSession from "../src/GeneralSession.ts"
import * as History from "../src/History.ts"
import * as Message from "../src/Message.ts"
import * as SecurityContext from "../src/SecurityContext.ts"
import * as SupportSession from "../src/SupportSession.ts"
import * as User from "../src/User.ts"
import * as WebExError from "../src/WebExError.ts"
import * as WebExOperation from "../src/WebExOperation.ts"
import { reveal } from "./support/xml.ts"

addEqualityTesters()

// ---------------------------------------------------------------------------
// Arbitraries
// ---------------------------------------------------------------------------

/** Any string XML 1.0 can carry: every Unicode scalar value except most C0 controls. */
const text = fc
  .string({ unit: "binary", maxLength: 24 })
  .map((s) => s.replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, ""))
const tricky = fc.oneof(
  text,
  fc.constantFrom("", " padded ", "a&b<c>d\"e'f", "]]>", "line\r\nbreak", "Zürich — 東京 🎉")
)
const secret = fc
  .string({ minLength: 1, maxLength: 20 })
  .filter((s) => s.trim() !== "")
  .map(Redacted.make)
const opt = <A>(arb: fc.Arbitrary<A>) => fc.option(arb, { nil: undefined })
const long = fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n })
const int = fc.integer({ min: -2147483648, max: 2147483647 })
const positive = fc.integer({ min: 1, max: 100_000 })

/** Drops the keys whose value is undefined, as an exact optional property must be absent. */
const compact = <A extends object>(o: A): A =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as A

// Typed loosely on purpose: each use is cast to the schema's type it mirrors.
const record = <T extends Record<string, fc.Arbitrary<unknown>>>(fields: T): fc.Arbitrary<any> =>
  fc.record(fields).map((r) => compact(r))

const enumOf = <const V extends ReadonlyArray<string>>(...values: V) => fc.constantFrom(...values) as fc.Arbitrary<any>

const tracking = record(
  Object.fromEntries(
    Array.from({ length: 10 }, (_, i) => [`trackingCode${i + 1}`, opt(tricky.map((s) => s.slice(0, 128)))])
  )
)

const siteName = fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,20}[a-z0-9]$/)
const securityContext = fc
  .record({
    siteName: opt(siteName),
    siteID: opt(fc.stringMatching(/^\d{1,8}$/)),
    webExID: opt(fc.stringMatching(/^[A-Za-z0-9._@-]{1,20}$/)),
    email: opt(fc.emailAddress()),
    credential: fc.constantFrom("password", "sessionTicket", "webExAccessToken"),
    value: secret,
    partnerID: opt(secret)
  })
  .map(({ credential, value, ...rest }) =>
    compact({
      ...rest,
      siteName: rest.siteName ?? (rest.siteID === undefined ? "acme" : undefined),
      webExID: rest.webExID ?? (rest.email === undefined ? "host" : undefined),
      [credential]: value
    })
  ) as fc.Arbitrary<SecurityContext.SecurityContext>

const webExTime = fc
  .integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2100, 0, 1) })
  .map((ms) => Math.floor(ms / 1000) * 1000)
const range = fc.tuple(webExTime, fc.integer({ min: 0, max: 90 * 86_400 })).map(([s, d]) => [s, s + d * 1000] as const)
const startTimeScope = range.map(([s, e]) => ({
  sessionStartTimeStart: formatWebExTime(s),
  sessionStartTimeEnd: formatWebExTime(e)
}))
const endTimeScope = range.map(([s, e]) => ({
  sessionEndTimeStart: formatWebExTime(s),
  sessionEndTimeEnd: formatWebExTime(e)
}))
const listControl = record({
  startFrom: opt(positive),
  maximumNum: opt(positive),
  listMethod: opt(enumOf("AND", "OR"))
})
// An absent repeated element and an empty list are the same on the wire; the optional
// lists decode as absent, so they are generated absent or non-empty.
const order = (...by: ReadonlyArray<string>) =>
  record({
    orderBy: opt(fc.array(fc.constantFrom(...by), { minLength: 1, maxLength: 3 })),
    orderAD: opt(fc.array(fc.constantFrom("ASC", "DESC"), { minLength: 1, maxLength: 3 }))
  })
const matchingRecords = fc.record({ total: fc.nat(), returned: fc.nat(), startFrom: fc.nat() })

const arbitraries = {
  createSupportSession: record({
    metaData: opt(record({ sessionType: opt(int) })),
    tracking: opt(tracking)
  }) as fc.Arbitrary<SupportSession.CreateSupportSession>,
  createSupportSessionResponse: record({
    sessionKey: opt(long)
  }) as fc.Arbitrary<SupportSession.CreateSupportSessionResponse>,
  getFeedbackInfo: fc.record({ confID: long }),
  getFeedbackInfoResponse: fc.record({
    session: fc.array(
      record({
        confID: long,
        attendee: fc.array(
          record({
            attendeeID: long,
            feedbackFields: opt(
              record({
                defaultFields: opt(
                  record({ setup: opt(tricky), easeOfUse: opt(tricky), performance: opt(tricky), comment: opt(tricky) })
                ),
                customFields: opt(fc.array(record({ label: tricky, value: opt(tricky) }), { maxLength: 3 }))
              })
            )
          }),
          { maxLength: 3 }
        ),
        matchingRecords: opt(matchingRecords)
      }),
      { maxLength: 3 }
    )
  }) as fc.Arbitrary<Attendee.GetFeedbackInfoResponse>,
  lstsupportsessionHistory: record({
    sessionKey: opt(long),
    hostWebExID: opt(tricky),
    startTimeScope: opt(startTimeScope),
    listControl: opt(listControl),
    order: opt(order("CONFID", "SESSIONSTARTTIME", "CONFNAME")),
    endTimeScope: opt(endTimeScope),
    confID: opt(long),
    timeZoneID: opt(int)
  }) as fc.Arbitrary<History.LstsupportsessionHistory>,
  lstsupportsessionHistoryResponse: record({
    supportSessionHistory: fc.array(
      record({
        sessionKey: opt(long),
        confName: opt(tricky),
        sessionStartTime: opt(tricky),
        sessionEndTime: opt(tricky),
        duration: opt(int),
        timezone: opt(long),
        meetingType: opt(tricky),
        hostWebExID: opt(tricky),
        hostName: opt(tricky),
        hostEmail: opt(tricky),
        totalPeopleMinutes: opt(int),
        confID: opt(long),
        peakAttendee: opt(long),
        trackingCode: opt(tracking)
      }),
      { maxLength: 4 }
    ),
    matchingRecords: opt(matchingRecords)
  }) as fc.Arbitrary<History.LstsupportsessionHistoryResponse>,
  lstsupportattendeeHistory: record({
    sessionKey: opt(long),
    listControl: opt(listControl),
    order: opt(order("ATTENDEENAME", "STARTTIME", "SESSIONKEY", "CONFID")),
    startTimeScope: opt(startTimeScope),
    endTimeScope: opt(endTimeScope),
    confID: opt(long)
  }) as fc.Arbitrary<History.LstsupportattendeeHistory>,
  lstsupportattendeeHistoryResponse: record({
    supportAttendeeHistory: fc.array(
      record({
        sessionKey: opt(long),
        attendeeName: opt(tricky),
        attendeeEmail: opt(tricky),
        startTime: opt(tricky),
        endTime: opt(tricky),
        duration: opt(int),
        company: opt(tricky),
        phone: opt(tricky),
        ipAddress: opt(tricky),
        participantType: opt(enumOf("HOST", "ATTENDEE", "OTHER")),
        clientAgent: opt(tricky),
        confID: opt(long)
      }),
      { maxLength: 4 }
    ),
    matchingRecords: opt(matchingRecords)
  }) as fc.Arbitrary<History.LstsupportattendeeHistoryResponse>,
  authenticateUser: record({
    samlResponse: opt(secret),
    accessToken: opt(secret)
  }) as fc.Arbitrary<User.AuthenticateUser>,
  authenticateUserResponse: record({
    sessionTicket: secret,
    createTime: opt(long),
    timeToLive: opt(int)
  }) as fc.Arbitrary<User.AuthenticateUserResponse>,
  getAPIVersion: record({ returnTrainReleaseVersion: opt(fc.boolean()) }) as fc.Arbitrary<GeneralSession.GetAPIVersion>,
  getAPIVersionResponse: record({
    apiVersion: tricky,
    release: opt(tricky),
    trainReleaseVersion: opt(tricky),
    apiVer: opt(tricky)
  }) as fc.Arbitrary<GeneralSession.GetAPIVersionResponse>
}

// ---------------------------------------------------------------------------
// Properties: through the writer, the bytes and the reader, not just the binding
// ---------------------------------------------------------------------------

const read = (xml: string) => Either.getOrThrow(XmlReader.readSync(new TextEncoder().encode(xml)))

const requestRoundTrip = <In, Out>(
  op: WebExOperation.WebExOperation<In, Out>,
  input: fc.Arbitrary<In>,
  context: fc.Arbitrary<SecurityContext.SecurityContext> = securityContext
) =>
  it(`${op.name} request: decode(encode(x)) equals x`, () => {
    fc.assert(
      fc.property(input, context, (x, ctx) => {
        const prepared = Either.getOrThrow(WebExOperation.prepare(op, x, ctx))
        const xml = Either.getOrThrow(WebExOperation.encodeRequest(op, x, ctx))
        const back = Either.getOrThrow(WebExOperation.decodeRequest(op, read(xml)))
        expect(reveal(back.body)).toEqual(reveal(prepared.input))
        expect(reveal(back.securityContext)).toEqual(reveal(prepared.securityContext))
      }),
      { numRuns: 150 }
    )
  })

const responseRoundTrip = <In, Out>(op: WebExOperation.WebExOperation<In, Out>, output: fc.Arbitrary<Out>) =>
  it(`${op.name} response: decode(encode(x)) equals x`, () => {
    fc.assert(
      fc.property(output, (x) => {
        const xml = Either.getOrThrow(WebExOperation.encodeResponse(op, x))
        const back = Either.getOrThrow(WebExOperation.decodeResponse(op, read(xml)))
        expect(reveal(back.body)).toEqual(reveal(x))
      }),
      { numRuns: 150 }
    )
  })

describe("round trips", () => {
  requestRoundTrip(SupportSession.createSupportSession, arbitraries.createSupportSession)
  responseRoundTrip(SupportSession.createSupportSession, arbitraries.createSupportSessionResponse)
  requestRoundTrip(Attendee.getFeedbackInfo, arbitraries.getFeedbackInfo)
  responseRoundTrip(Attendee.getFeedbackInfo, arbitraries.getFeedbackInfoResponse)
  requestRoundTrip(History.lstsupportsessionHistory, arbitraries.lstsupportsessionHistory)
  responseRoundTrip(History.lstsupportsessionHistory, arbitraries.lstsupportsessionHistoryResponse)
  requestRoundTrip(History.lstsupportattendeeHistory, arbitraries.lstsupportattendeeHistory)
  responseRoundTrip(History.lstsupportattendeeHistory, arbitraries.lstsupportattendeeHistoryResponse)
  requestRoundTrip(
    User.authenticateUser,
    arbitraries.authenticateUser,
    securityContext.map((c) =>
      SecurityContext.make({ ...SecurityContext.withoutCredential(c), password: Redacted.make("pw") })
    )
  )
  responseRoundTrip(User.authenticateUser, arbitraries.authenticateUserResponse)
  requestRoundTrip(GeneralSession.getAPIVersion, arbitraries.getAPIVersion)
  responseRoundTrip(GeneralSession.getAPIVersion, arbitraries.getAPIVersionResponse)

  it("serv:response headers: decode(encode(x)) equals x, and FAILURE keeps every field", () => {
    const header = record({
      result: enumOf("SUCCESS", "FAILURE"),
      reason: opt(tricky),
      gsbStatus: opt(enumOf("PRIMARY", "BACKUP")),
      exceptionID: opt(fc.stringMatching(/^\d{6}$/)),
      subErrors: opt(
        fc.array(record({ exceptionID: fc.stringMatching(/^\d{6}$/), reason: tricky, value: opt(tricky) }), {
          minLength: 1,
          maxLength: 3
        })
      ),
      value: opt(tricky)
    }) as fc.Arbitrary<Message.ResponseHeader>
    fc.assert(
      fc.property(header, (h) => {
        const xml = Either.getOrThrow(
          Message.write(Message.response([Either.getOrThrow(Message.encodeResponseHeader(h))], []))
        )
        const parsed = Either.getOrThrow(Message.parse(read(xml)))
        expect(Either.getOrThrow(Message.decodeResponseHeader(parsed.responses[0]!))).toEqual(h)
        const decoded = WebExOperation.decodeResponse(GeneralSession.getAPIVersion, read(xml))
        if (h.result === "FAILURE") {
          const e = Either.getLeft(decoded)
          expect(e._tag === "Some" && WebExError.isWebExFailure(e.value)).toBe(true)
          if (e._tag === "Some" && WebExError.isWebExFailure(e.value)) {
            expect(e.value.exceptionID).toBe((h.exceptionID ?? "").trim())
            expect(e.value.subErrors).toHaveLength(h.subErrors?.length ?? 0)
          }
        }
      }),
      { numRuns: 200 }
    )
  })
})

describe("validation properties", () => {
  it("a tracking code is sent if and only if it is at most 128 characters", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 100, maxLength: 160 }), securityContext, (code, ctx) => {
        const result = WebExOperation.encodeRequest(
          SupportSession.createSupportSession,
          { tracking: { trackingCode7: code } },
          ctx
        )
        expect(Either.isRight(result)).toBe(code.length <= 128)
      })
    )
  })

  it("a context with zero or several credentials is refused by operations that need one", () => {
    fc.assert(
      fc.property(
        securityContext,
        fc.subarray(["password", "sessionTicket", "webExAccessToken"] as const),
        (ctx, credentials) => {
          const base = SecurityContext.withoutCredential(ctx)
          const withSome = SecurityContext.make({
            ...base,
            ...Object.fromEntries(credentials.map((k) => [k, Redacted.make(`v-${k}`)]))
          })
          const result = SecurityContext.validate(withSome, "credential")
          expect(Either.isRight(result)).toBe(credentials.length === 1)
        }
      )
    )
  })

  it("history ranges: accepted exactly when they run forward and span at most 90 days", () => {
    fc.assert(
      fc.property(webExTime, fc.integer({ min: -5 * 86_400, max: 120 * 86_400 }), (start, seconds) => {
        const scope = {
          sessionStartTimeStart: formatWebExTime(start),
          sessionStartTimeEnd: formatWebExTime(start + seconds * 1000)
        }
        const ok = Either.isRight(History.validate("LstsupportsessionHistory", { startTimeScope: scope }))
        expect(ok).toBe(seconds >= 0 && seconds <= 90 * 86_400)
      })
    )
  })
})
