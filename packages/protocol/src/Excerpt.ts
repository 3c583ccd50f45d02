/**
 * Short, secret-free excerpts of unexpected reply bodies, for error messages.
 *
 * @since 0.1.0
 */
import { Redacted } from "effect"

const MAX = 160

/** SuperOffice tickets and OAuth tokens have recognisable shapes; mask them even when nobody told us the value. */
const TOKEN_SHAPES = [
  /\b(?:7T|8A|7A|8T):[A-Za-z0-9+/=_.-]{6,}/g,
  /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g,
  /(<(?:[\w-]+:)?(?:password|sessionTicket|webExAccessToken|Ticket|ApplicationToken)\b[^>]*>)[^<]*/gi
]

export type Secret = Redacted.Redacted<string> | string

/** Replaces every occurrence of each secret, and anything shaped like a token, with `<redacted>`. */
export const scrub = (text: string, secrets: ReadonlyArray<Secret> = []): string => {
  let out = text
  for (const s of secrets) {
    const v = Redacted.isRedacted(s) ? Redacted.value(s) : s
    if (v.length >= 4) out = out.split(v).join("<redacted>")
  }
  out = out.replace(TOKEN_SHAPES[0]!, "<redacted>").replace(TOKEN_SHAPES[1]!, "<redacted>")
  return out.replace(TOKEN_SHAPES[2]!, "$1<redacted>")
}

/**
 * A one-line excerpt: for HTML the title and visible text, otherwise the text
 * itself, whitespace collapsed, at most 160 characters, secrets removed.
 */
export const excerpt = (body: string, secrets: ReadonlyArray<Secret> = []): string => {
  let text = scrub(body, secrets)
  if (/<html|<!doctype html/i.test(text)) {
    const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(text)?.[1]
    const bodyText = text.replace(/<(script|style)[\s\S]*?<\/\1>/gi, " ").replace(/<[^>]*>/g, " ")
    text = title && !bodyText.includes(title.trim()) ? `${title} ${bodyText}` : bodyText
  }
  text = text.replace(/\s+/g, " ").trim()
  return text.length > MAX ? `${text.slice(0, MAX - 1)}…` : text
}
