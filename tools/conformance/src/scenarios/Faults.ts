/**
 * Every fault-injection mode of the simulator, set through its HTTP admin API, each
 * giving the typed error the clients document, with no secret in it.
 */
import { History, SupportSession } from "@sessionwire/webex"
import { Effect } from "effect"
import * as Clients from "../Clients.ts"
import * as Scenario from "../Scenario.ts"
import { checkNoSecrets } from "../Secrets.ts"
import * as Servers from "../Servers.ts"

const { check } = Scenario

type Fault = Servers.FaultRule["fault"]

/** A CreateSession (never retried) on Services88 with `fault` injected once. */
const createSessionUnder =
  <T extends string>(fault: Fault, tag: T, options: Clients.SoOptions = {}, times: number | "until removed" = 1) =>
  (endpoints: Scenario.Endpoints) =>
    Effect.gen(function* () {
      const cs = yield* Clients.customerService(endpoints, "88", options)
      yield* Servers.withFaults(endpoints.simulatorUrl, {
        route: "CustomerService",
        version: "88",
        operation: "CreateSession",
        fault,
        ...(times === "until removed" ? {} : { times })
      })
      const error = yield* Scenario.expectFailure(cs.CreateSession({ RemoteIp: "203.0.113.7" }), tag)
      yield* checkNoSecrets(error)
      return error
    }).pipe(Effect.scoped)

const latency = Scenario.make("faults", "Latency beyond the call's timeout is RequestTimeout", (endpoints) =>
  Effect.gen(function* () {
    const started = Date.now()
    const error = yield* createSessionUnder({ _tag: "Latency", millis: 5_000 }, "RequestTimeout", {
      timeout: "300 millis"
    })(endpoints)
    const elapsed = Date.now() - started
    yield* check(error.timeoutMillis === 300, `timeoutMillis is ${error.timeoutMillis}`)
    yield* check(elapsed < 4_000, `the call waited ${elapsed} ms for a 300 ms timeout`)
  })
)

const connectionReset = Scenario.make("faults", "ConnectionReset is TransportError", (endpoints) =>
  Effect.asVoid(createSessionUnder({ _tag: "ConnectionReset" }, "TransportError")(endpoints))
)

const truncatedBody = Scenario.make("faults", "TruncatedBody is TransportError", (endpoints) =>
  Effect.asVoid(createSessionUnder({ _tag: "TruncatedBody" }, "TransportError")(endpoints))
)

const htmlError = Scenario.make("faults", "an HTML 502 page is UnexpectedResponse(HtmlPage, 502)", (endpoints) =>
  Effect.gen(function* () {
    const error = yield* createSessionUnder({ _tag: "HtmlError" }, "UnexpectedResponse")(endpoints)
    yield* check(error.kind === "HtmlPage" && error.status === 502, `got ${error.kind} ${error.status}`)
  })
)

const serviceUnavailable = Scenario.make(
  "faults",
  "503 with Retry-After is UnexpectedResponse carrying retryAfter",
  (endpoints) =>
    Effect.gen(function* () {
      const error = yield* createSessionUnder(
        { _tag: "ServiceUnavailable", retryAfter: 17 },
        "UnexpectedResponse"
      )(endpoints)
      yield* check(
        error.status === 503 && error.retryAfter === 17,
        `got ${error.status}, retryAfter ${error.retryAfter}`
      )
    })
)

const misdirected = Scenario.make("faults", "421 Misdirected Request is MisdirectedTenant", (endpoints) =>
  Effect.gen(function* () {
    // Until removed, not once: the Fetch standard has `fetch` resend a request that got 421
    // on a new connection, as a real bare host would answer the resend with 421 too.
    const error = yield* createSessionUnder(
      { _tag: "MisdirectedRequest" },
      "MisdirectedTenant",
      {},
      "until removed"
    )(endpoints)
    yield* check(/numbered host|online3/.test(error.message), "the message does not say which host to use")
  })
)

