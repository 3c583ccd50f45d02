import { readdirSync, readFileSync, statSync } from "node:fs"
import { join, relative } from "node:path"
import { describe as effectDescribe, it as effectIt } from "@effect/vitest"
import { sharedPath, xmlBlocks } from "@sessionwire/testkit"
import { Effect, Either, Layer } from "effect"
import { describe, expect, it } from "vitest"
import type { XmlReadError } from "../src/XmlError.ts"
import { JAVA_TYPE_NS, type XmlElement, XS_NS, XSI_NS } from "../src/XmlNode.ts"
import * as XmlReader from "../src/XmlReader.ts"

const ok = (input: string | Uint8Array, options?: XmlReader.ReadOptions): XmlElement => {
  const result = XmlReader.readSync(input, options)
  if (Either.isLeft(result)) throw new Error(`expected a document, got ${JSON.stringify(result.left)}`)
  return result.right
}

const fail = (input: string | Uint8Array, options?: XmlReader.ReadOptions): XmlReadError => {
  const result = XmlReader.readSync(input, options)
  if (Either.isRight(result)) throw new Error("expected an error")
  return result.left
}

const bytes = (...parts: ReadonlyArray<string | ReadonlyArray<number>>): Uint8Array => {
  const out: Array<number> = []
  for (const part of parts) {
    if (typeof part === "string") out.push(...new TextEncoder().encode(part))
    else out.push(...part)
  }
  return new Uint8Array(out)
}

const A = "urn:a"
const B = "urn:b"

describe("XmlReader namespaces", () => {
  it("resolves prefixes and keeps the wire prefix", () => {
    const root = ok(`<a:root xmlns:a="${A}" xmlns:b="${B}"><b:child/><a:child/></a:root>`)
    expect(root).toMatchObject({ ns: A, local: "root", prefix: "a" })
    expect(root.children.map((c) => [c.ns, c.local, c.prefix])).toEqual([
      [B, "child", "b"],
      [A, "child", "a"]
    ])
  })

  it("applies the default namespace to elements but not to attributes", () => {
    const root = ok(`<root xmlns="${A}" x="1"><child/></root>`)
    expect(root.ns).toBe(A)
    expect(root.prefix).toBe("")
    expect(root.children[0]!.ns).toBe(A)
    expect(root.attributes).toEqual([{ ns: "", local: "x", prefix: "", value: "1" }])
  })

  it("follows redeclaration in scope and restores it after the element", () => {
    const root = ok(`<p:r xmlns:p="${A}"><p:x xmlns:p="${B}"><p:y/></p:x><p:z/></p:r>`)
    expect(root.children[0]!.ns).toBe(B)
    expect(root.children[0]!.children[0]!.ns).toBe(B)
    expect(root.children[1]!.ns).toBe(A)
  })

  it("leaves unqualified children in no namespace", () => {
    const root = ok(`<p:r xmlns:p="${A}"><plain><deeper/></plain></p:r>`)
    expect(root.children[0]).toMatchObject({ ns: "", local: "plain" })
    expect(root.children[0]!.children[0]).toMatchObject({ ns: "", local: "deeper" })
  })

  it('undeclares the default namespace with xmlns=""', () => {
    const root = ok(`<r xmlns="${A}"><c xmlns=""/></r>`)
    expect(root.children[0]!.ns).toBe("")
  })

  it("drops namespace declarations from the attributes", () => {
    const root = ok(`<p:r xmlns:p="${A}" xmlns="${B}" p:x="1" y="2"/>`)
    expect(root.attributes).toEqual([
      { ns: A, local: "x", prefix: "p", value: "1" },
      { ns: "", local: "y", prefix: "", value: "2" }
    ])
  })
})

describe("XmlReader content", () => {
  it("decodes attribute values: entities, character references, normalised whitespace", () => {
    const root = ok(`<r a="&lt;&amp;&gt;&quot;&apos;&#65;&#x42;" b="x\ty\nz" c="&#9;&#10;&#13;"/>`)
    expect(root.attributes.map((a) => a.value)).toEqual([`<&>"'AB`, "x y z", "\t\n\r"])
  })

  it("concatenates text, CDATA and entity references in order", () => {
    const root = ok(`<r>one <![CDATA[<two> & ]]]]><![CDATA[>]]> &amp; three<!-- gone --> four</r>`)
    expect(root.text).toBe("one <two> & ]]> & three four")
  })

  it("keeps text around children as one string and normalises line ends", () => {
    const root = ok(`<r>a<c>inner</c>b\r\nc</r>`)
    expect(root.text).toBe("ab\nc")
    expect(root.children[0]!.text).toBe("inner")
  })

  it("keeps empty elements' text empty and shares no mutable state between documents", () => {
    const first = ok(`<r><a/><b></b></r>`)
    const second = ok(`<r><a>x</a></r>`)
    expect(first.children.map((c) => c.text)).toEqual(["", ""])
    expect(second.children[0]!.text).toBe("x")
    expect(first.children[0]!.children).toEqual([])
  })

  it("ignores processing instructions and comments", () => {
    const root = ok(`<?xml version="1.0"?><?app data?><!-- c --><r><?inner x?>t</r><!-- after --><?tail?>`)
    expect(root).toMatchObject({ local: "r", text: "t" })
  })
})

