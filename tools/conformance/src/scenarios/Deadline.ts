/**
 * One deadline per logical call. Against a server that hangs, one that stalls after the
 * headers and one that sends its body a byte a second, a call with retries ends within
 * its deadline with `RequestTimeout`, the request is aborted, and the pool still serves
 * the next call. CS sessions opened under `Effect.timeout` or `Fiber.interrupt` are
 * still removed, and acquire and release are themselves bounded.
 */
import { CsSession } from "@sessionwire/superoffice"
import { GeneralSession, WebExClient } from "@sessionwire/webex"
import { Clock, Duration, Effect, Exit, Fiber, Layer, Option, Redacted } from "effect"
import * as Clients from "../Clients.ts"
import * as Fixtures from "../Fixtures.ts"
import * as Scenario from "../Scenario.ts"
import * as Servers from "../Servers.ts"

const { check } = Scenario

const timeout = Duration.millis(300)
const deadline = Duration.seconds(1)
/**
 * What "within the deadline" allows for beyond the deadline itself: the abort reaching
 * the socket and a busy machine. It is not a speed claim; without the deadline these calls
 * would run until the HTTP layer's own limit (a minute by default).
 */
const slack = Duration.seconds(3)

const peerClient = (endpoints: Scenario.Endpoints, path: string) =>
  Clients.customerService(endpoints, "88", {
    endpoint: Clients.tenantUrl(endpoints, path),
    ticket: Redacted.make("7T:conformance-peer-ticket"),
    timeout,
    deadline,
    // More retries than the deadline has room for: the deadline, not the budget, ends the call.
    retries: 10
  })

const elapsedSince = (start: number) => Effect.map(Clock.currentTimeMillis, (now) => now - start)

const withinDeadline = (elapsed: number, bound: Duration.Duration = deadline) =>
  check(
    elapsed <= Duration.toMillis(Duration.sum(bound, slack)),
    `the call took ${elapsed} ms, past its ${Duration.toMillis(bound)} ms deadline`
  )

const stubborn = (kind: "hang" | "stall" | "slow", what: string) =>
  Scenario.make("deadline", `a retried call to a server that ${what} ends within its deadline`, (endpoints) =>
    Effect.gen(function* () {
      const id = Servers.uniqueId()
      const cs = yield* peerClient(endpoints, `${Fixtures.peer[kind]}/${id}`)
      const start = yield* Clock.currentTimeMillis
      const error = yield* Scenario.expectFailure(cs.SessionIsValid({ CsSessionKey: "k" }), "RequestTimeout")
      yield* withinDeadline(yield* elapsedSince(start))
      yield* check(
        error.timeoutMillis === Duration.toMillis(deadline) || error.timeoutMillis === Duration.toMillis(timeout),
        `timeoutMillis ${error.timeoutMillis} is neither the timeout nor the deadline`
      )
      const seen = yield* Servers.hangRecord(endpoints.peerUrl, id, (r) => r.aborted)
      yield* check(seen.received, "the peer never received the request")
      yield* check(seen.aborted, "the request was not aborted: the peer still holds it open")
      // Same origin, same pool: the connections given up on must not block the next call.
      const next = yield* peerClient(endpoints, Fixtures.peer.valid)
      const replies = yield* Effect.all(
        Array.from({ length: 4 }, () => next.SessionIsValid({ CsSessionKey: "k" })),
        { concurrency: 4 }
      )
      yield* check(
        replies.every((r) => r.body.Response === true),
        "the pool did not serve the calls that followed"
      )
    })
  )

const webExHang = Scenario.make(
  "deadline",
  "a retried WebEx read to a server that hangs ends within its deadline",
  (endpoints) =>
    Effect.gen(function* () {
      const id = Servers.uniqueId()
      const client = Clients.webExClient(endpoints, {
        endpoint: `${endpoints.peerUrl}${Fixtures.peer.hang}/${id}/WBXService/XMLService`,
        timeout,
        deadline,
        retries: 10
      })
      const start = yield* Clock.currentTimeMillis
      yield* Scenario.expectFailure(
        Effect.provide(WebExClient.call(GeneralSession.getAPIVersion, {}), client),
        "RequestTimeout"
      )
      yield* withinDeadline(yield* elapsedSince(start))
      const seen = yield* Servers.hangRecord(endpoints.peerUrl, id, (r) => r.aborted)
      yield* check(seen.aborted, "the request was not aborted: the peer still holds it open")
    })
)

/** The simulator's live CS sessions. */
const liveSessions = (endpoints: Scenario.Endpoints) =>
  Effect.map(Servers.state(endpoints.simulatorUrl), (s) => s.superoffice.sessions.map((x) => x.loginId))

