/**
 * The last step before an error leaves a call: every text it carries is scrubbed
 * of the call's secrets and then capped. Applied once at each call's boundary, it
 * covers the texts that enter errors anywhere below (fault reasons and details,
 * `ExceptionInfo` chains, excerpts, element names and paths, transport messages),
 * so no single constructor has to remember to do it.
 *
 * @since 0.2.0
 */
import { Redacted } from "effect"
import * as Bound from "./Bound.ts"
import * as Secret from "./Secret.ts"

// A stack holds the message and the frames; it is allowed a few capped texts' worth.
const MAX_STACK = 4 * Bound.MAX_TEXT
const MAX_DEPTH = 32

const isPlain = (v: object): boolean => {
  const proto = Object.getPrototypeOf(v)
  return proto === Object.prototype || proto === null
}

/**
 * `text` scrubbed of `secrets`, then capped (scrubbing first, so a secret the cut
 * would halve is already gone).
 *
 * @since 0.2.0
 * @category sanitizing
 */
export const text = (value: string, secrets: ReadonlyArray<Secret.Secret> = []): string =>
  Bound.cap(Secret.scrub(value, secrets))

/**
 * A copy of `error` of the same class (so `_tag`, `instanceof` and `message`
 * getters keep working) whose every string, at any depth of plain objects, arrays
 * and nested errors, is scrubbed of `secrets` and capped. Non-enumerable fields stay
 * non-enumerable; `Redacted` values and other class instances are kept as they are.
 * Anything that is not an object is returned unchanged.
 *
 * @since 0.2.0
 * @category sanitizing
 */
export const error = <E>(error: E, secrets: ReadonlyArray<Secret.Secret> = []): E => {
  if (typeof error !== "object" || error === null) return error
  const scrub = Secret.scrubber(secrets)
  const seen = new Map<object, unknown>()
  const copy = (v: unknown, depth: number): unknown => {
    if (typeof v === "string") return Bound.cap(scrub(v))
    if (typeof v !== "object" || v === null || depth > MAX_DEPTH || Redacted.isRedacted(v)) return v
    const done = seen.get(v)
    if (done !== undefined) return done
    if (Array.isArray(v)) {
      const out: Array<unknown> = []
      seen.set(v, out)
      for (const item of v) out.push(copy(item, depth + 1))
      return out
    }
    if (!(v instanceof Error) && !isPlain(v)) return v
    const out = Object.create(Object.getPrototypeOf(v)) as Record<PropertyKey, unknown>
    seen.set(v, out)
    for (const key of Reflect.ownKeys(v)) {
      if (key === "stack") continue
      const d = Object.getOwnPropertyDescriptor(v, key)!
      if ("value" in d) {
        // Keys of plain records (ExceptionInfo parameters) come from the server as much as values do.
        const name = typeof key === "string" && !(v instanceof Error) ? Bound.cap(scrub(key)) : key
        Object.defineProperty(out, name, { ...d, value: copy(d.value, depth + 1) })
      } else {
        Object.defineProperty(out, key, d)
      }
    }
    if (v instanceof Error) {
      // The stack's first line repeats the message as it was at construction, uncapped: rebuild it.
      const stack = typeof v.stack === "string" ? v.stack : ""
      const frames = stack
        .split("\n")
        .filter((line) => /^\s+at /.test(line))
        .join("\n")
      let header: string
      try {
        header = `${(out as unknown as Error).name}: ${(out as unknown as Error).message}`
      } catch {
        header = String((out as unknown as Error).name)
      }
      Object.defineProperty(out, "stack", {
        value: Bound.cap(scrub(frames === "" ? header : `${Bound.cap(header)}\n${frames}`), MAX_STACK),
        enumerable: false,
        writable: true,
        configurable: true
      })
    }
    return out
  }
  return copy(error, 0) as E
}