describe("XmlReader xsi:type", () => {
  it("resolves a prefixed xsi:type against the namespaces in scope", () => {
    const root = ok(
      `<r xmlns:xsi="${XSI_NS}" xmlns:t="${A}"><v xsi:type="t:Thing"/><w xmlns:t="${B}" xsi:type="t:Other"/></r>`
    )
    expect(root.children[0]!.xsiType).toEqual({ ns: A, local: "Thing" })
    expect(root.children[1]!.xsiType).toEqual({ ns: B, local: "Other" })
  })

  it("resolves a declaration made on the same element", () => {
    const root = ok(`<r><v xsi:type="xsd:string" xmlns:xsi="${XSI_NS}" xmlns:xsd="${XS_NS}">x</v></r>`)
    expect(root.children[0]!.xsiType).toEqual({ ns: XS_NS, local: "string" })
  })

  it("resolves an unprefixed xsi:type to the default namespace, or to none", () => {
    expect(ok(`<r xmlns="${A}" xmlns:xsi="${XSI_NS}" xsi:type="T"/>`).xsiType).toEqual({ ns: A, local: "T" })
    expect(ok(`<r xmlns:xsi="${XSI_NS}" xsi:type=" T "/>`).xsiType).toEqual({ ns: "", local: "T" })
  })

  it("keeps the xsi:type attribute itself", () => {
    const root = ok(`<r xmlns:xsi="${XSI_NS}" xsi:type="xsi:x"/>`)
    expect(root.attributes).toEqual([{ ns: XSI_NS, local: "type", prefix: "xsi", value: "xsi:x" }])
  })

  it("reads Castor's undeclared java: prefix as JAVA_TYPE_NS", () => {
    const root = ok(`<r xmlns:xsi="${XSI_NS}" xsi:type="java:com.webex.service.binding.user.GetUser"/>`)
    expect(root.xsiType).toEqual({ ns: JAVA_TYPE_NS, local: "com.webex.service.binding.user.GetUser" })
  })

  it("uses a declared java prefix like any other", () => {
    expect(ok(`<r xmlns:xsi="${XSI_NS}" xmlns:java="${A}" xsi:type="java:T"/>`).xsiType).toEqual({ ns: A, local: "T" })
  })

  it("rejects an unbound or malformed xsi:type", () => {
    for (const value of ["q:T", ":T", "a:", "a:b:c", ""]) {
      const error = fail(`<r xmlns:xsi="${XSI_NS}" xsi:type="${value}"/>`)
      expect(error._tag, value).toBe("XmlSyntaxError")
    }
  })

  it("ignores type attributes outside the xsi namespace", () => {
    expect(ok(`<r type="q:T"/>`).xsiType).toBeUndefined()
  })
})

