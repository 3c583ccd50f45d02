/**
 * The check that no secret leaks through an error: every way an application might
 * print, log or serialise an error is rendered and searched.
 *
 * @since 0.1.0
 */
import { Cause, Effect, Inspectable } from "effect"
import * as Fixtures from "./Fixtures.ts"
import { ScenarioFailed } from "./Scenario.ts"

const safeJson = (u: unknown): string => {
  try {
    return JSON.stringify(u, (_, v) => (typeof v === "bigint" ? v.toString() : v)) ?? ""
  } catch (e) {
    return `(not serialisable: ${String(e)})`
  }
}

/**
 * Every rendering of an error an application is likely to produce: `String`, `message`,
 * `stack`, `JSON.stringify`, Effect's `toJSON` and pretty cause, and a walk over all
 * own properties, enumerable or not.
 *
 * @since 0.1.0
 */
export const renderings = (error: unknown): ReadonlyArray<string> => {
  const out: Array<string> = [
    String(error),
    safeJson(error),
    Inspectable.format(error),
    Cause.pretty(Cause.fail(error))
  ]
  if (typeof error === "object" && error !== null) {
    const e = error as { message?: unknown; stack?: unknown; toJSON?: () => unknown }
    out.push(String(e.message), String(e.stack))
    if (typeof e.toJSON === "function") out.push(safeJson(e.toJSON()))
    const seen = new Set<unknown>()
    const walk = (v: unknown, depth: number): void => {
      if (depth > 8 || v === null || typeof v !== "object" || seen.has(v)) {
        if (typeof v === "string") out.push(v)
        return
      }
      seen.add(v)
      for (const key of Reflect.ownKeys(v)) {
        // Redacted values render as <redacted> everywhere; reading inside them is what the check is about not doing.
        const child = (v as Record<PropertyKey, unknown>)[key]
        if (typeof child === "string") out.push(child)
        else walk(child, depth + 1)
      }
    }
    walk(error, 0)
  }
  return out
}

/**
 * Fails when any rendering of `error` contains one of `secrets` (by default every
 * conformance credential) or a ticket issued during the scenario.
 *
 * @since 0.1.0
 */
export const checkNoSecrets = (
  error: unknown,
  extra: ReadonlyArray<string> = []
): Effect.Effect<void, ScenarioFailed> => {
  const secrets = [...Fixtures.secrets, ...extra].filter((s) => s.length >= 4)
  for (const text of renderings(error)) {
    for (const s of secrets) {
      if (text.includes(s)) {
        const tag = (error as { _tag?: string })._tag ?? "error"
        const index = Fixtures.secrets.indexOf(s)
        return Effect.fail(
          new ScenarioFailed({
            message: `a secret (${index >= 0 ? `credential #${index}` : "an issued ticket"}) appears in a rendering of ${tag}`
          })
        )
      }
    }
  }
  return Effect.void
}
