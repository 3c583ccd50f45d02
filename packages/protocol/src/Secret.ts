/**
 * The one scrubber: removes every secret from a text before it reaches an error,
 * a log or a span. A secret is found in each form a server is known to echo it in:
 * raw, XML-escaped, HTML-escaped (named, decimal and hex entities, any mix),
 * URL-encoded (`%XX`, `+` for space), JSON `\uXXXX`, and base64 (standard and
 * URL-safe, at any alignment inside a longer base64 run).
 *
 * Secrets are the configured ones (application token, ticket, passwords, access
 * tokens) plus whatever a caller passes in a field whose name denotes a key,
 * ticket, password or token ({@link fromFields}).
 *
 * @since 0.2.0
 */
import { Redacted } from "effect"

/**
 * A secret as configured (`Redacted`) or as found in an input.
 *
 * @since 0.2.0
 * @category models
 */
export type Secret = Redacted.Redacted<string> | string

/**
 * What a secret is replaced with.
 *
 * @since 0.2.0
 * @category constants
 */
export const MARK = "<redacted>"

// Shorter values would match ordinary words and numbers: a 3-character "secret" protects nothing anyway.
const MIN_LENGTH = 4
// A base64 core shorter than this matches too much unrelated base64.
const MIN_BASE64_CORE = 8

/** SuperOffice tickets and OAuth tokens have recognisable shapes; masked even when nobody named the value. */
const TOKEN_SHAPES = String.raw`\b(?:7T|8A|7A|8T):[A-Za-z0-9+/=_.-]{6,}|\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*`
/** Elements whose text is a credential whatever it is: an echoed request keeps them. */
const SECRET_ELEMENTS = String.raw`(<(?:[\w-]+:)?(?:[pP]assword|sessionTicket|webExAccessToken|[tT]icket|[aA]pplicationToken|[aA]ccessToken|CsSessionKey)\b[^>]*>)[^<]*`

/**
 * Field names whose values are secrets: `CsSessionKey`, `Key`, `Ticket`, `Password`,
 * `sessionTicket`, `webExAccessToken`, `ApplicationToken`, `secret`, ….
 *
 * @since 0.2.0
 * @category constants
 */
export const SECRET_FIELD = /(?:key|ticket|password|passwd|token|secret)s?$/i

/**
 * Every secret inside a request value: each `Redacted`, and every string held
 * (at any depth, in arrays too) under a field {@link SECRET_FIELD} matches.
 *
 * @since 0.2.0
 * @category constructors
 */
export const fromFields = (value: unknown): Array<Secret> => {
  const out: Array<Secret> = []
  const seen = new Set<object>()
  const walk = (v: unknown, named: boolean, depth: number): void => {
    if (depth > 32) return
    if (typeof v === "string") {
      if (named) out.push(v)
      return
    }
    if (typeof v !== "object" || v === null || seen.has(v)) return
    if (Redacted.isRedacted(v)) {
      const inner = Redacted.value(v)
      if (typeof inner === "string") out.push(inner)
      return
    }
    seen.add(v)
    if (Array.isArray(v)) {
      for (const item of v) walk(item, named, depth + 1)
      return
    }
    for (const [k, child] of Object.entries(v)) walk(child, named || SECRET_FIELD.test(k), depth + 1)
  }
  walk(value, false, 0)
  return out
}

const valueOf = (s: Secret): string => (Redacted.isRedacted(s) ? Redacted.value(s) : s)

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&")

const NAMED: Readonly<Record<string, ReadonlyArray<string>>> = {
  "&": ["amp"],
  "<": ["lt"],
  ">": ["gt"],
  '"': ["quot"],
  "'": ["apos", "#39"],
  " ": ["nbsp"],
  "\u00a0": ["nbsp"]
}

/** A hex number in either case, leading zeros allowed. */
const hexPattern = (n: number, width = 0): string =>
  `${width > 0 ? "" : "0*"}${[...n.toString(16).padStart(width, "0")]
    .map((d) => (/[a-f]/.test(d) ? `[${d}${d.toUpperCase()}]` : d))
    .join("")}`

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s)

/** Every way one character of a secret may be written by an escaping or encoding server. */
const charPattern = (ch: string): string => {
  const cp = ch.codePointAt(0)!
  const alternatives = [escapeRegExp(ch)]
  for (const name of NAMED[ch] ?? []) alternatives.push(`&${name};`)
  alternatives.push(`&#0*${cp};`, `&#[xX]${hexPattern(cp)};`)
  alternatives.push([...utf8(ch)].map((b) => `%${hexPattern(b, 2)}`).join(""))
  if (ch === " ") alternatives.push("\\+")
  if (cp <= 0xffff) alternatives.push(`\\\\[uU]${hexPattern(cp, 4)}`)
  return `(?:${alternatives.join("|")})`
}