describe("XmlReader encodings", () => {
  it("strips a BOM from strings and from bytes", () => {
    expect(ok("\uFEFF<r>x</r>").text).toBe("x")
    expect(ok(bytes([0xef, 0xbb, 0xbf], "<r>x</r>")).text).toBe("x")
  })

  it("decodes UTF-8 bytes, with or without a declaration", () => {
    expect(ok(bytes("<r>blåbærsyltetøy 日本語 😀</r>")).text).toBe("blåbærsyltetøy 日本語 😀")
    expect(ok(bytes(`<?xml version="1.0" encoding="UTF-8"?><r>ø</r>`)).text).toBe("ø")
    expect(ok(bytes(`<?xml version='1.0' encoding='us-ascii'?><r>a</r>`)).text).toBe("a")
  })

  it("decodes ISO-8859-1 byte for byte, not as windows-1252", () => {
    const root = ok(
      bytes(`<?xml version="1.0" encoding="ISO-8859-1"?><r a="`, [0xe6], `">`, [0xf8, 0x80, 0xa4], `</r>`)
    )
    expect(root.text).toBe("ø\u0080¤")
    expect(root.attributes[0]!.value).toBe("æ")
    expect(ok(bytes(`<?xml version="1.0" encoding="latin1"?><r>`, [0xc5], `</r>`)).text).toBe("Å")
  })

  it("takes strings as already decoded, whatever the declaration says", () => {
    expect(ok(`<?xml version="1.0" encoding="ISO-8859-1"?><r>ø</r>`).text).toBe("ø")
  })

  it("rejects a BOM that contradicts the declaration", () => {
    const error = fail(bytes([0xef, 0xbb, 0xbf], `<?xml version="1.0" encoding="ISO-8859-1"?><r/>`))
    expect(error._tag).toBe("XmlEncodingError")
  })

  it("locates invalid UTF-8 by line and column", () => {
    const error = fail(bytes("<r>\n  ø", [0xff], "</r>"))
    expect(error).toMatchObject({ _tag: "XmlEncodingError", encoding: "UTF-8", line: 2, column: 4 })
  })
})

describe("XmlReader limits", () => {
  it("applies limits given in the options", () => {
    expect(fail("<a><b><c/></b></a>", { limits: { maxDepth: 2 } })).toMatchObject({ limit: "maxDepth", max: 2 })
    expect(ok("<a><b/></a>", { limits: { maxDepth: 2 } }).local).toBe("a")
    expect(fail("<a><b/><b/></a>", { limits: { maxElements: 2 } })).toMatchObject({ limit: "maxElements" })
    expect(fail(`<a x="1" y="2"/>`, { limits: { maxAttributes: 1 } })).toMatchObject({ limit: "maxAttributes" })
    expect(fail("<a>12345</a>", { limits: { maxTextLength: 4 } })).toMatchObject({ limit: "maxTextLength" })
    expect(fail("<a>12<b/>345</a>", { limits: { maxTextLength: 4 } })).toMatchObject({ limit: "maxTextLength" })
    expect(ok("<a>12<b>34</b>34</a>", { limits: { maxTextLength: 4 } }).text).toBe("1234")
    expect(fail("<a>1234</a>", { limits: { maxBytes: 10 } })).toMatchObject({ limit: "maxBytes", max: 10 })
  })

  it("counts UTF-8 bytes, not UTF-16 code units, for strings", () => {
    // 13 characters, 17 UTF-8 bytes.
    const doc = "<a>øøøø</a>"
    expect(ok(doc, { limits: { maxBytes: 15 } }).text).toBe("øøøø")
    expect(fail(doc, { limits: { maxBytes: 14 } })).toMatchObject({ limit: "maxBytes" })
    expect(ok(bytes(doc), { limits: { maxBytes: 15 } }).text).toBe("øøøø")
    expect(fail(bytes(doc), { limits: { maxBytes: 14 } })).toMatchObject({ limit: "maxBytes" })
  })

  it("has the documented defaults", () => {
    expect(XmlReader.defaultLimits).toEqual({
      maxBytes: 64 * 1024 * 1024,
      maxDepth: 256,
      maxAttributes: 256,
      maxTextLength: 16 * 1024 * 1024,
      maxElements: 2_000_000
    })
  })

  it("reads a 10 MB array response of 300k elements within the defaults", () => {
    const item = `<a:string>item-value-0123</a:string>`
    const doc = `<r xmlns:a="${A}">${item.repeat(300_000)}</r>`
    expect(doc.length).toBeGreaterThan(10_000_000)
    const root = ok(doc)
    expect(root.children.length).toBe(300_000)
    expect(root.children[299_999]!.text).toBe("item-value-0123")
  })

  it("reads a text node just under the text limit across many chunks", () => {
    const text = "x".repeat(200_000)
    expect(ok(`<r>${text}</r>`, { limits: { maxTextLength: 200_000 } }).text.length).toBe(200_000)
    expect(fail(`<r>${text}y</r>`, { limits: { maxTextLength: 200_000 } })).toMatchObject({ limit: "maxTextLength" })
  })
})