const soapRateLimited = Scenario.make(
  "faults",
  "a SOAP route's 429 is UnexpectedResponse carrying retryAfter",
  (endpoints) =>
    Effect.gen(function* () {
      const error = yield* createSessionUnder({ _tag: "RateLimited", retryAfter: 9 }, "UnexpectedResponse")(endpoints)
      yield* check(
        error.status === 429 && error.retryAfter === 9,
        `got ${error.status}, retryAfter ${error.retryAfter}`
      )
    })
)

const webExRateLimited = Scenario.make("faults", "WebEx 000045 is RateLimited", (endpoints) =>
  Effect.gen(function* () {
    yield* Servers.withFaults(endpoints.simulatorUrl, {
      route: "XMLService",
      operation: "CreateSupportSession",
      fault: { _tag: "RateLimited" },
      times: 1
    })
    const error = yield* Scenario.expectFailure(SupportSession.create(), "RateLimited")
    yield* check(error.exceptionID === "000045", `exceptionID ${error.exceptionID}`)
    yield* checkNoSecrets(error)
  }).pipe(Effect.scoped, Effect.provide(Clients.webExClient(endpoints)))
)

const idempotentRetried = Scenario.make(
  "faults",
  "an idempotent call (SessionIsValid) is retried past a 503 and a reset",
  (endpoints) =>
    Effect.gen(function* () {
      const cs = yield* Clients.customerService(endpoints, "88", { retries: 3 })
      const created = yield* cs.CreateSession({ RemoteIp: "203.0.113.7" })
      const key = created.body.Response!.Key!
      yield* Servers.withFaults(
        endpoints.simulatorUrl,
        {
          route: "CustomerService",
          operation: "SessionIsValid",
          fault: { _tag: "ServiceUnavailable", retryAfter: 0 },
          times: 1
        },
        { route: "CustomerService", operation: "SessionIsValid", fault: { _tag: "ConnectionReset" }, times: 1 }
      )
      const valid = yield* cs.SessionIsValid({ CsSessionKey: key })
      yield* check(valid.body.Response === true, "SessionIsValid was not true after the retries")
      yield* cs.RemoveSession({ LoginId: created.body.Response!.LoginId! })
    }).pipe(Effect.scoped)
)

const readOnlyRetried = Scenario.make(
  "faults",
  "a read-only WebEx call is retried past 000045 after the Retry-After it was given",
  (endpoints) =>
    Effect.gen(function* () {
      yield* Servers.withFaults(endpoints.simulatorUrl, {
        route: "XMLService",
        operation: "LstsupportsessionHistory",
        fault: { _tag: "RateLimited", retryAfter: 0 },
        times: 2
      })
      const page = yield* History.listSupportSessions({ listControl: { startFrom: 1, maximumNum: 3 } })
      yield* check(page.supportSessionHistory.length > 0, "no sessions after the retries")
    }).pipe(Effect.scoped, Effect.provide(Clients.webExClient(endpoints, { retries: 3 })))
)

const rateLimitBeyondDeadline = Scenario.make(
  "deadline",
  "a 000045 whose pause would outlast the deadline fails at once with RateLimited and its Retry-After",
  (endpoints) =>
    Effect.gen(function* () {
      yield* Servers.withFaults(endpoints.simulatorUrl, {
        route: "XMLService",
        operation: "LstsupportsessionHistory",
        fault: { _tag: "RateLimited", retryAfter: 120 },
        times: 1
      })
      const error = yield* Scenario.expectFailure(
        History.listSupportSessions({ listControl: { startFrom: 1, maximumNum: 3 } }),
        "RateLimited"
      )
      yield* check(error.retryAfter === 120, `retryAfter ${error.retryAfter}, expected 120`)
      // The rule was used once and is gone, so the next call is served at once.
      const page = yield* History.listSupportSessions({ listControl: { startFrom: 1, maximumNum: 3 } })
      yield* check(page.supportSessionHistory.length > 0, "the next call was not served")
    }).pipe(Effect.scoped, Effect.provide(Clients.webExClient(endpoints, { retries: 3 })))
)

export const scenarios: ReadonlyArray<Scenario.Scenario> = [
  rateLimitBeyondDeadline,
  latency,
  connectionReset,
  truncatedBody,
  htmlError,
  serviceUnavailable,
  misdirected,
  soapRateLimited,
  webExRateLimited,
  idempotentRetried,
  readOnlyRetried
]
