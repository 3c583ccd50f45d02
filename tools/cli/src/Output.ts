/**
 * Everything the CLI prints goes through here, so no path can print a secret:
 * values are made JSON-safe (bigint as a string, `Redacted` and credential-named
 * fields as `<redacted>`, token-shaped strings scrubbed), then rendered as JSON or
 * as indented text for people.
 *
 * @since 0.1.0
 */
import { Excerpt } from "@sessionwire/protocol"
import { Cause, Duration, Effect, Fiber, Redacted } from "effect"

export const REDACTED = "<redacted>"

/** Field names whose values are credentials wherever they appear. */
const SECRET_KEYS =
  /^(ticket|sessionticket|password|accesstoken|webexaccesstoken|applicationtoken|apptoken|token|samlresponse|partnerid|secret|credentials?)$/i

/**
 * A JSON-safe copy: bigint → string, Date → ISO string, Uint8Array → base64, Redacted and
 * credential fields → `<redacted>`, every other string scrubbed of `secrets` and token shapes.
 * Symbol keys (the binding's unknown elements) and functions are dropped.
 */
export const toJsonValue = (value: unknown, secrets: ReadonlyArray<Excerpt.Secret> = []): unknown => {
  const seen = new WeakSet<object>()
  const walk = (v: unknown, key: string | undefined): unknown => {
    if (key !== undefined && SECRET_KEYS.test(key) && v !== undefined && v !== null && typeof v !== "boolean") {
      // A `Credentials` struct holds the ticket: hide the struct's content, keep its shape.
      return typeof v === "object" && !Redacted.isRedacted(v) && !Array.isArray(v)
        ? Object.fromEntries(Object.keys(v as object).map((k) => [k, REDACTED]))
        : REDACTED
    }
    if (Redacted.isRedacted(v)) return REDACTED
    switch (typeof v) {
      case "bigint":
        return v.toString()
      case "string":
        return Excerpt.scrub(v, secrets)
      case "number":
      case "boolean":
        return v
      case "undefined":
      case "function":
      case "symbol":
        return undefined
    }
    if (v === null) return null
    if (v instanceof Date) return v.toISOString()
    if (v instanceof Uint8Array) return Buffer.from(v).toString("base64")
    if (seen.has(v as object)) return "[Circular]"
    seen.add(v as object)
    if (Array.isArray(v)) return v.map((x) => walk(x, undefined) ?? null)
    const out: Record<string, unknown> = {}
    for (const [k, x] of Object.entries(v as object)) {
      const w = walk(x, k)
      if (w !== undefined) out[k] = w
    }
    return out
  }
  return walk(value, undefined)
}

export const toJson = (value: unknown, secrets: ReadonlyArray<Excerpt.Secret> = []): string =>
  JSON.stringify(toJsonValue(value, secrets), null, 2)

/** The JSON form of an error: `_tag`, its own fields, and the message. Never a stack trace. */
export const errorJson = (error: unknown, secrets: ReadonlyArray<Excerpt.Secret> = []): Record<string, unknown> => {
  if (typeof error !== "object" || error === null) return { _tag: "UnknownError", message: String(error) }
  const fields: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(error)) if (k !== "stack" && k !== "cause") fields[k] = v
  const message = (error as { message?: unknown }).message
  const tag = (error as { _tag?: unknown })._tag
  return toJsonValue(
    {
      _tag: typeof tag === "string" ? tag : "UnknownError",
      ...fields,
      ...(typeof message === "string" && message ? { message } : {})
    },
    secrets
  ) as Record<string, unknown>
}

/** Indented `key: value` lines for people; arrays as `- ` items. */
export const toText = (value: unknown, secrets: ReadonlyArray<Excerpt.Secret> = []): string => {
  const lines: Array<string> = []
  const render = (v: unknown, indent: string, prefix: string): void => {
    if (v === null || typeof v !== "object") {
      lines.push(`${indent}${prefix}${v === null ? "(nil)" : String(v)}`)
      return
    }
    if (Array.isArray(v)) {
      if (v.length === 0) lines.push(`${indent}${prefix.trimEnd()} (none)`)
      else {
        if (prefix) lines.push(`${indent}${prefix.trimEnd()}`)
        for (const item of v) render(item, `${indent}${prefix ? "  " : ""}`, "- ")
      }
      return
    }
    const entries = Object.entries(v)
    if (entries.length === 0) {
      lines.push(`${indent}${prefix.trimEnd()} (empty)`)
      return
    }
    if (prefix) lines.push(`${indent}${prefix.trimEnd()}`)
    const inner = prefix ? `${indent}  ` : indent
    for (const [k, x] of entries) {
      if (x !== null && typeof x === "object") render(x, inner, `${k}:`)
      else render(x, inner, `${k}: `)
    }
  }
  render(toJsonValue(value, secrets), "", "")
  return lines.join("\n")
}

/** Whether to animate: only for people, on a terminal. */
export const interactive = (): boolean => process.stdout.isTTY === true && process.stderr.isTTY === true

const FRAMES = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"]

/**
 * Shows a spinner on stderr while `effect` runs, but only once it has taken longer than
 * 300 ms and only when both stdout and stderr are terminals; the line is cleared afterwards.
 */
export const withSpinner = <A, E, R>(label: string, effect: Effect.Effect<A, E, R>, enabled = interactive()) => {
  if (!enabled) return effect
  const spin = Effect.gen(function* () {
    yield* Effect.sleep(Duration.millis(300))
    let i = 0
    for (;;) {
      process.stderr.write(`\r${FRAMES[i++ % FRAMES.length]} ${label}`)
      yield* Effect.sleep(Duration.millis(80))
    }
  }).pipe(Effect.ensuring(Effect.sync(() => process.stderr.write("\r\x1b[2K"))))
  // A fiber forked in `acquire` inherits its uninterruptible region: without `interruptible`
  // the release's `Fiber.interrupt` waits forever and the spinner never stops.
  return Effect.acquireUseRelease(
    Effect.forkDaemon(Effect.interruptible(spin)),
    () => effect,
    (fiber) => Fiber.interrupt(fiber)
  )
}

/** The first failure or defect of a cause, for reporting. */
export const failureOf = <E>(cause: Cause.Cause<E>): unknown => {
  const f = Cause.failureOption(cause)
  if (f._tag === "Some") return f.value
  const d = Cause.dieOption(cause)
  return d._tag === "Some" ? d.value : undefined
}
