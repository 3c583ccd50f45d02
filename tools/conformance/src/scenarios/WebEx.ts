/**
 * WebEx against the simulator: creating a support session, logging in for a session
 * ticket, the version probe, and the history service paged through as a Stream.
 */
import { GeneralSession, History, SessionTicket, SupportSession, User, WebExClient } from "@sessionwire/webex"
import { Chunk, Effect, Layer, Redacted, Stream } from "effect"
import * as Clients from "../Clients.ts"
import * as Fixtures from "../Fixtures.ts"
import * as Scenario from "../Scenario.ts"
import * as Servers from "../Servers.ts"

const { check } = Scenario

const createSupportSession = Scenario.make("webex", "CreateSupportSession returns a session key", (endpoints) =>
  Effect.gen(function* () {
    const before = (yield* Servers.state(endpoints.simulatorUrl)).webex.supportSessions
    const created = yield* SupportSession.create({ tracking: { trackingCode1: "CONFORMANCE-1" } })
    yield* check(typeof created.sessionKey === "bigint" && created.sessionKey > 0n, "no sessionKey as a bigint")
    const after = (yield* Servers.state(endpoints.simulatorUrl)).webex.supportSessions
    yield* check(after === before + 1, `the simulator holds ${after - before} new support sessions, not 1`)
  }).pipe(Effect.provide(Clients.webExClient(endpoints)))
)

const authenticateUser = Scenario.make(
  "webex",
  "AuthenticateUser issues a session ticket, which then replaces the password",
  (endpoints) =>
    Effect.gen(function* () {
      const login = yield* User.authenticate()
      yield* check(Redacted.value(login.sessionTicket).length > 0, "an empty session ticket")
      yield* check((login.timeToLive ?? 0) > 0, "no timeToLive")
      // The ticket-backed client logs in once, then sends the ticket in place of the password.
      const before = (yield* Servers.state(endpoints.simulatorUrl)).webex.tickets
      const created = yield* SupportSession.create().pipe(
        Effect.provide(SessionTicket.layer().pipe(Layer.provide(Clients.webExConfig(endpoints))))
      )
      yield* check(created.sessionKey !== undefined, "no sessionKey through the ticket client")
      const after = (yield* Servers.state(endpoints.simulatorUrl)).webex.tickets
      yield* check(after === before + 1, `the ticket client logged in ${after - before} times, not once`)
    }).pipe(Effect.provide(Clients.webExClient(endpoints)))
)

const apiVersion = Scenario.make("webex", "GetAPIVersion answers with a version", (endpoints) =>
  Effect.gen(function* () {
    const client = yield* WebExClient.WebExClient
    const version = yield* client.call(GeneralSession.getAPIVersion, {})
    yield* check(version.apiVersion.length > 0, "an empty apiVersion")
  }).pipe(Effect.provide(Clients.webExClient(endpoints)))
)

const historyStream = Scenario.make(
  "webex",
  "LstsupportsessionHistory pages through every record as a Stream",
  (endpoints) =>
    Effect.gen(function* () {
      const paged = Chunk.toReadonlyArray(yield* Stream.runCollect(History.streamSupportSessions({}, { pageSize: 5 })))
      yield* check(
        paged.length >= Fixtures.webex.seededHistory,
        `the stream gave ${paged.length} sessions; the simulator seeded ${Fixtures.webex.seededHistory}`
      )
      const keys = new Set(paged.map((s) => s.sessionKey))
      yield* check(keys.size === paged.length, "a session came back twice across pages")
      const onePage = yield* History.listSupportSessions({ listControl: { startFrom: 1, maximumNum: 500 } })
      yield* check(
        onePage.matchingRecords?.total === paged.length,
        `matchingRecords.total is ${onePage.matchingRecords?.total}, the stream gave ${paged.length}`
      )
      yield* check(
        onePage.supportSessionHistory.every((s) => keys.has(s.sessionKey)),
        "paging and a single page disagree"
      )
    }).pipe(Effect.provide(Clients.webExClient(endpoints)))
)

export const scenarios: ReadonlyArray<Scenario.Scenario> = [
  createSupportSession,
  authenticateUser,
  apiVersion,
  historyStream
]
