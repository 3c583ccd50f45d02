/**
 * Short, secret-free excerpts of unexpected reply bodies, for error messages.
 *
 * @since 0.1.0
 */
import * as SecretModule from "./Secret.ts"

const MAX = 160

/** How much of a body an excerpt is taken from. */
const WINDOW = 4096

/**
 * @since 0.1.0
 * @category models
 */
export type Secret = SecretModule.Secret

/**
 * Replaces every secret, in each form `Secret` knows, and anything shaped like a token, with `<redacted>`.
 *
 * @since 0.1.0
 * @category formatting
 */
export const scrub = (text: string, secrets: ReadonlyArray<Secret> = []): string => SecretModule.scrub(text, secrets)

/**
 * A one-line excerpt: for HTML the title and visible text, otherwise the text
 * itself, whitespace collapsed, at most 160 characters, secrets removed.
 *
 * @since 0.1.0
 * @category formatting
 */
export const excerpt = (body: string, secrets: ReadonlyArray<Secret> = []): string => {
  // The mark looks like a tag; park it so stripping HTML keeps the sign that something was removed.
  let text = scrub(body, secrets).split(SecretModule.MARK).join("\u0000")
  if (/<html|<!doctype html/i.test(text)) {
    const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(text)?.[1]
    const bodyText = text.replace(/<(script|style)[\s\S]*?<\/\1>/gi, " ").replace(/<[^>]*>/g, " ")
    text = title && !bodyText.includes(title.trim()) ? `${title} ${bodyText}` : bodyText
  }
  text = text.replace(/\s+/g, " ").trim().split("\u0000").join(SecretModule.MARK)
  return text.length > MAX ? `${text.slice(0, MAX - 1)}…` : text
}

/**
 * The excerpt of the first 4,096 bytes of a reply body. The window is read on past
 * the cut by the longest form a secret can take and scrubbed before it is cut, so a
 * secret straddling byte 4,096 is removed whole rather than leaving its first half.
 *
 * @since 0.2.0
 * @category formatting
 */
export const fromBytes = (bytes: Uint8Array, secrets: ReadonlyArray<Secret> = []): string => {
  const decode = (b: Uint8Array) => new TextDecoder("utf-8", { fatal: false }).decode(b)
  if (bytes.length <= WINDOW) return excerpt(decode(bytes), secrets)
  const head = decode(bytes.subarray(0, WINDOW)).replace(/\uFFFD$/, "")
  const longer = decode(bytes.subarray(0, WINDOW + SecretModule.reach(secrets) + 64))
  return excerpt(SecretModule.scrubHead(longer, head.length, secrets))
}
