/**
 * SuperOffice against the simulator: every seed operation of every version, SoPrincipal
 * login, and a scoped CS session whose keep-alive and removal are checked on the server.
 */
import { CsSession, SuperOfficeConfig } from "@sessionwire/superoffice"
import { Effect, Exit, Fiber, Redacted, Schedule, Scope } from "effect"
import * as Clients from "../Clients.ts"
import * as Fixtures from "../Fixtures.ts"
import * as Scenario from "../Scenario.ts"
import * as Servers from "../Servers.ts"

const { check } = Scenario

const seedOperations = (version: "86" | "87" | "88") =>
  Scenario.make(
    "superoffice",
    `Services${version} CreateSession, SessionIsValid${version === "88" ? ", ReportSessionActive" : ""} and RemoveSession`,
    (endpoints) =>
      Effect.gen(function* () {
        const cs = yield* Clients.customerService(endpoints, version)
        const created = yield* cs.CreateSession({ RemoteIp: "203.0.113.7" })
        yield* check(created.headers.Succeeded !== false, "CreateSession reported Succeeded=false")
        const session = created.body.Response
        yield* check(
          typeof session?.Key === "string" && session.Key.length > 0 && typeof session.LoginId === "number",
          "CreateSession returned no Key or LoginId"
        )
        const key = session!.Key!
        const loginId = session!.LoginId!
        yield* check(yield* Servers.sessionLive(endpoints.simulatorUrl, loginId), "the simulator has no such session")

        const valid = yield* cs.SessionIsValid({ CsSessionKey: key })
        yield* check(valid.body.Response === true, "SessionIsValid was not true for a live session")
        if (version === "88") {
          const active = yield* (cs as Clients.CustomerServiceClient<"88">).ReportSessionActive({ SessionKey: key })
          yield* check(active.headers.Succeeded !== false, "ReportSessionActive reported Succeeded=false")
        }
        yield* cs.RemoveSession({ LoginId: loginId })
        yield* check(!(yield* Servers.sessionLive(endpoints.simulatorUrl, loginId)), "RemoveSession left the session")
        const after = yield* cs.SessionIsValid({ CsSessionKey: key })
        yield* check(after.body.Response === false, "SessionIsValid was not false after RemoveSession")
      })
  )

const loginWithPassword = Scenario.make(
  "superoffice",
  "SoPrincipal AuthenticateUsernamePassword issues a ticket",
  (endpoints) =>
    Effect.gen(function* () {
      const before = (yield* Servers.state(endpoints.simulatorUrl)).superoffice.tickets
      const { ticket, principal } = yield* Clients.login(endpoints, "88")
      yield* check(Redacted.value(ticket).startsWith("7T:"), "the ticket is not a 7T: ticket")
      yield* check(!String(ticket).includes("7T:"), "the ticket prints its value")
      yield* check(principal !== undefined, "no principal came back")
      const after = (yield* Servers.state(endpoints.simulatorUrl)).superoffice.tickets
      yield* check(after === before + 1, `the simulator issued ${after - before} tickets, not 1`)
    })
)

const loginWithAccessToken = Scenario.make(
  "superoffice",
  "SoPrincipal AuthenticateWithAccessToken exchanges an access token for a ticket",
  (endpoints) =>
    Effect.gen(function* () {
      const so = yield* Clients.soPrincipal(endpoints, "88")
      const { ticket } = yield* so.AuthenticateWithAccessToken(Redacted.make(Fixtures.superoffice.accessToken))
      yield* check(Redacted.value(ticket).startsWith("7T:"), "the ticket is not a 7T: ticket")
    })
)

const wrongPassword = Scenario.make("superoffice", "a wrong password is InvalidCredentials", (endpoints) =>
  Effect.gen(function* () {
    const so = yield* Clients.soPrincipal(endpoints, "88")
    const error = yield* Scenario.expectFailure(
      so.AuthenticateUsernamePassword(
        Fixtures.superoffice.username,
        Redacted.make(`${Fixtures.superoffice.password}-wrong`)
      ),
      "InvalidCredentials"
    )
    yield* check(!error.message.includes("wrong"), "the error repeats the password")
  })
)

