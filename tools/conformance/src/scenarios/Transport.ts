/**
 * The transport under load and under cancellation: timeouts and interruption that
 * really abort the request (the fixture peer reports what it saw), 200 calls at once,
 * a 10 MB reply, and hostile replies the reader must refuse.
 */
import { GeneralSession, WebExClient } from "@sessionwire/webex"
import { Effect, Exit, Fiber, Redacted } from "effect"
import * as Clients from "../Clients.ts"
import * as Fixtures from "../Fixtures.ts"
import * as Scenario from "../Scenario.ts"
import { checkNoSecrets } from "../Secrets.ts"
import * as Servers from "../Servers.ts"

const { check } = Scenario

/** A client pointed at the peer; the peer never checks the ticket. */
const peerClient = (endpoints: Scenario.Endpoints, path: string, options: Clients.SoOptions = {}) =>
  Clients.customerService(endpoints, "88", {
    ...options,
    endpoint: Clients.tenantUrl(endpoints, path),
    ticket: Redacted.make("7T:conformance-peer-ticket")
  })

const timeoutAborts = Scenario.make(
  "transport",
  "a call timeout fails with RequestTimeout and aborts the request",
  (endpoints) =>
    Effect.gen(function* () {
      const id = Servers.uniqueId()
      const cs = yield* peerClient(endpoints, `${Fixtures.peer.hang}/${id}`, { timeout: "250 millis" })
      const error = yield* Scenario.expectFailure(cs.SessionIsValid({ CsSessionKey: "k" }), "RequestTimeout")
      yield* checkNoSecrets(error)
      const seen = yield* Servers.hangRecord(endpoints.peerUrl, id, (r) => r.aborted)
      yield* check(seen.received, "the peer never received the request")
      yield* check(seen.aborted, "the request was not aborted: the peer still holds it open")
    })
)

const interruptionAborts = Scenario.make("transport", "interrupting a call aborts the request", (endpoints) =>
  Effect.gen(function* () {
    const id = Servers.uniqueId()
    const cs = yield* peerClient(endpoints, `${Fixtures.peer.hang}/${id}`, { timeout: "30 seconds" })
    const fiber = yield* Effect.fork(cs.SessionIsValid({ CsSessionKey: "k" }))
    const arrived = yield* Servers.hangRecord(endpoints.peerUrl, id, (r) => r.received)
    yield* check(arrived.received, "the request never reached the peer")
    const exit = yield* Fiber.interrupt(fiber)
    yield* check(Exit.isInterrupted(exit), "the call was not interrupted")
    const seen = yield* Servers.hangRecord(endpoints.peerUrl, id, (r) => r.aborted)
    yield* check(seen.aborted, "the request was not aborted: the peer still holds it open")
  })
)

const concurrent = Scenario.make("transport", "200 concurrent calls all succeed", (endpoints) =>
  Effect.gen(function* () {
    const cs = yield* Clients.customerService(endpoints, "88")
    const created = yield* cs.CreateSession({ RemoteIp: "203.0.113.7" })
    const key = created.body.Response!.Key!
    const replies = yield* Effect.all(
      Array.from({ length: 200 }, () => cs.SessionIsValid({ CsSessionKey: key })),
      { concurrency: 200 }
    )
    yield* check(replies.length === 200, `${replies.length} replies`)
    yield* check(
      replies.every((r) => r.body.Response === true),
      `${replies.filter((r) => r.body.Response !== true).length} of 200 calls did not see the session`
    )
    yield* cs.RemoveSession({ LoginId: created.body.Response!.LoginId! })
  })
)

const bigArray = Scenario.make("transport", "a 10 MB array response decodes in full", (endpoints) =>
  Effect.gen(function* () {
    const cs = yield* peerClient(endpoints, Fixtures.peer.big, { timeout: "60 seconds" })
    const reply = yield* cs.FindTicketsByTitleOrId({ TitleOrId: "x", MaxRows: Fixtures.bigArray.items })
    const items = reply.body.Response ?? []
    yield* check(items.length === Fixtures.bigArray.items, `${items.length} items, expected ${Fixtures.bigArray.items}`)
    for (const i of [0, Math.floor(items.length / 2), items.length - 1]) {
      const item = items[i]
      yield* check(
        item?.TicketId === i + 1 && item.Title === Fixtures.bigTitle(i),
        `item ${i} is not the one the peer sent`
      )
    }
  })
)

const doctype = Scenario.make("hostile", "a reply with a DOCTYPE (entity bomb) is XmlForbiddenConstruct", (endpoints) =>
  Effect.gen(function* () {
    const cs = yield* peerClient(endpoints, Fixtures.peer.doctype)
    const error = yield* Scenario.expectFailure(cs.SessionIsValid({ CsSessionKey: "k" }), "XmlForbiddenConstruct")
    yield* checkNoSecrets(error)
  })
)

const depthBomb = Scenario.make(
  "hostile",
  "a SOAP reply nested 50,000 deep is XmlLimitExceeded(maxDepth)",
  (endpoints) =>
    Effect.gen(function* () {
      const cs = yield* peerClient(endpoints, Fixtures.peer.depth)
      const error = yield* Scenario.expectFailure(cs.SessionIsValid({ CsSessionKey: "k" }), "XmlLimitExceeded")
      yield* check(error.limit === "maxDepth", `limit ${error.limit}`)
    })
)

const depthBombWebEx = Scenario.make(
  "hostile",
  "a WebEx reply nested 50,000 deep is XmlLimitExceeded(maxDepth)",
  (endpoints) =>
    Effect.gen(function* () {
      const client = yield* WebExClient.WebExClient
      const error = yield* Scenario.expectFailure(client.call(GeneralSession.getAPIVersion, {}), "XmlLimitExceeded")
      yield* check(error.limit === "maxDepth", `limit ${error.limit}`)
    }).pipe(
      Effect.provide(Clients.webExClient(endpoints, { endpoint: `${endpoints.peerUrl}${Fixtures.peer.depthWebEx}` }))
    )
)

export const scenarios: ReadonlyArray<Scenario.Scenario> = [
  timeoutAborts,
  interruptionAborts,
  concurrent,
  bigArray,
  doctype,
  depthBomb,
  depthBombWebEx
]
