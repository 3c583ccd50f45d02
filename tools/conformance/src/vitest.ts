/**
 * The suite as vitest tests: one `it` per scenario, so a run shows the count per
 * adapter. Not part of the main entry: it imports vitest.
 *
 * @example
 * ```ts
 * import { suite } from "@sessionwire/conformance/vitest"
 * import { startServers } from "@sessionwire/conformance/node"
 * suite("node-adapter", NodeHttp.layer(), startServers)
 * ```
 *
 * @since 0.1.0
 */
import type { HttpClient } from "@effect/platform"
import { type Layer, ManagedRuntime } from "effect"
import { afterAll, beforeAll, describe, it } from "vitest"
import { type Endpoints, runOne } from "./Scenario.ts"
import { scenarios } from "./Suite.ts"

/** Servers for a run: where they listen, and how to stop them. @since 0.1.0 */
export interface Running extends Endpoints {
  readonly stop: () => Promise<void>
}

/** @since 0.1.0 */
export interface SuiteOptions {
  /** Per scenario; default 30 s (the 10 MB one needs a few seconds on a busy machine). */
  readonly timeout?: number | undefined
}

/**
 * Registers the suite under `describe(name)`: `setup` starts the servers once, the
 * adapter's layer is built once into a runtime shared by every scenario, and each
 * scenario is one `it` that fails with the scenario's own explanation.
 *
 * @since 0.1.0
 */
export const suite = <E>(
  name: string,
  layer: Layer.Layer<HttpClient.HttpClient, E>,
  setup: () => Promise<Running>,
  options: SuiteOptions = {}
): void => {
  describe(name, () => {
    let running: Running | undefined
    let runtime: ManagedRuntime.ManagedRuntime<HttpClient.HttpClient, E> | undefined
    beforeAll(async () => {
      running = await setup()
      runtime = ManagedRuntime.make(layer)
    })
    afterAll(async () => {
      await runtime?.dispose()
      await running?.stop()
    })
    for (const scenario of scenarios) {
      it(
        scenario.name,
        async () => {
          const result = await runtime!.runPromise(runOne(scenario, running!))
          if (!result.passed) throw new Error(result.failure ?? "failed")
        },
        options.timeout ?? 30_000
      )
    }
  })
}
