/**
 * Talking to the simulator's admin API and the fixture peer over HTTP, through the
 * adapter's own `HttpClient`, so fault injection and state checks work from a Worker
 * exactly as from Node.
 *
 * @since 0.1.0
 */
import { HttpClient, HttpClientRequest } from "@effect/platform"
import { Effect, Schema } from "effect"
import * as Fixtures from "./Fixtures.ts"
import { ScenarioFailed } from "./Scenario.ts"

/** A fault rule as the simulator's admin API takes it (see `tools/simulator/src/Faults.ts`). @since 0.1.0 */
export interface FaultRule {
  readonly route?: "CustomerService" | "SoPrincipal" | "XMLService"
  readonly version?: "86" | "87" | "88"
  readonly operation?: string
  readonly fault: { readonly _tag: string; readonly [key: string]: unknown }
  readonly times?: number
}

const adminFailed = (what: string) => (e: unknown) =>
  new ScenarioFailed({ message: `simulator admin ${what} failed: ${(e as { message?: string }).message ?? String(e)}` })

const json = <A, I>(schema: Schema.Schema<A, I>, request: HttpClientRequest.HttpClientRequest, what: string) =>
  Effect.flatMap(HttpClient.HttpClient, (client) =>
    client.execute(request).pipe(
      Effect.flatMap((res) =>
        res.status >= 200 && res.status < 300
          ? Effect.flatMap(res.json, Schema.decodeUnknown(schema))
          : Effect.flatMap(res.text, (t) => Effect.fail(new Error(`HTTP ${res.status}: ${t.slice(0, 200)}`)))
      ),
      Effect.scoped,
      Effect.mapError(adminFailed(what))
    )
  )

/**
 * Installs fault rules for the scope: added on acquire, removed on release whether or
 * not they were used up, so a failing scenario leaves no fault behind for the next.
 *
 * @since 0.1.0
 */
export const withFaults = (simulatorUrl: string, ...rules: ReadonlyArray<FaultRule>) =>
  Effect.acquireRelease(
    json(
      Schema.Array(Schema.Struct({ id: Schema.String })),
      HttpClientRequest.post(`${simulatorUrl}/__admin/faults`).pipe(HttpClientRequest.bodyUnsafeJson(rules)),
      "POST /faults"
    ),
    (added) =>
      Effect.forEach(added, ({ id }) =>
        Effect.flatMap(HttpClient.HttpClient, (client) =>
          // The body is read even though nothing in it matters: @effect/platform aborts an
          // unread response when it is garbage-collected, which workerd reports as an error
          // (I/O outside a request) once the request that made it is over.
          Effect.flatMap(client.execute(HttpClientRequest.del(`${simulatorUrl}/__admin/faults/${id}`)), (r) => r.text)
        ).pipe(Effect.ignore)
      )
  )

/**
 * Adds or changes a SuperOffice Online tenant on the simulator: a new `host` moves it
 * (the old host answers 421 from then on), `state` sets its state.
 *
 * @since 0.2.0
 */
export const setTenant = (
  simulatorUrl: string,
  contextId: string,
  change: { readonly host?: string; readonly state?: string }
) =>
  json(
    Schema.Struct({ contextId: Schema.String, host: Schema.String, state: Schema.String }),
    HttpClientRequest.post(`${simulatorUrl}/__admin/tenants/${contextId}`).pipe(
      HttpClientRequest.bodyUnsafeJson(change)
    ),
    `POST /tenants/${contextId}`
  )

const SimulatorState = Schema.Struct({
  superoffice: Schema.Struct({
    tickets: Schema.Number,
    sessions: Schema.Array(Schema.Struct({ loginId: Schema.Number, version: Schema.String }))
  }),
  webex: Schema.Struct({ tickets: Schema.Number, supportSessions: Schema.Number })
})

/** @since 0.1.0 */
export type SimulatorState = typeof SimulatorState.Type

/** The simulator's state summary: live CS sessions, ticket and support-session counts. @since 0.1.0 */
export const state = (simulatorUrl: string) =>
  json(SimulatorState, HttpClientRequest.get(`${simulatorUrl}/__admin/state`), "GET /state")

/** Whether a CS session with this login id is live on the simulator. @since 0.1.0 */
export const sessionLive = (simulatorUrl: string, loginId: number) =>
  Effect.map(state(simulatorUrl), (s) => s.superoffice.sessions.some((x) => x.loginId === loginId))

const HangRecord = Schema.Struct({ received: Schema.Boolean, aborted: Schema.Boolean })

/**
 * What the peer saw of hanging request `id`. Polled briefly: the abort reaches the peer
 * a moment after the client gave up.
 *
 * @since 0.1.0
 */
export const hangRecord = (peerUrl: string, id: string, until: (r: typeof HangRecord.Type) => boolean) =>
  Effect.gen(function* () {
    const poll = json(HangRecord, HttpClientRequest.get(`${peerUrl}${Fixtures.peer.requests}/${id}`), "GET peer record")
    let record = yield* poll
    for (let i = 0; i < 80 && !until(record); i++) {
      yield* Effect.sleep("25 millis")
      record = yield* poll
    }
    return record
  })

/** A fresh id for a hanging request. @since 0.1.0 */
export const uniqueId = (): string => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`