const invalidTicket = Scenario.make("superoffice", "an unknown ticket is InvalidCredentials", (endpoints) =>
  Effect.gen(function* () {
    const bogus = "7T:conformance-bogus-ticket-d41d8cd98f00b204e98"
    const cs = yield* Clients.customerService(endpoints, "88", { ticket: Redacted.make(bogus) })
    const error = yield* Scenario.expectFailure(cs.CreateSession({ RemoteIp: "203.0.113.7" }), "InvalidCredentials")
    yield* check(
      !JSON.stringify(error).includes(bogus) && !error.message.includes(bogus),
      "the error carries the ticket"
    )
  })
)

/** Polls until the scoped session has been kept alive `n` times. */
const awaitKeepAlives = (session: CsSession.CsSession, n: number) =>
  session.keepAlives.pipe(Effect.repeat({ until: (k) => k >= n, times: 200, schedule: Schedule.spaced("10 millis") }))

const scopedSession = (version: "86" | "88") =>
  Scenario.make(
    "superoffice",
    `CsSession.scoped on Services${version}: keep-alive while open, RemoveSession on success, failure and interruption`,
    (endpoints) =>
      Effect.gen(function* () {
        const config = yield* Effect.provide(
          SuperOfficeConfig.SuperOfficeConfig,
          Clients.superOfficeConfig(endpoints, version)
        )
        const open = (scope: Scope.Scope) =>
          CsSession.scoped("203.0.113.9", { keepAliveInterval: "40 millis", version }).pipe(
            Scope.extend(scope),
            Effect.provideService(SuperOfficeConfig.SuperOfficeConfig, config)
          )

        // Success: the keep-alive runs, and closing the scope removes the session.
        const scope = yield* Scope.make()
        const session = yield* open(scope)
        yield* check(yield* Servers.sessionLive(endpoints.simulatorUrl, session.loginId), "the session is not live")
        const kept = yield* awaitKeepAlives(session, 2)
        yield* check(kept >= 2, `only ${kept} keep-alives in the allotted time`)
        yield* Scope.close(scope, Exit.void)
        yield* check(
          !(yield* Servers.sessionLive(endpoints.simulatorUrl, session.loginId)),
          "the session is still live after the scope closed"
        )

        // Failure inside the scope: still removed.
        let failedLogin = -1
        const failure = yield* Effect.exit(
          CsSession.use(
            "203.0.113.9",
            (s) => {
              failedLogin = s.loginId
              return Effect.fail("application failure" as const)
            },
            { keepAliveInterval: "40 millis", version }
          ).pipe(Effect.provideService(SuperOfficeConfig.SuperOfficeConfig, config))
        )
        yield* check(Exit.isFailure(failure) && failedLogin > 0, "the block did not fail as it should")
        yield* check(
          !(yield* Servers.sessionLive(endpoints.simulatorUrl, failedLogin)),
          "a failed block left its session"
        )

        // Interruption inside the scope: still removed.
        let interruptedLogin = -1
        const fiber = yield* Effect.fork(
          CsSession.use(
            "203.0.113.9",
            (s) => {
              interruptedLogin = s.loginId
              return Effect.never
            },
            { keepAliveInterval: "40 millis", version }
          ).pipe(Effect.provideService(SuperOfficeConfig.SuperOfficeConfig, config))
        )
        yield* Effect.sleep("10 millis").pipe(Effect.repeat({ until: () => interruptedLogin > 0, times: 300 }))
        yield* check(yield* Servers.sessionLive(endpoints.simulatorUrl, interruptedLogin), "the session never opened")
        yield* Fiber.interrupt(fiber)
        yield* check(
          !(yield* Servers.sessionLive(endpoints.simulatorUrl, interruptedLogin)),
          "an interrupted block left its session"
        )
      })
  )

export const scenarios: ReadonlyArray<Scenario.Scenario> = [
  loginWithPassword,
  loginWithAccessToken,
  seedOperations("86"),
  seedOperations("87"),
  seedOperations("88"),
  scopedSession("88"),
  scopedSession("86"),
  wrongPassword,
  invalidTicket
]