const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

const base64 = (bytes: Uint8Array): string => {
  let out = ""
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0)
    out += BASE64[(n >> 18) & 63]! + BASE64[(n >> 12) & 63]!
    out += i + 1 < bytes.length ? BASE64[(n >> 6) & 63]! : "="
    out += i + 2 < bytes.length ? BASE64[n & 63]! : "="
  }
  return out
}

/**
 * The base64 characters that depend only on the secret, at each of the three
 * alignments it can have inside a longer encoded run, standard and URL-safe.
 */
const base64Cores = (value: string): Array<string> => {
  const bytes = utf8(value)
  const cores = new Set<string>()
  for (let offset = 0; offset < 3; offset++) {
    const padded = new Uint8Array(offset + bytes.length)
    padded.set(bytes, offset)
    const encoded = base64(padded)
    const core = encoded.slice(Math.ceil((8 * offset) / 6), Math.floor((8 * (offset + bytes.length)) / 6))
    if (core.length >= MIN_BASE64_CORE) {
      cores.add(core)
      cores.add(core.replace(/\+/g, "-").replace(/\//g, "_"))
    }
  }
  return [...cores]
}

// One call scrubs many texts (each field of an ExceptionInfo chain, each element of a
// Fault detail) with the same list: compile it once per list. Weak, so a list and its
// compiled form go away together.
const compiled = new WeakMap<ReadonlyArray<Secret>, RegExp>()

/** One regular expression for all of a call's secrets, in every form, plus the token shapes. */
const compile = (secrets: ReadonlyArray<Secret>): RegExp => {
  let re = compiled.get(secrets)
  if (re === undefined) {
    re = build(secrets)
    compiled.set(secrets, re)
  }
  return re
}

const build = (secrets: ReadonlyArray<Secret>): RegExp => {
  const values = [...new Set(secrets.map(valueOf).filter((v) => v.length >= MIN_LENGTH))].sort(
    (a, b) => b.length - a.length
  )
  const patterns: Array<string> = []
  for (const v of values) patterns.push([...v].map(charPattern).join(""))
  const cores = values.flatMap(base64Cores).sort((a, b) => b.length - a.length)
  for (const core of cores) patterns.push(escapeRegExp(core))
  patterns.push(TOKEN_SHAPES, SECRET_ELEMENTS)
  return new RegExp(patterns.join("|"), "g")
}

// The only capturing group is the opening tag of a credential element, which is kept.
const replacement = (_match: string, tag: string | undefined): string => (tag === undefined ? MARK : `${tag}${MARK}`)

/**
 * A compiled scrubber: removes each of `secrets` in every form, anything shaped
 * like a ticket or token, and the text of credential elements. Compile once per call
 * and reuse it for every text of that call.
 *
 * @since 0.2.0
 * @category constructors
 */
export const scrubber = (secrets: ReadonlyArray<Secret>): ((text: string) => string) => {
  const re = compile(secrets)
  return (text) => text.replace(re, replacement)
}

/**
 * The first `limit` characters of `text`, scrubbed as if whole: a secret that starts
 * before the cut is removed entirely, however far past the cut it ends. Give a `text`
 * that runs at least {@link reach} characters past `limit`.
 *
 * @since 0.2.0
 * @category scrubbing
 */
export const scrubHead = (text: string, limit: number, secrets: ReadonlyArray<Secret> = []): string => {
  const re = compile(secrets)
  let out = ""
  let last = 0
  for (const m of text.matchAll(re)) {
    if (m.index >= limit) break
    out += text.slice(last, m.index) + replacement(m[0], m[1])
    last = m.index + m[0].length
  }
  return last < limit ? out + text.slice(last, limit) : out
}

/**
 * `text` with every secret removed (see {@link scrubber}).
 *
 * @since 0.2.0
 * @category scrubbing
 */
export const scrub = (text: string, secrets: ReadonlyArray<Secret> = []): string => scrubber(secrets)(text)

/**
 * The most characters a secret of `secrets` can take in any form the scrubber knows:
 * how far past a cut a text must be read so a secret straddling the cut is still seen whole.
 *
 * @since 0.2.0
 * @category scrubbing
 */
export const reach = (secrets: ReadonlyArray<Secret>): number => {
  let longest = 0
  for (const s of secrets) longest = Math.max(longest, utf8(valueOf(s)).length)
  // `&#x0010FFFF;` is the longest single-character form; twelve per byte bounds every form.
  return longest * 12
}