effectDescribe("XmlReader.read", () => {
  effectIt.effect("uses the default limits", () =>
    Effect.gen(function* () {
      const root = yield* XmlReader.read("<r>x</r>")
      expect(root.text).toBe("x")
    })
  )

  effectIt.effect("takes its limits from the XmlReaderLimits reference", () =>
    Effect.gen(function* () {
      const error = yield* Effect.flip(XmlReader.read("<a><b/></a>"))
      expect(error).toMatchObject({ _tag: "XmlLimitExceeded", limit: "maxDepth", max: 1 })
    }).pipe(Effect.provide(Layer.succeed(XmlReader.XmlReaderLimits, { ...XmlReader.defaultLimits, maxDepth: 1 })))
  )

  // One document per limit, each within the defaults but over the tightened limit.
  const overEach: ReadonlyArray<readonly [keyof XmlReader.XmlLimits, number, string]> = [
    ["maxBytes", 16, "<a>0123456789</a>"],
    ["maxDepth", 2, "<a><b><c/></b></a>"],
    ["maxAttributes", 2, `<a x="1" y="2" z="3"/>`],
    ["maxTextLength", 4, "<a>12345</a>"],
    ["maxElements", 2, "<a><b/><c/></a>"]
  ]
  for (const [limit, max, doc] of overEach) {
    effectIt.effect(`takes ${limit} from the XmlReaderLimits reference`, () =>
      Effect.gen(function* () {
        expect(Either.isRight(XmlReader.readSync(doc)), "within the defaults").toBe(true)
        const error = yield* Effect.flip(XmlReader.read(doc))
        expect(error).toMatchObject({ _tag: "XmlLimitExceeded", limit, max })
      }).pipe(Effect.provideService(XmlReader.XmlReaderLimits, { ...XmlReader.defaultLimits, [limit]: max }))
    )
  }

  effectIt.effect("lets explicit options override the reference", () =>
    Effect.gen(function* () {
      const root = yield* XmlReader.read("<a><b/></a>", { limits: { maxDepth: 5 } })
      expect(root.children.length).toBe(1)
      const error = yield* Effect.flip(XmlReader.read(`<a x="1" y="2"/>`, { limits: { maxDepth: 5 } }))
      expect(error).toMatchObject({ limit: "maxAttributes", max: 1 })
    }).pipe(
      Effect.provideService(XmlReader.XmlReaderLimits, { ...XmlReader.defaultLimits, maxDepth: 1, maxAttributes: 1 })
    )
  )

  effectIt.effect("fails with the typed error", () =>
    Effect.gen(function* () {
      const error = yield* Effect.flip(XmlReader.read("<a>"))
      expect(error._tag).toBe("XmlSyntaxError")
    })
  )
})

describe("XmlReader errors", () => {
  it("carry the line and column where reading stopped", () => {
    expect(fail("<r>\n  <a>\n    &nope;\n  </a>\n</r>")).toMatchObject({
      _tag: "XmlForbiddenConstruct",
      construct: "ENTITY",
      line: 3,
      column: 10
    })
    expect(fail("<r>\n<a></b>\n</r>")).toMatchObject({ _tag: "XmlSyntaxError", line: 2 })
    expect(fail(`<r>\n\n<x y="1" y="2"/></r>`)).toMatchObject({ _tag: "XmlSyntaxError", line: 3 })
    expect(fail("<r>\n<a>\n<b/>\n")).toMatchObject({ _tag: "XmlSyntaxError", line: 4 })
  })

  it("are Errors with a message and no saxes position prefix", () => {
    const error = fail("<a></b>")
    expect(error).toBeInstanceOf(Error)
    expect(error.message).not.toMatch(/^\d+:\d+:/)
  })
})

describe("XmlReader.readEvents", () => {
  it("streams open, text and close events with depths", () => {
    const events: Array<string> = []
    const result = XmlReader.readEvents(
      `<p:r xmlns:p="${A}" xmlns:xsi="${XSI_NS}" a="1"><c xsi:type="p:T">x<![CDATA[y]]></c></p:r>`,
      {
        open: (el, depth) =>
          events.push(`open ${depth} {${el.ns}}${el.local} ${el.prefix} ${el.attributes.length} ${el.xsiType?.local}`),
        text: (text) => events.push(`text ${text}`),
        close: (ns, local, depth) => events.push(`close ${depth} {${ns}}${local}`)
      }
    )
    expect(Either.isRight(result)).toBe(true)
    expect(events).toEqual([
      `open 1 {${A}}r p 1 undefined`,
      `open 2 {}c  1 T`,
      "text x",
      "text y",
      "close 2 {}c",
      `close 1 {${A}}r`
    ])
  })

  it("applies the same hardening", () => {
    const result = XmlReader.readEvents(`<!DOCTYPE r [<!ENTITY e "x">]><r>&e;</r>`, {})
    expect(Either.isLeft(result) && result.left._tag).toBe("XmlForbiddenConstruct")
    const deep = XmlReader.readEvents("<a>".repeat(10), {}, { limits: { maxDepth: 3 } })
    expect(Either.isLeft(deep) && deep.left).toMatchObject({ limit: "maxDepth" })
  })

  it("rethrows a handler's exception", () => {
    const boom = new Error("boom")
    expect(() =>
      XmlReader.readEvents("<a><b/></a>", {
        open: (_, depth) => {
          if (depth === 2) throw boom
        }
      })
    ).toThrow(boom)
  })
})

