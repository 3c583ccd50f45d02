/**
 * Replies that are valid but useless or oversized: a SOAP Fault whose reason is 10 MiB
 * (capped, never kept or printed whole), and a WebEx SUCCESS without the `sessionKey`
 * CreateSupportSession must return (a typed error, never an empty success).
 */
import { SupportSession } from "@sessionwire/webex"
import { Effect, Redacted } from "effect"
import * as Clients from "../Clients.ts"
import * as Fixtures from "../Fixtures.ts"
import * as Scenario from "../Scenario.ts"
import { renderings } from "../Secrets.ts"

const { check } = Scenario

const hugeReason = Scenario.make(
  "hostile",
  "a 10 MiB SOAP Fault reason is capped: neither the reason nor any rendering carries it whole",
  (endpoints) =>
    Effect.gen(function* () {
      const cs = yield* Clients.customerService(endpoints, "88", {
        endpoint: Clients.tenantUrl(endpoints, Fixtures.peer.hugeFault),
        ticket: Redacted.make("7T:conformance-huge-fault-ticket")
      })
      const error = yield* Scenario.expectFailure(cs.SessionIsValid({ CsSessionKey: "k" }), "SoapFault")
      yield* check(error.reason.length <= 1100, `the reason keeps ${error.reason.length} characters`)
      yield* check(
        error.reason.endsWith(`(${Fixtures.hugeReason} characters)`),
        "the capped reason does not give the original length"
      )
      for (const text of renderings(error)) {
        yield* check(text.length < 20_000, `a rendering of the error is ${text.length} characters long`)
      }
    })
)

const noSessionKey = Scenario.make(
  "hostile",
  "a CreateSupportSession SUCCESS without sessionKey is IncompleteReply, not an empty success",
  (endpoints) =>
    Effect.gen(function* () {
      const error = yield* Scenario.expectFailure(SupportSession.create(), "IncompleteReply")
      yield* check(error.field === "sessionKey", `the error names ${error.field}`)
    }).pipe(
      Effect.provide(Clients.webExClient(endpoints, { endpoint: `${endpoints.peerUrl}${Fixtures.peer.noSessionKey}` }))
    )
)

export const scenarios: ReadonlyArray<Scenario.Scenario> = [hugeReason, noSessionKey]
