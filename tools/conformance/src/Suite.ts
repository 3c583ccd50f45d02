/**
 * The suite: every scenario, and running them against an adapter's layer.
 *
 * @since 0.1.0
 */
import type { HttpClient } from "@effect/platform"
import { Effect, type Layer } from "effect"
import type { Endpoints, Scenario, ScenarioResult } from "./Scenario.ts"
import { runOne } from "./Scenario.ts"
import * as Deadline from "./scenarios/Deadline.ts"
import * as Faults from "./scenarios/Faults.ts"
import * as Hardening from "./scenarios/Hardening.ts"
import * as Secrets from "./scenarios/Secrets.ts"
import * as SuperOffice from "./scenarios/SuperOffice.ts"
import * as Tenants from "./scenarios/Tenants.ts"
import * as Transport from "./scenarios/Transport.ts"
import * as WebEx from "./scenarios/WebEx.ts"

/**
 * Every scenario, in the order they run. Names are unique and stable: a Worker and a
 * vitest file agree on them.
 *
 * @since 0.1.0
 */
export const scenarios: ReadonlyArray<Scenario> = [
  ...SuperOffice.scenarios,
  ...Tenants.scenarios,
  ...WebEx.scenarios,
  ...Faults.scenarios,
  ...Transport.scenarios,
  ...Deadline.scenarios,
  ...Secrets.scenarios,
  ...Hardening.scenarios
]

/** @since 0.1.0 */
export const byName = (name: string): Scenario | undefined => scenarios.find((s) => s.name === name)

/** @since 0.1.0 */
export interface RunOptions {
  /** Only scenarios whose name passes; default all. */
  readonly filter?: ((scenario: Scenario) => boolean) | undefined
}

/**
 * Runs the scenarios one after another (fault rules on the simulator are shared state)
 * with `layer` supplying the HTTP client, and reports each. Never fails: a scenario that
 * fails is a result, and a layer that cannot be built fails every scenario.
 *
 * @since 0.1.0
 */
export const run = <E>(
  layer: Layer.Layer<HttpClient.HttpClient, E>,
  endpoints: Endpoints,
  options: RunOptions = {}
): Effect.Effect<ReadonlyArray<ScenarioResult>> => {
  const chosen = options.filter === undefined ? scenarios : scenarios.filter(options.filter)
  return Effect.forEach(chosen, (s) => runOne(s, endpoints)).pipe(
    Effect.provide(layer),
    Effect.catchAllCause((cause) =>
      Effect.succeed(
        chosen.map(
          (s): ScenarioResult => ({
            name: s.name,
            group: s.group,
            passed: false,
            millis: 0,
            failure: `the adapter's layer could not be built: ${String(cause)}`
          })
        )
      )
    )
  )
}
