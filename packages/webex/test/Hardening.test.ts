import { describe, expect, it } from "@effect/vitest"
import { Cause, Effect, Redacted } from "effect"
import * as Namespaces from "../src/Namespaces.ts"
import * as SupportSession from "../src/SupportSession.ts"
import * as User from "../src/User.ts"
import * as WebExOperation from "../src/WebExOperation.ts"
import { PASSWORD, withClient } from "./support/layers.ts"
import type { CannedReply } from "./support/server.ts"

const { SERV, SC, USE } = Namespaces

const success = (prefix: string, ns: string, type: string, content: string): CannedReply => ({
  body:
    `<?xml version="1.0" encoding="UTF-8"?><serv:message xmlns:serv="${SERV}" xmlns:${prefix}="${ns}">` +
    `<serv:header><serv:response><serv:result>SUCCESS</serv:result><serv:gsbStatus>PRIMARY</serv:gsbStatus></serv:response></serv:header>` +
    `<serv:body><serv:bodyContent xsi:type="${prefix}:${type}" xmlns:xsi="${Namespaces.XSI}">${content}</serv:bodyContent></serv:body></serv:message>`
})

const renderings = (e: unknown): ReadonlyArray<string> => [
  JSON.stringify(e, (_, v) => (typeof v === "bigint" ? v.toString() : v)),
  String(e),
  (e as Error).message,
  String((e as Error).stack),
  Cause.pretty(Cause.fail(e))
]

describe("required fields", () => {
  it.live("a CreateSupportSession SUCCESS without sessionKey is IncompleteReply, not an empty success", () =>
    withClient(
      () => success("sc", SC, "createSupportSessionResponse", ""),
      () =>
        Effect.gen(function* () {
          const e = yield* Effect.flip(SupportSession.create())
          expect(e._tag).toBe("IncompleteReply")
          expect(e).toMatchObject({ operation: "CreateSupportSession", field: "sessionKey" })
          expect(e.message).toContain("sessionKey")
        })
    )
  )

  it.live("an AuthenticateUser SUCCESS with an empty sessionTicket is IncompleteReply", () =>
    withClient(
      () => success("use", USE, "authenticateUserResponse", "<use:sessionTicket></use:sessionTicket>"),
      () =>
        Effect.gen(function* () {
          const e = yield* Effect.flip(User.authenticate())
          expect(e._tag).toBe("IncompleteReply")
          expect(e).toMatchObject({ operation: "AuthenticateUser", field: "sessionTicket" })
        })
    )
  )

  it.live("an AuthenticateUser SUCCESS without sessionTicket is refused by the binding", () =>
    withClient(
      () => success("use", USE, "authenticateUserResponse", "<use:createTime>1</use:createTime>"),
      () =>
        Effect.gen(function* () {
          const e = yield* Effect.flip(User.authenticate())
          expect(e._tag).toBe("XmlBindingError")
        })
    )
  )
})

describe("secrets and bounds in FAILURE texts", () => {
  const failure = (reason: string): CannedReply => ({
    body: WebExOperation.encodeFailure({ exceptionID: "999999", reason, value: reason })
  })

  const escapedForms = [
    `&amp;#${PASSWORD.codePointAt(0)};${PASSWORD.slice(1)}`.replace("&amp;", "&"),
    [...PASSWORD].map((c) => `&#x${c.codePointAt(0)!.toString(16)};`).join(""),
    encodeURIComponent(PASSWORD).replace(/-/g, "%2D"),
    Buffer.from(`user:${PASSWORD}`).toString("base64")
  ]
  for (const form of escapedForms) {
    it.live(`scrubs the password echoed as ${form.slice(0, 24)}…`, () =>
      withClient(
        () => failure(`rejected ${form} for host`),
        () =>
          Effect.gen(function* () {
            const e = yield* Effect.flip(SupportSession.create())
            expect(e._tag).toBe("WebExFailure")
            for (const text of renderings(e)) {
              expect(text).not.toContain(form)
              expect(text).not.toContain(PASSWORD)
            }
          })
      )
    )
  }

  it.live("scrubs a token the caller passes in the input, echoed as numeric entities", () => {
    const callerToken = "caller-access-token-5e5e5e"
    const echoed = [...callerToken].map((c) => `&#${c.codePointAt(0)};`).join("")
    return withClient(
      () => failure(`access token ${echoed} rejected`),
      () =>
        Effect.gen(function* () {
          const e = yield* Effect.flip(User.authenticate({ accessToken: Redacted.make(callerToken) }))
          expect(e._tag).toBe("WebExFailure")
          for (const text of renderings(e)) {
            expect(text).not.toContain(echoed)
            expect(text).not.toContain(callerToken)
          }
          expect((e as { reason: string }).reason).toBe("access token <redacted> rejected")
        })
    )
  })

  it.live("caps a 10 MB reason: neither reason nor message carries it whole", () =>
    withClient(
      () => failure(`r${"e".repeat(10 * 1024 * 1024)}`),
      () =>
        Effect.gen(function* () {
          const e = yield* Effect.flip(SupportSession.create())
          expect(e._tag).toBe("WebExFailure")
          const f = e as { reason: string; value?: string }
          expect(f.reason.length).toBeLessThan(1100)
          expect(f.reason).toContain(`(${10 * 1024 * 1024 + 1} characters)`)
          expect((f.value ?? "").length).toBeLessThan(1100)
          expect(e.message.length).toBeLessThan(1300)
          for (const text of renderings(e)) expect(text.length).toBeLessThan(16_000)
        })
    )
  )
})
