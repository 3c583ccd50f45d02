import type { XmlElement } from "@sessionwire/protocol"
import { Redacted } from "effect"

export interface Canonical {
  readonly name: string
  readonly attributes: Record<string, string>
  readonly xsiType?: string
  readonly text?: string
  readonly children?: ReadonlyArray<Canonical>
}

/**
 * A tree reduced to what XML means: qualified names, attributes, `xsi:type` as a
 * resolved QName, and text of leaf elements. Prefixes, declarations and the
 * whitespace between elements are formatting, so they are dropped.
 */
export const canonical = (el: XmlElement): Canonical => {
  const name = el.ns === "" ? el.local : `{${el.ns}}${el.local}`
  const attributes: Record<string, string> = {}
  for (const a of el.attributes) {
    if (a.local === "type" && a.ns === "http://www.w3.org/2001/XMLSchema-instance") continue
    attributes[a.ns === "" ? a.local : `{${a.ns}}${a.local}`] = a.value
  }
  return {
    name,
    attributes,
    ...(el.xsiType ? { xsiType: `{${el.xsiType.ns}}${el.xsiType.local}` } : {}),
    ...(el.children.length > 0
      ? { children: el.children.map(canonical) }
      : el.text.trim() === ""
        ? {}
        : { text: el.text })
  }
}

/** Replaces every Redacted with its value so structural comparison sees it. */
export const reveal = (value: unknown): unknown => {
  if (Redacted.isRedacted(value)) return { redacted: Redacted.value(value) }
  if (Array.isArray(value)) return value.map(reveal)
  if (typeof value === "object" && value !== null && !(value instanceof Uint8Array)) {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value)) out[k] = reveal(v)
    return out
  }
  return value
}
