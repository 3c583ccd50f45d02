/**
 * No secret in any error: servers that echo credentials back (an HTML error page
 * quoting the request, a Fault quoting the ticket, a WebEx FAILURE quoting the
 * password), and a sweep over the failures an application meets every day.
 */
import type { HttpClient } from "@effect/platform"
import { SupportSession } from "@sessionwire/webex"
import { Effect, Either, Redacted } from "effect"
import * as Clients from "../Clients.ts"
import * as Fixtures from "../Fixtures.ts"
import * as Scenario from "../Scenario.ts"
import { checkNoSecrets, renderings } from "../Secrets.ts"
import * as Servers from "../Servers.ts"

const { check } = Scenario

const ticket = "7T:conformance-echoed-ticket-Zm9vYmFyYmF6cXV4"

const echoClient = (endpoints: Scenario.Endpoints, path: string) =>
  Clients.customerService(endpoints, "88", {
    endpoint: Clients.tenantUrl(endpoints, path),
    ticket: Redacted.make(ticket)
  })

const echoedHtml = Scenario.make(
  "secrets",
  "an HTML error page echoing the request carries no secret into the error",
  (endpoints) =>
    Effect.gen(function* () {
      const cs = yield* echoClient(endpoints, Fixtures.peer.echoHtml)
      const error = yield* Scenario.expectFailure(cs.CreateSession({ RemoteIp: "203.0.113.7" }), "UnexpectedResponse")
      yield* check(error.status === 500 && error.excerpt.length > 0, "the error kept no excerpt of the page")
      yield* checkNoSecrets(error, [ticket])
    })
)

const echoedFault = Scenario.make(
  "secrets",
  "a SOAP Fault quoting the ticket carries no secret into the error",
  (endpoints) =>
    Effect.gen(function* () {
      const cs = yield* echoClient(endpoints, Fixtures.peer.echoFault)
      const error = yield* Effect.flip(cs.CreateSession({ RemoteIp: "203.0.113.7" }))
      yield* check(
        error._tag === "InvalidCredentials" || error._tag === "SoapFault",
        `expected InvalidCredentials or SoapFault, got ${error._tag}`
      )
      yield* checkNoSecrets(error, [ticket])
    })
)

const echoedWebEx = Scenario.make(
  "secrets",
  "a WebEx FAILURE quoting the password carries no secret into the error",
  (endpoints) =>
    Effect.gen(function* () {
      const error = yield* Effect.flip(SupportSession.create())
      yield* check(error._tag === "WebExFailure" || error._tag === "InvalidCredentials", `got ${error._tag}`)
      yield* checkNoSecrets(error)
    }).pipe(
      Effect.provide(Clients.webExClient(endpoints, { endpoint: `${endpoints.peerUrl}${Fixtures.peer.echoWebEx}` }))
    )
)

/** Fails when any rendering of `error` contains any of `texts`. */
const checkAbsent = (error: unknown, texts: ReadonlyArray<string>, what: string) =>
  Effect.gen(function* () {
    for (const text of renderings(error)) {
      for (const t of texts) yield* check(!text.includes(t), `${what} appears in a rendering of the error`)
    }
  })

const csSessionKey = "cs-key&conformance<4d1e>-Qm9v"

const echoedSessionKey = Scenario.make(
  "secrets",
  "a SOAP Fault echoing the caller's CsSessionKey, raw and as entities, carries no key into the error",
  (endpoints) =>
    Effect.gen(function* () {
      const cs = yield* echoClient(endpoints, Fixtures.peer.echoKeyFault)
      const error = yield* Scenario.expectFailure(cs.SessionIsValid({ CsSessionKey: csSessionKey }), "SoapFault")
      yield* check(error.reason.includes("<redacted>"), "the fault reason kept no trace of the removed key")
      const numeric = [...csSessionKey].map((c) => `&#${c.codePointAt(0)};`).join("")
      yield* checkAbsent(error, [csSessionKey, numeric, csSessionKey.replace(/&/g, "&amp;")], "the CsSessionKey")
      yield* checkNoSecrets(error, [ticket])
    })
)

const specialPassword = `so&pass"word<conf'>-7f3a`

