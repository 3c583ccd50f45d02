/**
 * What a conformance scenario is, what it is given, and how it reports. A scenario
 * needs nothing but an `HttpClient` (from the adapter under test) and the URLs of the
 * simulator and the fixture peer, so the same code runs under vitest on Node and
 * inside a Worker.
 *
 * @since 0.1.0
 */
import type { HttpClient } from "@effect/platform"
import { Cause, Data, Effect } from "effect"

/**
 * Where the servers the scenarios talk to listen. Both run in Node on loopback; a Worker
 * under test gets these as bindings.
 *
 * @since 0.1.0
 */
export interface Endpoints {
  /** The simulator's root, e.g. `http://127.0.0.1:41234` (its admin API is under `/__admin`). */
  readonly simulatorUrl: string
  /** The fixture peer's root: hostile and oversized replies, hanging requests (see `node/FixturePeer.ts`). */
  readonly peerUrl: string
}

/** @since 0.1.0 */
export type Group = "superoffice" | "webex" | "faults" | "transport" | "deadline" | "hostile" | "secrets"

/**
 * One scenario: a name unique in the suite, and an Effect that succeeds when the adapter
 * behaved. It fails with {@link ScenarioFailed} (or anything else) when it did not.
 *
 * @since 0.1.0
 */
export interface Scenario {
  readonly name: string
  readonly group: Group
  readonly run: (endpoints: Endpoints) => Effect.Effect<void, unknown, HttpClient.HttpClient>
}

/**
 * How one scenario went, as plain JSON so a Worker can send it back.
 *
 * @since 0.1.0
 */
export interface ScenarioResult {
  readonly name: string
  readonly group: Group
  readonly passed: boolean
  readonly millis: number
  /** Why it failed: the assertion, or the unexpected error's tag and message. */
  readonly failure?: string | undefined
}

/**
 * An expectation did not hold.
 *
 * @since 0.1.0
 */
export class ScenarioFailed extends Data.TaggedError("ScenarioFailed")<{ readonly message: string }> {}

/** @since 0.1.0 */
export const make = (group: Group, name: string, run: Scenario["run"]): Scenario => ({
  group,
  name: `${group}: ${name}`,
  run
})

/**
 * Fails the scenario with `message` unless `condition` holds.
 *
 * @since 0.1.0
 */
export const check = (condition: boolean, message: string | (() => string)): Effect.Effect<void, ScenarioFailed> =>
  condition
    ? Effect.void
    : Effect.fail(new ScenarioFailed({ message: typeof message === "function" ? message() : message }))

const describeValue = (u: unknown): string => {
  if (typeof u === "object" && u !== null && "_tag" in u) {
    const message = (u as { message?: unknown }).message
    return `${String((u as { _tag: unknown })._tag)}${typeof message === "string" && message !== "" ? `: ${message}` : ""}`
  }
  try {
    return JSON.stringify(u, (_, v) => (typeof v === "bigint" ? `${v}n` : v))
  } catch {
    return String(u)
  }
}

/**
 * Runs `effect`, which must fail with an error tagged `tag`, and returns that error.
 *
 * @since 0.1.0
 */
export const expectFailure = <A, E, R, T extends string>(
  effect: Effect.Effect<A, E, R>,
  tag: T
): Effect.Effect<Extract<E, { readonly _tag: T }>, ScenarioFailed, R> =>
  Effect.matchEffect(effect, {
    onSuccess: (a) =>
      Effect.fail(new ScenarioFailed({ message: `expected ${tag}, but the call succeeded with ${describeValue(a)}` })),
    onFailure: (e) =>
      typeof e === "object" && e !== null && (e as { _tag?: unknown })._tag === tag
        ? Effect.succeed(e as Extract<E, { readonly _tag: T }>)
        : Effect.fail(new ScenarioFailed({ message: `expected ${tag}, got ${describeValue(e)}` }))
  })

/**
 * Runs one scenario and reports it; never fails. Defects and interruptions are failures too.
 *
 * @since 0.1.0
 */
export const runOne = (
  scenario: Scenario,
  endpoints: Endpoints
): Effect.Effect<ScenarioResult, never, HttpClient.HttpClient> =>
  Effect.suspend(() => {
    const started = performance.now()
    const millis = () => Math.round(performance.now() - started)
    return Effect.matchCause(scenario.run(endpoints), {
      onSuccess: (): ScenarioResult => ({ name: scenario.name, group: scenario.group, passed: true, millis: millis() }),
      onFailure: (cause): ScenarioResult => ({
        name: scenario.name,
        group: scenario.group,
        passed: false,
        millis: millis(),
        failure: Cause.failureOption(cause).pipe((o) =>
          o._tag === "Some" ? describeValue(o.value) : Cause.pretty(cause).split("\n").slice(0, 6).join("\n")
        )
      })
    })
  })
