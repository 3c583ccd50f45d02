import { describe, expect, it } from "@effect/vitest"
import { Data, Redacted } from "effect"
import * as fc from "fast-check"
import { Bound, Excerpt, Sanitize, Secret, SoapFault } from "../src/index.ts"

const password = `p&ss<w>rd"'-Zq9 x/y+z`

const base64 = (s: string): string => Buffer.from(s, "utf8").toString("base64")

const htmlNumeric = (s: string): string => [...s].map((c) => `&#${c.codePointAt(0)};`).join("")
const htmlHex = (s: string): string => [...s].map((c) => `&#x${c.codePointAt(0)!.toString(16).toUpperCase()};`).join("")
const xmlEscaped = (s: string): string =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&apos;")
const htmlNamed = (s: string): string =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;")

describe("Secret.scrub", () => {
  const forms: ReadonlyArray<[string, string]> = [
    ["raw", password],
    ["XML-escaped", xmlEscaped(password)],
    ["HTML named entities", htmlNamed(password)],
    ["HTML decimal entities", htmlNumeric(password)],
    ["HTML hex entities", htmlHex(password)],
    ["URL-encoded", encodeURIComponent(password)],
    ["form-encoded", encodeURIComponent(password).replace(/%20/g, "+")],
    ["base64", base64(password)],
    ["base64 inside a longer run", base64(`user:${password}`)],
    ["URL-safe base64", base64(`ab${password}`).replace(/\+/g, "-").replace(/\//g, "_")]
  ]
  for (const [name, form] of forms) {
    it(`removes the ${name} form`, () => {
      const text = `before ${form} after`
      const out = Secret.scrub(text, [Redacted.make(password)])
      expect(out).not.toContain(form)
      expect(out).toContain("<redacted>")
      expect(out.startsWith("before ")).toBe(true)
    })
  }

  it("leaves a text without secrets as it is", () => {
    expect(Secret.scrub("The session is not valid (code 42)", ["a-secret-value"])).toBe(
      "The session is not valid (code 42)"
    )
  })

  it("ignores values too short to be secrets", () => {
    expect(Secret.scrub("abc abc", ["abc"])).toBe("abc abc")
  })

  it("removes any secret from any text, in raw and escaped forms (property)", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 4, maxLength: 40 }), fc.string(), fc.string(), (secret, pre, post) => {
        for (const form of [secret, xmlEscaped(secret), htmlNumeric(secret), encodeURIComponent(secret)]) {
          const out = Secret.scrub(`${pre}\u0000${form}\u0000${post}`, [secret])
          expect(out).not.toContain(`\u0000${form}\u0000`)
        }
      })
    )
  })
})

describe("Secret.fromFields", () => {
  it("collects strings under key, ticket, password and token fields, at any depth", () => {
    const found = Secret.fromFields({
      CsSessionKey: "cs-key-123456",
      RemoteIp: "203.0.113.7",
      nested: { Credentials: { Ticket: "ticket-abcdef" }, list: [{ Password: "pw-987654" }] },
      securityContext: { sessionTicket: "st-5555", webExAccessToken: Redacted.make("at-4444") },
      Key: "plain-key",
      Title: "not a secret"
    })
    expect(found).toEqual(
      expect.arrayContaining(["cs-key-123456", "ticket-abcdef", "pw-987654", "st-5555", "at-4444", "plain-key"])
    )
    expect(found).not.toContain("203.0.113.7")
    expect(found).not.toContain("not a secret")
  })
})

describe("Excerpt.fromBytes", () => {
  it("removes a secret that straddles byte 4096 whole", () => {
    const secret = "straddling-secret-value-0123456789"
    for (let start = 4096 - secret.length + 1; start < 4096; start += 5) {
      const page = `<html><head><style>${"x".repeat(start - 40)}</style></head><body>${secret} tail</body></html>`
      const bytes = new TextEncoder().encode(page)
      expect(page.indexOf(secret)).toBeLessThan(4096)
      expect(page.indexOf(secret) + secret.length).toBeGreaterThan(4096)
      const excerpt = Excerpt.fromBytes(bytes, [secret])
      expect(excerpt).not.toContain(secret.slice(0, 6))
      expect(excerpt).toContain("<redacted>")
    }
  })

  it("cuts the body at 4096 bytes", () => {
    const body = `<p>${"a ".repeat(5000)}tail-marker</p>`
    expect(Excerpt.fromBytes(new TextEncoder().encode(body), [])).not.toContain("tail-marker")
  })
})

describe("Bound.cap", () => {
  it("keeps short texts and cuts long ones with an ellipsis and the original length", () => {
    expect(Bound.cap("short")).toBe("short")
    const long = "r".repeat(10 * 1024 * 1024)
    const capped = Bound.cap(long)
    expect(capped.length).toBeLessThan(1100)
    expect(capped).toContain(`… (${long.length} characters)`)
    expect(Bound.isCapped(capped)).toBe(true)
  })

  it("never splits a surrogate pair", () => {
    const capped = Bound.cap(`${"a".repeat(1023)}😀${"b".repeat(10)}`)
    expect(capped.startsWith(`${"a".repeat(1023)}…`)).toBe(true)
  })
})

class Nested extends Data.TaggedError("Nested")<{ readonly reason: string; readonly detail: { text: string } }> {
  override get message(): string {
    return `nested: ${this.reason}`
  }
}

describe("Sanitize.error", () => {
  it("scrubs and caps every text of an error, keeping its class", () => {
    const key = "cs-session-key-7a7a7a"
    const fault = new SoapFault({
      version: "1.1",
      code: "s:Client",
      codeLocal: "Client",
      subcodes: [],
      reason: `Session ${key} unknown ${"r".repeat(10 * 1024 * 1024)}`,
      detail: { ns: "", local: "d", attributes: [], children: [], text: `detail ${key}` }
    })
    const clean = Sanitize.error(fault, [key])
    expect(clean).toBeInstanceOf(SoapFault)
    expect(clean._tag).toBe("SoapFault")
    expect(clean.reason.length).toBeLessThan(1100)
    expect(clean.reason).not.toContain(key)
    expect(clean.detail?.text).toBe("detail <redacted>")
    expect(clean.message.length).toBeLessThan(1200)
    expect(String(clean.stack ?? "").length).toBeLessThan(5000)
    expect(JSON.stringify(clean).length).toBeLessThan(3000)
  })

  it("keeps non-enumerable fields hidden and reaches nested errors", () => {
    const inner = new Nested({ reason: "ticket-xyz-123", detail: { text: "ticket-xyz-123" } })
    const outer = new Nested({ reason: "outer", detail: { text: "x" } })
    Object.defineProperty(outer, "hiddenTrace", { value: "at ticket-xyz-123", enumerable: false })
    Object.defineProperty(outer, "inner", { value: inner, enumerable: true })
    const clean = Sanitize.error(outer, ["ticket-xyz-123"]) as Nested & { hiddenTrace: string; inner: Nested }
    expect(Object.keys(clean)).not.toContain("hiddenTrace")
    expect(clean.hiddenTrace).toBe("at <redacted>")
    expect(clean.inner).toBeInstanceOf(Nested)
    expect(clean.inner.message).toBe("nested: <redacted>")
  })
})
