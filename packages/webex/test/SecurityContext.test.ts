/**
 * The securityContext rules, each refused before anything is sent, with a reason that
 * names the fields and never their values; and the contexts the rules allow.
 */
import { addEqualityTesters, describe, expect, it } from "@effect/vitest"
import { Effect, Either, Redacted } from "effect"
import * as SecurityContext from "../src/SecurityContext.ts"
import * as SupportSession from "../src/SupportSession.ts"
import * as WebExOperation from "../src/WebExOperation.ts"
import { HttpLive, PASSWORD, TICKET, TOKEN } from "./support/layers.ts"
import { cannedServer } from "./support/server.ts"

addEqualityTesters()

const password = Redacted.make(PASSWORD)
const ticket = Redacted.make(TICKET)
const token = Redacted.make(TOKEN)
const secretTexts = [PASSWORD, TICKET, TOKEN, "PartnerSecret-77"]

/** Each broken context and the reason it must be refused with. */
const REFUSED: ReadonlyArray<readonly [string, SecurityContext.SecurityContextInput, string]> = [
  ["no site", { webExID: "host", password }, "siteName or siteID is required"],
  ["no user", { siteName: "acme", password }, "webExID or email is required"],
  [
    "no credential",
    { siteName: "acme", webExID: "host" },
    "one credential is required: password, sessionTicket or webExAccessToken"
  ],
  [
    "password and ticket",
    { siteName: "acme", webExID: "host", password, sessionTicket: ticket },
    "exactly one credential is allowed, found password and sessionTicket"
  ],
  [
    "all three credentials",
    { siteName: "acme", email: "h@example.com", password, sessionTicket: ticket, webExAccessToken: token },
    "exactly one credential is allowed, found password and sessionTicket and webExAccessToken"
  ],
  ["an empty user", { siteName: "acme", webExID: " ", password }, "webExID is empty"],
  [
    "a URL for the site name",
    { siteName: "https://acme.webex.com", webExID: "host", password },
    "siteName must be a WebEx site name (letters, digits, '-' or '_'), not a URL or host"
  ],
  ["a siteID that is not digits", { siteID: "acme", webExID: "host", password }, "siteID must be digits"],
  [
    "an empty partnerID",
    { siteName: "acme", webExID: "host", password, partnerID: Redacted.make("") },
    "partnerID is empty"
  ]
]

/** Contexts the rules allow: siteName or siteID, webExID or email, exactly one credential, partnerID optional. */
const ALLOWED: ReadonlyArray<readonly [string, SecurityContext.SecurityContextInput]> = [
  ["siteName, webExID, password", { siteName: "acme", webExID: "host", password }],
  ["siteID, email, session ticket", { siteID: "0000", email: "h@example.com", sessionTicket: ticket }],
  [
    "OAuth token and a partner ID",
    { siteName: "acme", webExID: "host", webExAccessToken: token, partnerID: Redacted.make("PartnerSecret-77") }
  ]
]

describe("securityContext rules", () => {
  for (const [name, context, reason] of REFUSED) {
    it.live(`${name}: refused before sending, with a clear reason`, () =>
      Effect.scoped(
        Effect.gen(function* () {
          const server = yield* cannedServer(() => ({ body: "" }))
          const e = yield* Effect.flip(
            WebExOperation.invoke(
              SupportSession.createSupportSession,
              {},
              { url: server.url, securityContext: context }
            )
          )
          expect(e._tag).toBe("InvalidSecurityContext")
          expect(e instanceof SecurityContext.InvalidSecurityContext && e.reason).toBe(reason)
          expect(e.message).toBe(`Invalid WebEx securityContext: ${reason}`)
          for (const s of secretTexts) expect(JSON.stringify(e) + e.message).not.toContain(s)
          expect(server.received).toHaveLength(0)
        })
      ).pipe(Effect.provide(HttpLive))
    )
  }

  for (const [name, context] of ALLOWED) {
    it(`${name}: allowed, and sent as given`, () => {
      const result = SecurityContext.validate(context, "credential")
      expect(Either.isRight(result)).toBe(true)
      expect(Either.getOrThrow(result)).toEqual(SecurityContext.make(context))
    })
  }
})