const echoedPassword = Fixtures.passwordForms.map((form) =>
  Scenario.make(
    "secrets",
    `an error page echoing the password ${form}-encoded carries no password into the error`,
    (endpoints) =>
      Effect.gen(function* () {
        const so = yield* Clients.soPrincipal(endpoints, "88", {
          endpoint: Clients.tenantUrl(endpoints, `${Fixtures.peer.echoPassword}/${form}`)
        })
        const error = yield* Scenario.expectFailure(
          so.AuthenticateUsernamePassword(Fixtures.superoffice.username, Redacted.make(specialPassword)),
          "UnexpectedResponse"
        )
        yield* check(
          error.status === 500 && error.excerpt.includes("rejected"),
          "the error kept no excerpt of the page"
        )
        yield* checkAbsent(error, [specialPassword, Fixtures.encodePassword(specialPassword, form)], "the password")
      })
  )
)

const straddlingTicket = "conformance-straddling-ticket-9c2b51e0"

const straddle = Scenario.make(
  "secrets",
  "a ticket straddling byte 4096 of an error page leaves no part of it in the error",
  (endpoints) =>
    Effect.gen(function* () {
      const cs = yield* Clients.customerService(endpoints, "88", {
        endpoint: Clients.tenantUrl(endpoints, Fixtures.peer.straddle),
        ticket: Redacted.make(straddlingTicket)
      })
      const error = yield* Scenario.expectFailure(cs.CreateSession({ RemoteIp: "203.0.113.7" }), "UnexpectedResponse")
      yield* check(
        error.excerpt.includes("<redacted>"),
        `the excerpt does not show the removed ticket: ${error.excerpt}`
      )
      yield* checkAbsent(error, [straddlingTicket.slice(0, 8)], "the first part of the ticket")
    })
)

/** Everyday failures, each with real credentials in play. */
const sweep = Scenario.make("secrets", "no secret in any error of a sweep of everyday failures", (endpoints) =>
  Effect.gen(function* () {
    const { ticket: issued } = yield* Clients.login(endpoints, "88")
    const issuedValue = Redacted.value(issued)
    const so = yield* Clients.soPrincipal(endpoints, "88")
    const cs = yield* Clients.customerService(endpoints, "88", { ticket: issued, timeout: "200 millis" })
    const failures: ReadonlyArray<Effect.Effect<unknown, unknown, HttpClient.HttpClient>> = [
      so.AuthenticateUsernamePassword(
        Fixtures.superoffice.username,
        Redacted.make(`${Fixtures.superoffice.password}x`)
      ),
      so.AuthenticateWithAccessToken(Redacted.make(`${Fixtures.superoffice.accessToken}x`)),
      cs
        .SessionIsValid({ CsSessionKey: "no-such-session" })
        .pipe(Effect.flatMap((r) => (r.body.Response === false ? Effect.fail("not valid") : Effect.void))),
      cs.RemoveSession({ LoginId: -1 }),
      SupportSession.create().pipe(
        Effect.provide(Clients.webExClient(endpoints, { password: `${Fixtures.webex.password}x` }))
      ),
      Effect.scoped(
        Effect.zipRight(
          Servers.withFaults(endpoints.simulatorUrl, {
            route: "CustomerService",
            operation: "CreateSession",
            fault: { _tag: "Latency", millis: 3_000 },
            times: 1
          }),
          cs.CreateSession({ RemoteIp: "203.0.113.7" })
        )
      ),
      Clients.customerService(endpoints, "88", { endpoint: "http://127.0.0.1:9/nothing-listens", ticket: issued }).pipe(
        Effect.flatMap((c) => c.CreateSession({ RemoteIp: "203.0.113.7" }))
      )
    ]
    let failed = 0
    for (const attempt of failures) {
      const result = yield* Effect.either(attempt)
      if (Either.isLeft(result)) {
        failed++
        yield* checkNoSecrets(result.left, [issuedValue])
      }
    }
    yield* check(failed >= failures.length - 2, `only ${failed} of ${failures.length} attempts failed`)
  })
)

export const scenarios: ReadonlyArray<Scenario.Scenario> = [
  echoedHtml,
  echoedFault,
  echoedWebEx,
  echoedSessionKey,
  ...echoedPassword,
  straddle,
  sweep
]
