/**
 * node-soap as an independent reader of our documents: its WSDL object, loaded with
 * the real WSDL copied into this package, turns a whole envelope into a plain object
 * (`xmlToObject`, what its client and server both use).
 *
 * node-soap's view is lossier than ours, in documented ways that `agree` accounts
 * for and nothing else: it drops `xsi:nil` elements (a nil array item disappears, a
 * nil field is absent), reads a struct with no children as `null`, trims text, reads
 * `xs:dateTime` as a `Date` and numbers as JavaScript numbers, leaves `xs:list` and
 * `base64Binary` as their lexical strings, and reads an empty wrapped array as `null`.
 */
import { readFileSync } from "node:fs"
import { Xs } from "@sessionwire/protocol"
import { Encoding, Redacted } from "effect"
import * as soap from "soap"

const cache = new Map<string, Promise<soap.WSDL>>()

/** node-soap's WSDL object for one agent of one version. */
export const loadWsdl = (version: string, service: "CustomerService" | "SoPrincipal"): Promise<soap.WSDL> => {
  const key = `${version}-${service}`
  let p = cache.get(key)
  if (p === undefined) {
    const url = new URL(`../../wsdl/Services${key}.wsdl`, import.meta.url)
    const wsdl = new soap.WSDL(readFileSync(url, "utf8"), url.pathname, {})
    p = new Promise((resolve, reject) => wsdl.onReady((e) => (e ? reject(e) : resolve(wsdl))))
    cache.set(key, p)
  }
  return p
}

/** What node-soap reads from a whole envelope: `{ Header?, Body }`. */
export const readEnvelope = (wsdl: soap.WSDL, xml: string): { Header?: any; Body: any } => wsdl.xmlToObject(xml)

/** Nothing, in node-soap's terms: absent, null, empty text, or a struct of only those. */
const isEmptyish = (v: unknown): boolean =>
  v === undefined ||
  v === null ||
  v === "" ||
  (typeof v === "object" && !(v instanceof Date) && Object.values(v as object).every(isEmptyish))

/** Whether a value of ours says nothing node-soap would keep: nil, or a struct of only nils. */
const vanishes = (ours: unknown): boolean =>
  ours === null ||
  ours === undefined ||
  (typeof ours === "object" &&
    !Array.isArray(ours) &&
    !(ours instanceof Uint8Array) &&
    !Redacted.isRedacted(ours) &&
    Object.values(ours).every(vanishes))

const DATE_TIME = /^-?\d{4,}-\d\d-\d\dT\d\d:\d\d:\d\d/

/**
 * Throws, naming the path, where node-soap's reading `theirs` disagrees with our value
 * `ours`. `ours` is walked as typed (the decoder's output), `theirs` as node-soap made it.
 */
export const agree = (ours: unknown, theirs: unknown, path = "$"): void => {
  const fail = (why: string): never => {
    throw new Error(`node-soap disagrees at ${path}: ${why} (ours ${show(ours)}, node-soap ${show(theirs)})`)
  }
  if (Redacted.isRedacted(ours)) {
    agree(Redacted.value(ours), theirs, path)
    return
  }
  if (vanishes(ours)) {
    if (!isEmptyish(theirs)) fail("expected nothing")
    return
  }
  if (typeof ours === "string") {
    if (DATE_TIME.test(ours) && theirs instanceof Date) {
      if (Xs.dateTimeToDate(ours as Xs.DateTime).getTime() !== theirs.getTime()) fail("another instant")
      return
    }
    if (ours.trim() === "") {
      if (!isEmptyish(theirs) && String(theirs).trim() !== "") fail("expected blank text")
      return
    }
    if (String(theirs).trim() !== ours.trim()) fail("other text")
    return
  }
  if (typeof ours === "number") {
    if (!(Object.is(Number(theirs), ours) || (Number.isNaN(ours) && Number.isNaN(Number(theirs))))) fail("other number")
    return
  }
  if (typeof ours === "bigint") {
    if (typeof theirs === "number" ? theirs !== Number(ours) : String(theirs) !== ours.toString()) fail("other integer")
    return
  }
  if (typeof ours === "boolean") {
    if (String(theirs) !== String(ours)) fail("other boolean")
    return
  }
  if (ours instanceof Uint8Array) {
    if (String(theirs).replace(/\s+/g, "") !== Encoding.encodeBase64(ours)) fail("other bytes")
    return
  }
  if (Array.isArray(ours)) {
    if (typeof theirs === "string") {
      // An xs:list, which node-soap leaves lexical.
      if (theirs.trim().split(/\s+/).filter(Boolean).join(" ") !== ours.join(" ")) fail("other list")
      return
    }
    // node-soap drops a nil item, and keeps a childless one as null.
    const items = ours.filter((x) => x !== null)
    if (items.length === 0) {
      if (!isEmptyish(theirs)) fail("expected no items")
      return
    }
    if (typeof theirs !== "object" || theirs === null) throw fail("expected a wrapped array")
    const keys = Object.keys(theirs)
    if (keys.length !== 1) fail("expected one item element name")
    const raw = (theirs as Record<string, unknown>)[keys[0]!]
    const list = Array.isArray(raw) ? raw : [raw]
    if (list.length !== items.length) fail(`expected ${items.length} items, got ${list.length}`)
    for (const [i, x] of items.entries()) agree(x, list[i], `${path}[${i}]`)
    return
  }
  if (typeof ours === "object") {
    if (typeof theirs !== "object" || theirs === null || theirs instanceof Date) throw fail("expected a struct")
    const o = ours as Record<string, unknown>
    const t = theirs as Record<string, unknown>
    for (const k of Object.keys(t)) {
      if (k === "attributes" || k === "$attributes") continue
      if (!(k in o)) fail(`node-soap read a field we did not write: ${k}`)
    }
    for (const [k, v] of Object.entries(o)) agree(v, t[k], `${path}.${k}`)
    return
  }
  fail("unexpected value")
}

const show = (v: unknown): string => {
  try {
    const s = JSON.stringify(v, (_, x) => (typeof x === "bigint" ? `${x}n` : x))
    return s === undefined ? String(v) : s.length > 200 ? `${s.slice(0, 200)}…` : s
  } catch {
    return String(v)
  }
}
