/**
 * The conformance suite as a Worker, built with the edge adapter's own handler: the
 * runtime (the fetch HTTP layer) is built once per isolate, and each request runs one
 * scenario, so a failing scenario cannot take the others down and every scenario stays
 * far below a request's subrequest budget.
 *
 *   GET /scenarios        → the scenario names, in order
 *   GET /scenario/<name>  → that scenario's ScenarioResult
 *
 * Bindings: SIMULATOR_URL and PEER_URL, read through Config from `env`.
 */
import { HttpClient } from "@effect/platform"
import { Scenario, Suite } from "@sessionwire/conformance"
import { Config, Effect } from "effect"
import { EdgeHttp, WorkerHandler } from "../src/index.ts"

const endpoints = Config.all({ simulatorUrl: Config.string("SIMULATOR_URL"), peerUrl: Config.string("PEER_URL") })

export default WorkerHandler.make({
  layer: EdgeHttp.layer({ requestTimeout: "60 seconds" }),
  handle: (request) =>
    Effect.gen(function* () {
      const path = new URL(request.url).pathname
      if (path === "/scenarios") return Response.json(Suite.scenarios.map((s) => s.name))
      const name = decodeURIComponent(path.replace(/^\/scenario\//, ""))
      const scenario = Suite.byName(name)
      if (scenario === undefined) return Response.json({ error: `no scenario ${name}` }, { status: 404 })
      const result = yield* Scenario.runOne(scenario, yield* endpoints)
      // Proof that the runtime is per isolate: the same client object serves every request.
      const client = yield* HttpClient.HttpClient
      return Response.json({ ...result, runtime: navigator.userAgent, clientId: idOf(client) })
    })
})

const ids = new WeakMap<object, number>()
let next = 0
const idOf = (o: object): number => {
  let id = ids.get(o)
  if (id === undefined) {
    id = ++next
    ids.set(o, id)
  }
  return id
}
