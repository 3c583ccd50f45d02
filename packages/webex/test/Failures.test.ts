import { readdirSync } from "node:fs"
import { addEqualityTesters, describe, expect, it } from "@effect/vitest"
import { readShared, sharedPath } from "@sessionwire/testkit"
import { Effect, Either } from "effect"
import * as History from "../src/History.ts"
import * as SupportSession from "../src/SupportSession.ts"
import * as WebExOperation from "../src/WebExOperation.ts"
import { HttpLive, passwordContext, withClient } from "./support/layers.ts"
import { type CannedReply, cannedServer, parseHttpCapture } from "./support/server.ts"

addEqualityTesters()

/** Every FAILURE capture and the tag it must become; written out, not derived from the code. */
const EXPECTED: Record<string, { readonly tag: string; readonly exceptionID: string; readonly reason: string }> = {
  "failures/000000-fail-to-forward-request.xml": {
    tag: "MalformedRequest",
    exceptionID: "000000",
    reason: "Fail to forward request:null"
  },
  "failures/000001-access-denied.xml": {
    tag: "AccessDenied",
    exceptionID: "000001",
    reason: "Access denied, additional privileges are required"
  },
  "failures/000035-asservice-not-responding.xml": {
    tag: "ServiceUnavailable",
    exceptionID: "000035",
    reason: "ASService not responding"
  },
  "failures/030002-incorrect-user-or-password.xml": {
    tag: "InvalidCredentials",
    exceptionID: "030002",
    reason: "Incorrect user or password"
  },
  "failures/030047-not-a-valid-session-ticket.http": {
    tag: "InvalidCredentials",
    exceptionID: "030047",
    reason: "Not a valid session ticket"
  },
  "failures/060001-meeting-not-found.http": {
    tag: "WebExFailure",
    exceptionID: "060001",
    reason: "Corresponding Meeting not found"
  },
  "failures/060026-meeting-password-null.http": {
    tag: "WebExFailure",
    exceptionID: "060026",
    reason: "Meeting password must not be null"
  },
  "erolms-webex_xml_api/meeting_create_meeting_response_bad.http": {
    tag: "WebExFailure",
    exceptionID: "060026",
    reason: "Meeting password must not be null"
  },
  "erolms-webex_xml_api/meeting_del_meeting_response_bad.http": {
    tag: "WebExFailure",
    exceptionID: "060001",
    reason: "Corresponding Meeting not found"
  },
  "erolms-webex_xml_api/meeting_get_meeting_response_bad.http": {
    tag: "WebExFailure",
    exceptionID: "060001",
    reason: "Corresponding Meeting not found"
  },
  "erolms-webex_xml_api/meeting_getjoinurl_meeting_response_bad.http": {
    tag: "WebExFailure",
    exceptionID: "060001",
    reason: "Corresponding Meeting not found"
  },
  "erolms-webex_xml_api/user_get_user_response_bad.http": {
    tag: "InvalidCredentials",
    exceptionID: "030047",
    reason: "Not a valid session ticket"
  }
}

const captures = (): ReadonlyArray<string> => [
  ...readdirSync(sharedPath("webex", "examples", "failures")).map((f) => `failures/${f}`),
  ...readdirSync(sharedPath("webex", "examples", "erolms-webex_xml_api"))
    .filter((f) => f.endsWith("_bad.http"))
    .map((f) => `erolms-webex_xml_api/${f}`)
]

const replyFor = (file: string): CannedReply => {
  const text = readShared("webex", "examples", ...file.split("/"))
  return file.endsWith(".http") ? parseHttpCapture(text) : { status: 200, body: text }
}

describe("FAILURE captures", () => {
  it("every capture on disk has an expectation", () => {
    expect([...captures()].sort()).toEqual(Object.keys(EXPECTED).sort())
  })

  it("the .http captures really arrive with HTTP 200", () => {
    for (const file of captures().filter((f) => f.endsWith(".http"))) {
      expect(parseHttpCapture(readShared("webex", "examples", ...file.split("/"))).status, file).toBe(200)
    }
  })

  for (const [file, expected] of Object.entries(EXPECTED)) {
    it.live(`${file} → ${expected.tag} through the real client path`, () =>
      withClient(
        () => replyFor(file),
        (server) =>
          Effect.gen(function* () {
            const error = yield* Effect.flip(SupportSession.create({ metaData: { sessionType: 13 } }))
            expect(error._tag).toBe(expected.tag)
            if (!("exceptionID" in error)) throw new Error("not a FAILURE")
            expect(error.exceptionID).toBe(expected.exceptionID)
            expect(error.reason).toBe(expected.reason)
            expect(error.gsbStatus).toBe("PRIMARY")
            expect(error.subErrors).toEqual([])
            expect(error.operation).toBe("CreateSupportSession")
            expect(error.message).toContain(expected.exceptionID)
            // CreateSupportSession is never retried, whatever the failure.
            expect(server.received).toHaveLength(1)
          })
      )
    )
  }

  it.live("a transient FAILURE on a read-only call is retried, then surfaces with its tag", () =>
    withClient(
      () => replyFor("failures/000035-asservice-not-responding.xml"),
      (server) =>
        Effect.gen(function* () {
          const error = yield* Effect.flip(History.listSupportSessions({ sessionKey: 1n }))
          expect(error._tag).toBe("ServiceUnavailable")
          expect(server.received).toHaveLength(4)
        })
    )
  )

  it.live("invoke alone (no client) maps a FAILURE served over HTTP", () =>
    Effect.scoped(
      Effect.gen(function* () {
        const server = yield* cannedServer(() => replyFor("erolms-webex_xml_api/user_get_user_response_bad.http"))
        const result = yield* Effect.either(
          WebExOperation.invoke(
            SupportSession.createSupportSession,
            {},
            {
              url: server.url,
              securityContext: passwordContext
            }
          )
        )
        expect(Either.isLeft(result) && result.left._tag).toBe("InvalidCredentials")
      })
    ).pipe(Effect.provide(HttpLive))
  )
})