const noNewSessions = (endpoints: Scenario.Endpoints, before: ReadonlyArray<number>) =>
  Effect.gen(function* () {
    const after = yield* liveSessions(endpoints)
    const left = after.filter((id) => !before.includes(id))
    yield* check(left.length === 0, `${left.length} CS session(s) left open on the simulator`)
  })

/** A slow CreateSession: long enough to be caught in flight, well inside the deadline. */
const slowCreate = (endpoints: Scenario.Endpoints, millis: number) =>
  Servers.withFaults(endpoints.simulatorUrl, {
    route: "CustomerService",
    version: "88",
    operation: "CreateSession",
    fault: { _tag: "Latency", millis },
    times: 1
  })

const sessionConfig = (endpoints: Scenario.Endpoints, options: Clients.SoOptions) =>
  Layer.fresh(Clients.superOfficeConfig(endpoints, "88", options))

const scopedUnderTimeout = Scenario.make(
  "deadline",
  "CsSession.scoped under Effect.timeout ends within the deadline and the session is removed",
  (endpoints) =>
    Effect.gen(function* () {
      const before = yield* liveSessions(endpoints)
      yield* slowCreate(endpoints, 600)
      const start = yield* Clock.currentTimeMillis
      const result = yield* Effect.scoped(CsSession.scoped("203.0.113.7")).pipe(
        Effect.timeout("100 millis"),
        Effect.option,
        Effect.provide(sessionConfig(endpoints, { timeout: "5 seconds", deadline: "5 seconds" }))
      )
      yield* check(Option.isNone(result), "the timeout did not end the acquire")
      yield* withinDeadline(yield* elapsedSince(start), Duration.seconds(5))
      yield* noNewSessions(endpoints, before)
    }).pipe(Effect.scoped)
)

const scopedInterrupted = Scenario.make(
  "deadline",
  "interrupting CsSession.scoped while CreateSession is in flight waits for it, then removes the session",
  (endpoints) =>
    Effect.gen(function* () {
      const before = yield* liveSessions(endpoints)
      yield* slowCreate(endpoints, 600)
      const fiber = yield* Effect.scoped(Effect.zipRight(CsSession.scoped("203.0.113.7"), Effect.never)).pipe(
        Effect.provide(sessionConfig(endpoints, { timeout: "5 seconds", deadline: "5 seconds" })),
        Effect.fork
      )
      // Let the CreateSession reach the simulator, whose latency then holds it.
      yield* Effect.sleep("150 millis")
      const start = yield* Clock.currentTimeMillis
      const exit = yield* Fiber.interrupt(fiber)
      yield* check(Exit.isInterrupted(exit), "the fiber was not interrupted")
      yield* withinDeadline(yield* elapsedSince(start), Duration.seconds(5))
      yield* noNewSessions(endpoints, before)
    }).pipe(Effect.scoped)
)

const acquireBounded = Scenario.make(
  "deadline",
  "a CreateSession that never answers fails within the deadline and leaves no session",
  (endpoints) =>
    Effect.gen(function* () {
      const before = yield* liveSessions(endpoints)
      yield* slowCreate(endpoints, 10_000)
      const start = yield* Clock.currentTimeMillis
      yield* Scenario.expectFailure(
        Effect.scoped(CsSession.scoped("203.0.113.7")).pipe(
          Effect.provide(sessionConfig(endpoints, { timeout, deadline }))
        ),
        "RequestTimeout"
      )
      yield* withinDeadline(yield* elapsedSince(start))
      yield* noNewSessions(endpoints, before)
    }).pipe(Effect.scoped)
)

const releaseBounded = Scenario.make(
  "deadline",
  "a RemoveSession that never answers ends the scope within the deadline",
  (endpoints) =>
    Effect.gen(function* () {
      yield* Servers.withFaults(endpoints.simulatorUrl, {
        route: "CustomerService",
        version: "88",
        operation: "RemoveSession",
        fault: { _tag: "Latency", millis: 10_000 },
        times: 1
      })
      let closing = 0
      const loginId = yield* Effect.scoped(
        Effect.gen(function* () {
          const session = yield* CsSession.scoped("203.0.113.7")
          closing = yield* Clock.currentTimeMillis
          return session.loginId
        })
      ).pipe(Effect.provide(sessionConfig(endpoints, { timeout, deadline })))
      yield* withinDeadline(yield* elapsedSince(closing))
      // The simulator never got to remove it (the client gave up first); the server's expiry will.
      const cs = yield* Clients.customerService(endpoints, "88")
      yield* cs.RemoveSession({ LoginId: loginId })
    }).pipe(Effect.scoped)
)

export const scenarios: ReadonlyArray<Scenario.Scenario> = [
  stubborn("hang", "never answers"),
  stubborn("stall", "stalls after the headers"),
  stubborn("slow", "sends its body at one byte a second"),
  webExHang,
  scopedUnderTimeout,
  scopedInterrupted,
  acquireBounded,
  releaseBounded
]