// ---------------------------------------------------------------------------
// Reference material
// ---------------------------------------------------------------------------

const files = (dir: string): ReadonlyArray<string> =>
  readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name)
      return statSync(path).isDirectory() ? files(path) : [path]
    })

/** A raw HTTP capture: the body starts after the first blank line. */
const httpBody = (capture: string): string => {
  const m = /\r?\n\r?\n/.exec(capture)
  return m === null ? capture : capture.slice(m.index + m[0].length)
}

/** The WebEx seed is a page of text with unfenced XML: each message runs from `<?xml` to `</serv:message>`. */
const webexMessages = (page: string): ReadonlyArray<string> =>
  [...page.matchAll(/<\?xml[\s\S]*?<\/serv:message>/g)].map((m) => m[0])

describe("XmlReader on the reference material", () => {
  const seeds = files(sharedPath("seeds")).filter((f) => f.endsWith(".txt"))

  it("finds the seeds", () => {
    expect(seeds.length).toBe(5)
  })

  for (const seed of seeds) {
    const name = relative(sharedPath("seeds"), seed)
    it(`parses every XML block of seed ${name}`, () => {
      const page = readFileSync(seed, "utf8")
      const blocks = xmlBlocks(page).length > 0 ? xmlBlocks(page) : webexMessages(page)
      expect(blocks.length).toBe(2)
      for (const block of blocks) {
        const root = ok(block)
        expect(["Envelope", "message"]).toContain(root.local)
      }
    })
  }

  it("resolves the WebEx seed's xsi:types: java: in the request, sc: declared beside xsi in the response", () => {
    const page = readFileSync(seeds.find((s) => s.includes("004_"))!, "utf8")
    const [request, response] = webexMessages(page).map((m) => ok(m))
    const bodyContent = (root: XmlElement) => root.children.find((c) => c.local === "body")!.children[0]!
    expect(bodyContent(request!).xsiType).toEqual({
      ns: JAVA_TYPE_NS,
      local: "com.webex.service.binding.supportsession.CreateSupportSession"
    })
    expect(bodyContent(response!).xsiType).toEqual({
      ns: "http://www.webex.com/schemas/2002/06/service/supportsession",
      local: "createSupportSessionResponse"
    })
  })

  // index.md is the table of contents; every other page holds a request and a response.
  const samples = files(sharedPath("samples", "superoffice", "Services88")).filter(
    (f) => f.endsWith(".md") && !f.endsWith("index.md")
  )

  it(`parses both envelopes of all ${samples.length} Services88 sample pages`, () => {
    expect(samples.length).toBeGreaterThan(30)
    for (const sample of samples) {
      const blocks = xmlBlocks(readFileSync(sample, "utf8"))
      expect(blocks.length, sample).toBe(2)
      for (const block of blocks) expect(ok(block).local, sample).toBe("Envelope")
    }
  })

  // Not namespace-well-formed as published (see the examples' README); the reader must refuse them.
  const refused: Record<string, string> = {
    "auth/authenticateUser.request.xml": "serv: prefix never declared",
    "auth/securityContext.variants.fragment.xml": "a fragment with three roots",
    "supportsession/lstsupportsessionHistory.request.xml": "serv: prefix never declared"
  }
  const examplesDir = sharedPath("webex", "examples")
  const examples = files(examplesDir).filter((f) => f.endsWith(".xml") || f.endsWith(".http"))

  for (const example of examples) {
    const name = relative(examplesDir, example).split("\\").join("/")
    const reason = refused[name]
    it(reason === undefined ? `parses WebEx example ${name}` : `refuses WebEx example ${name} (${reason})`, () => {
      const raw = readFileSync(example, "utf8")
      const xml = example.endsWith(".http") ? httpBody(raw) : raw
      if (reason !== undefined) {
        expect(fail(xml)._tag).toBe("XmlSyntaxError")
      } else {
        expect(ok(xml).local).toBe("message")
        // Bytes take the same path as text.
        expect(ok(new TextEncoder().encode(xml))).toEqual(ok(xml))
      }
    })
  }
})
