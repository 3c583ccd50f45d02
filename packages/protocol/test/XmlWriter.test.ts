import { Either } from "effect"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as XmlBuilder2Writer from "../src/XmlBuilder2Writer.ts"
import { XmlWriteError } from "../src/XmlError.ts"
import {
  element,
  JAVA_TYPE_NS,
  type QName,
  XML_NS,
  type XmlAttribute,
  type XmlElement,
  XS_NS,
  XSI_NS
} from "../src/XmlNode.ts"
import * as XmlReader from "../src/XmlReader.ts"
import * as XmlWriter from "../src/XmlWriter.ts"

const writers = [
  ["XmlWriter", XmlWriter.write],
  ["XmlBuilder2Writer", XmlBuilder2Writer.write]
] as const

const bare = { declaration: false } as const

const read = (xml: string): XmlElement => {
  const result = XmlReader.readSync(xml)
  if (Either.isLeft(result)) throw new Error(`unreadable output ${JSON.stringify(result.left)}: ${xml}`)
  return result.right
}

const A = "urn:a"
const B = "urn:b"

describe.each(writers)("%s", (_, write) => {
  describe("escaping", () => {
    it("escapes markup in text, so ]]> is safe", () => {
      expect(write(element("", "t", { text: `a & b < c > d ]]> e` }), bare)).toBe(
        `<t>a &amp; b &lt; c &gt; d ]]&gt; e</t>`
      )
    })

    it("does not mistake data for references", () => {
      expect(write(element("", "t", { text: "&amp; &#13; &x;" }), bare)).toBe(`<t>&amp;amp; &amp;#13; &amp;x;</t>`)
    })

    it("keeps \\r in text as a reference and \\n and \\t as they are", () => {
      expect(write(element("", "t", { text: "a\r\nb\tc\rd" }), bare)).toBe(`<t>a&#13;\nb\tc&#13;d</t>`)
    })

    it("escapes quotes, markup and whitespace in attribute values", () => {
      const el = element("", "t", { attributes: [{ ns: "", local: "v", value: `"x" & 'y' <z> \t\n\r` }] })
      expect(write(el, bare)).toBe(`<t v="&quot;x&quot; &amp; 'y' &lt;z&gt; &#9;&#10;&#13;"/>`)
    })

    it("writes Norwegian, Japanese and astral characters as they are", () => {
      const text = "Blåbærsyltetøy på skiva – 日本語のテキスト 😀 𝄞"
      const el = element("", "t", { text, attributes: [{ ns: "", local: "a", value: text }] })
      expect(write(el, bare)).toBe(`<t a="${text}">${text}</t>`)
    })

    it("round-trips every kind of awkward character through the reader", () => {
      const text = "]]> & < > \" ' \t \n \r \r\n 😀 \uFFFD \uE000"
      const el = element("", "t", { text, attributes: [{ ns: "", local: "a", value: text }] })
      const back = read(write(el))
      expect(back.text).toBe(text)
      expect(back.attributes[0]!.value).toBe(text)
    })
  })

  describe("structure", () => {
    it("writes a declaration unless told not to", () => {
      expect(write(element("", "a"))).toBe(`<?xml version="1.0" encoding="utf-8"?><a/>`)
      expect(write(element("", "a"), bare)).toBe(`<a/>`)
    })

    it("writes empty elements as <a/> and nothing between tags", () => {
      const tree = element("", "a", { children: [element("", "b"), element("", "c", { text: " " })] })
      expect(write(tree, bare)).toBe(`<a><b/><c> </c></a>`)
    })

    it("writes text before children", () => {
      const tree = element("", "a", { text: "t", children: [element("", "b")] })
      expect(write(tree, bare)).toBe(`<a>t<b/></a>`)
    })

    it("hoists every namespace declaration to the root", () => {
      const tree = element(A, "root", {
        children: [
          element(B, "x", {
            attributes: [{ ns: "urn:c", local: "at", value: "1" }],
            children: [element("urn:d", "y", { xsiType: { ns: "urn:e", local: "T" } })]
          })
        ]
      })
      const xml = write(tree, bare)
      const rootTag = xml.slice(0, xml.indexOf(">") + 1)
      expect(xml.slice(rootTag.length)).not.toContain("xmlns")
      for (const ns of [A, B, "urn:c", "urn:d", "urn:e", XSI_NS]) expect(rootTag).toContain(`="${ns}"`)
      expect(read(xml).children[0]!.children[0]!.xsiType).toEqual({ ns: "urn:e", local: "T" })
    })

    it("leaves elements in no namespace unprefixed and never declares a default namespace", () => {
      const tree = element(A, "root", { prefix: "a", children: [element("", "plain", { text: "x" })] })
      const xml = write(tree, bare)
      expect(xml).toBe(`<a:root xmlns:a="${A}"><plain>x</plain></a:root>`)
      expect(read(xml).children[0]!.ns).toBe("")
    })

    it("prefers the options' prefixes, then the tree's, then xsi/xsd, then ns1, ns2, …", () => {
      const tree = element(A, "root", {
        prefix: "wire",
        children: [
          element(B, "b", { prefix: "bee" }),
          element("urn:c", "c", { prefix: "bee" }),
          element("urn:d", "d"),
          element("urn:e", "e", { prefix: "opt" }),
          element("", "v", { xsiType: { ns: XS_NS, local: "string" } })
        ]
      })
      const xml = write(tree, { declaration: false, prefixes: { [A]: "a", "urn:x": "ns1", "urn:y": "opt" } })
      expect(xml).toBe(
        `<a:root xmlns:a="${A}" xmlns:bee="${B}" xmlns:ns2="urn:c" xmlns:ns3="urn:d" xmlns:ns4="urn:e"` +
          ` xmlns:xsd="${XS_NS}" xmlns:xsi="${XSI_NS}">` +
          `<bee:b/><ns2:c/><ns3:d/><ns4:e/><v xsi:type="xsd:string"/></a:root>`
      )
    })

    it("never takes a reserved or malformed prefix from the tree", () => {
      const tree = element(A, "r", {
        prefix: "xmlns",
        children: [
          element(B, "b", { prefix: "xml" }),
          element("urn:c", "c", { prefix: "a:b" }),
          element("urn:d", "d", { prefix: "" })
        ]
      })
      expect(write(tree, bare)).toBe(
        `<ns1:r xmlns:ns1="${A}" xmlns:ns2="${B}" xmlns:ns3="urn:c" xmlns:ns4="urn:d"><ns2:b/><ns3:c/><ns4:d/></ns1:r>`
      )
    })

    it("writes xml:lang without declaring the xml namespace", () => {
      const tree = element("", "t", { attributes: [{ ns: XML_NS, local: "lang", value: "nb" }] })
      expect(write(tree, bare)).toBe(`<t xml:lang="nb"/>`)
      expect(read(write(tree)).attributes[0]).toMatchObject({ ns: XML_NS, local: "lang", value: "nb" })
    })

    it("writes namespaced attributes with the hoisted prefix", () => {
      const tree = element(A, "r", {
        prefix: "a",
        attributes: [
          { ns: A, local: "x", value: "1" },
          { ns: XSI_NS, local: "nil", prefix: "i", value: "true" }
        ]
      })
      expect(write(tree, bare)).toBe(`<a:r xmlns:a="${A}" xmlns:i="${XSI_NS}" a:x="1" i:nil="true"/>`)
    })
  })

  describe("xsi:type", () => {
    it("writes xsiType with the hoisted prefix of its namespace", () => {
      const tree = element(A, "r", { prefix: "a", children: [element(A, "v", { xsiType: { ns: A, local: "Thing" } })] })
      expect(write(tree, bare)).toBe(`<a:r xmlns:a="${A}" xmlns:xsi="${XSI_NS}"><a:v xsi:type="a:Thing"/></a:r>`)
    })

    it("writes an xsiType in no namespace unprefixed", () => {
      const xml = write(element("", "v", { xsiType: { ns: "", local: "T" } }), bare)
      expect(xml).toBe(`<v xmlns:xsi="${XSI_NS}" xsi:type="T"/>`)
      expect(read(xml).xsiType).toEqual({ ns: "", local: "T" })
    })

    it("lets xsiType win over a copied xsi:type attribute", () => {
      const tree = element("", "v", {
        attributes: [{ ns: XSI_NS, local: "type", prefix: "xsi", value: "old:Stale" }],
        xsiType: { ns: A, local: "Fresh" }
      })
      expect(read(write(tree)).xsiType).toEqual({ ns: A, local: "Fresh" })
    })

    it("writes Castor's java: types with the prefix undeclared, as WebEx expects", () => {
      const tree = element("http://www.webex.com/schemas/2002/06/service", "message", {
        prefix: "serv",
        children: [
          element("", "bodyContent", {
            xsiType: { ns: JAVA_TYPE_NS, local: "com.webex.service.binding.supportsession.CreateSupportSession" }
          })
        ]
      })
      const xml = write(tree, bare)
      expect(xml).toBe(
        `<serv:message xmlns:serv="http://www.webex.com/schemas/2002/06/service" xmlns:xsi="${XSI_NS}">` +
          `<bodyContent xsi:type="java:com.webex.service.binding.supportsession.CreateSupportSession"/></serv:message>`
      )
      expect(read(xml).children[0]!.xsiType).toEqual(tree.children[0]!.xsiType)
    })
  })

  describe("refusals", () => {
    const secret = "hunter2-very-secret"
    const invalid: ReadonlyArray<readonly [string, string]> = [
      ["NUL", "\u0000"],
      ["SOH", "\u0001"],
      ["VT", "\u000B"],
      ["FF", "\u000C"],
      ["US", "\u001F"],
      ["U+FFFE", "\uFFFE"],
      ["U+FFFF", "\uFFFF"],
      ["lone high surrogate", "\uD83D"],
      ["lone low surrogate", "\uDE00"],
      ["reversed surrogate pair", "\uDE00\uD83D"]
    ]

    for (const [name, bad] of invalid) {
      it(`refuses ${name} in text, naming the element but not the value`, () => {
        const tree = element("", "Envelope", {
          children: [element("", "Password"), element("", "Password", { text: `${secret}${bad}${secret}` })]
        })
        const error = (() => {
          try {
            write(tree)
          } catch (e) {
            return e
          }
          throw new Error("expected an XmlWriteError")
        })()
        expect(error).toBeInstanceOf(XmlWriteError)
        expect(error).toBeInstanceOf(Error)
        const { message, path } = error as XmlWriteError
        expect(path).toBe("/Envelope/Password[2]")
        expect(message).toContain(path)
        expect(message).not.toContain(secret)
        expect(message).not.toContain(bad)
      })

      it(`refuses ${name} in an attribute value`, () => {
        const tree = element("", "r", {
          children: [element("", "c", { attributes: [{ ns: "", local: "token", value: `${secret}${bad}` }] })]
        })
        expect(() => write(tree)).toThrowError(XmlWriteError)
        try {
          write(tree)
        } catch (e) {
          expect((e as XmlWriteError).path).toBe("/r/c/@token")
          expect((e as XmlWriteError).message).not.toContain(secret)
        }
      })
    }

    it("refuses names that are not NCNames", () => {
      for (const local of ["", "a:b", "1a", "a b", "-a"]) {
        expect(() => write(element("", local)), local).toThrowError(XmlWriteError)
        expect(() => write(element("", "r", { attributes: [{ ns: "", local, value: "" }] })), local).toThrowError(
          XmlWriteError
        )
      }
      expect(write(element("", "名前_ø.1-x"), bare)).toBe("<名前_ø.1-x/>")
    })

    it("refuses duplicate attributes and hand-made namespace declarations", () => {
      const twice: Array<XmlAttribute> = [
        { ns: A, local: "x", prefix: "p", value: "1" },
        { ns: A, local: "x", prefix: "q", value: "2" }
      ]
      expect(() => write(element("", "r", { attributes: twice }))).toThrowError(XmlWriteError)
      expect(() => write(element("", "r", { attributes: [{ ns: "", local: "xmlns", value: A }] }))).toThrowError(
        XmlWriteError
      )
      expect(() =>
        write(element("", "r", { attributes: [{ ns: "http://www.w3.org/2000/xmlns/", local: "p", value: A }] }))
      ).toThrowError(XmlWriteError)
    })

    it("refuses an invalid character in a namespace URI", () => {
      expect(() => write(element("urn:\u0001", "r"))).toThrowError(XmlWriteError)
    })
  })
})

describe("XmlBuilder2Writer", () => {
  it("refuses namespace URIs xmlbuilder2 would crash on or write unescaped", () => {
    const withNs = (ns: string) => element("", "r", { children: [element(ns, "c")] })
    expect(() => XmlBuilder2Writer.write(withNs("constructor"))).toThrowError(XmlWriteError)
    expect(() => XmlBuilder2Writer.write(withNs("urn:a?b=1&amp;c=2"))).toThrowError(XmlWriteError)
    // The fast writer has neither problem.
    expect(read(XmlWriter.write(withNs("constructor"))).children[0]!.ns).toBe("constructor")
    expect(read(XmlWriter.write(withNs("urn:a?b=1&amp;c=2"))).children[0]!.ns).toBe("urn:a?b=1&amp;c=2")
  })
})

/** A chain `levels` elements deep, innermost first, built without recursion. */
const chain = (levels: number, innermost: XmlElement, ns = ""): XmlElement => {
  let el = innermost
  for (let i = 1; i < levels; i++) el = element(ns, "d", { children: [el] })
  return el
}

describe("deep trees", () => {
  it("XmlWriter writes 100k levels without recursion", () => {
    const xml = XmlWriter.write(chain(100_000, element(A, "leaf", { text: "x & y" }), A), bare)
    expect(xml).toBe(
      `<ns1:d xmlns:ns1="${A}">${"<ns1:d>".repeat(99_998)}<ns1:leaf>x &amp; y</ns1:leaf>${"</ns1:d>".repeat(99_999)}`
    )
  })

  it("XmlWriter output for a deep tree reads back to the same chain", () => {
    // Fewer levels than above: saxes resolves each prefix by walking the open elements,
    // so reading is quadratic in depth; the reader's default maxDepth keeps that bounded.
    const xml = XmlWriter.write(chain(5_000, element(A, "leaf", { text: "x & y" }), A), bare)
    const back = XmlReader.readSync(xml, { limits: { maxDepth: 5_000 } })
    if (Either.isLeft(back)) throw new Error(back.left.message)
    let el = back.right
    let depth = 1
    while (el.children.length === 1) {
      expect(el).toMatchObject({ ns: A, local: "d", text: "" })
      el = el.children[0]!
      depth++
    }
    expect(depth).toBe(5_000)
    expect(el).toMatchObject({ ns: A, local: "leaf", text: "x & y", children: [] })
  })

  it("XmlWriter reports a bad value 100k levels down as an XmlWriteError with its path", () => {
    const result = XmlWriter.writeEither(chain(100_000, element("", "leaf", { text: "\u0000" })))
    if (Either.isRight(result)) throw new Error("wrote an unwritable tree")
    expect(result.left).toBeInstanceOf(XmlWriteError)
    expect(result.left.path).toBe(`${"/d".repeat(99_999)}/leaf`)
  })

  it(`XmlBuilder2Writer refuses more than MAX_DEPTH (${XmlBuilder2Writer.MAX_DEPTH}) levels as an XmlWriteError`, () => {
    const leaf = element("", "leaf")
    const deepest = XmlBuilder2Writer.write(chain(XmlBuilder2Writer.MAX_DEPTH, leaf), bare)
    expect(deepest).toBe(
      `${"<d>".repeat(XmlBuilder2Writer.MAX_DEPTH - 1)}<leaf/>${"</d>".repeat(XmlBuilder2Writer.MAX_DEPTH - 1)}`
    )
    for (const levels of [XmlBuilder2Writer.MAX_DEPTH + 1, 10_000, 100_000]) {
      let caught: unknown
      try {
        XmlBuilder2Writer.write(chain(levels, leaf))
      } catch (error) {
        caught = error
      }
      expect(caught).toBeInstanceOf(XmlWriteError)
      expect((caught as XmlWriteError).message).toContain(`deeper than ${XmlBuilder2Writer.MAX_DEPTH} levels`)
      const deepest = levels === XmlBuilder2Writer.MAX_DEPTH + 1 ? "leaf" : "d"
      expect((caught as XmlWriteError).path).toBe(`${"/d".repeat(XmlBuilder2Writer.MAX_DEPTH)}/${deepest}`)
    }
  })
})

describe("XmlWriter.writeEither", () => {
  it("returns the document", () => {
    expect(XmlWriter.writeEither(element("", "a"), bare)).toEqual(Either.right("<a/>"))
  })

  it("returns the failure instead of throwing", () => {
    const result = XmlWriter.writeEither(element("", "a", { text: "\u0000" }))
    expect(Either.isLeft(result) && result.left).toMatchObject({ _tag: "XmlWriteError", path: "/a" })
  })
})

// ---------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------

/** XML 1.0 `Char`: what a document can carry. */
const xmlLegal = (s: string): string =>
  [...s]
    .filter((c) => {
      const cp = c.codePointAt(0)!
      return (
        cp === 0x9 ||
        cp === 0xa ||
        cp === 0xd ||
        (cp >= 0x20 && cp <= 0xd7ff) ||
        (cp >= 0xe000 && cp <= 0xfffd) ||
        cp >= 0x10000
      )
    })
    .join("")

const NAMESPACES = ["", "", A, B, "http://example.com/a?b=1&c=<2>", "urn:ø:日本", XSI_NS, XS_NS]
const PREFIX_HINTS = ["a", "b", "ns1", "ns2", "xsi", "soap", "xml", "xmlns", "java", "", "bad:prefix", "ø"]

/** The fast writer also gets "constructor", to check that no lookup falls through to Object.prototype. */
const namespaceIn = (pool: ReadonlyArray<string>) => fc.constantFrom(...pool)
const localName = fc.oneof(
  fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_.-]{0,7}$/),
  fc.constantFrom("Envelope", "Body", "名前", "blåbær", "x.y-z", "_")
)
const prefixHint = fc.option(fc.constantFrom(...PREFIX_HINTS), { nil: undefined })

const text = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: "binary", maxLength: 30 }).map(xmlLegal) },
  { weight: 1, arbitrary: fc.constantFrom("", "]]>", "&", "<", "&amp;", "a\r\nb", "\t \n", "😀", "&#13;", "]]]]>") },
  {
    weight: 1,
    arbitrary: fc
      .array(fc.constantFrom("]]>", "&", "<", ">", "\r", "\n", "x", "ø", '"', "'"), { maxLength: 8 })
      .map((a) => a.join(""))
  }
)

/** Trees up to `depth` levels below the root, at most three children each. */
const treeOf = (depth: number, pool: ReadonlyArray<string>): fc.Arbitrary<XmlElement> => {
  const namespace = namespaceIn(pool)
  const attribute: fc.Arbitrary<XmlAttribute> = fc
    .record({ ns: namespace, local: localName, prefix: prefixHint, value: text })
    .filter((a) => !(a.ns === "" && a.local === "xmlns") && !(a.ns === XSI_NS && a.local === "type"))
  const qname: fc.Arbitrary<QName> = fc.record({ ns: namespace, local: localName })
  return fc
    .record({
      ns: namespace,
      local: localName,
      prefix: prefixHint,
      attributes: fc.uniqueArray(attribute, { maxLength: 4, selector: (a) => `{${a.ns}}${a.local}` }),
      text,
      xsiType: fc.option(qname, { nil: undefined, freq: 3 }),
      children: depth === 0 ? fc.constant([]) : fc.array(treeOf(depth - 1, pool), { maxLength: 3 })
    })
    .map((r): XmlElement => r)
}

const tree = treeOf(3, NAMESPACES)
const fastOnlyTree = treeOf(3, [...NAMESPACES, "constructor"])

interface Normal {
  readonly name: string
  readonly attributes: ReadonlyArray<string>
  readonly text: string
  readonly xsiType: string | undefined
  readonly children: ReadonlyArray<Normal>
}

/** What must survive a round trip: names, attributes as a set, text, xsiType, children; prefixes need not. */
const normalize = (el: XmlElement): Normal => ({
  name: `{${el.ns}}${el.local}`,
  attributes: el.attributes
    .filter((a) => !(a.ns === XSI_NS && a.local === "type"))
    .map((a) => `{${a.ns}}${a.local}=${JSON.stringify(a.value)}`)
    .sort(),
  text: el.text,
  xsiType: el.xsiType === undefined ? undefined : `{${el.xsiType.ns}}${el.xsiType.local}`,
  children: el.children.map(normalize)
})

const prefixOptions = fc.option(
  fc.dictionary(fc.constantFrom(A, B, XSI_NS, "urn:ø:日本"), fc.constantFrom("a", "b", "p", "ns1", "xsi"), {
    maxKeys: 3
  }),
  { nil: undefined }
)

describe("writer properties", () => {
  it("readSync(write(t)) is t, up to prefixes", () => {
    fc.assert(
      fc.property(fastOnlyTree, prefixOptions, (t, prefixes) => {
        const xml = XmlWriter.write(t, prefixes === undefined ? undefined : { prefixes })
        expect(normalize(read(xml))).toEqual(normalize(t))
      }),
      { numRuns: 500 }
    )
  })

  it("the xmlbuilder2 writer reads back to the same tree", () => {
    fc.assert(
      fc.property(tree, prefixOptions, (t, prefixes) => {
        const options = prefixes === undefined ? undefined : { prefixes }
        const fast = read(XmlWriter.write(t, options))
        const peer = read(XmlBuilder2Writer.write(t, options))
        expect(normalize(peer)).toEqual(normalize(fast))
        expect(normalize(peer)).toEqual(normalize(t))
      }),
      { numRuns: 300 }
    )
  })

  it("both writers produce the same bytes", () => {
    fc.assert(
      fc.property(tree, prefixOptions, fc.boolean(), (t, prefixes, declaration) => {
        const options = prefixes === undefined ? { declaration } : { prefixes, declaration }
        expect(XmlBuilder2Writer.write(t, options)).toBe(XmlWriter.write(t, options))
      }),
      { numRuns: 300 }
    )
  })

  it("declares every namespace once, on the root", () => {
    fc.assert(
      fc.property(fastOnlyTree, (t) => {
        const xml = XmlWriter.write(t, bare)
        const rootEnd = xml.indexOf(">")
        const declarations = [...xml.slice(0, rootEnd).matchAll(/ xmlns:([^=]+)="/g)].map((m) => m[1])
        expect(new Set(declarations).size).toBe(declarations.length)
        expect(xml.slice(rootEnd)).not.toMatch(/ xmlns[:=]/)
      }),
      { numRuns: 300 }
    )
  })

  it("both writers refuse the same trees, at the same path", () => {
    const dirty = fc.string({ unit: "binary", maxLength: 6 })
    fc.assert(
      fc.property(dirty, dirty, (t, v) => {
        const el = element("", "r", {
          children: [element("", "c", { text: t, attributes: [{ ns: "", local: "a", value: v }] })]
        })
        const outcome = (write: (root: XmlElement) => string) => {
          try {
            return read(write(el)).children[0]!.text
          } catch (e) {
            if (e instanceof XmlWriteError) return `error at ${e.path}`
            throw e
          }
        }
        expect(outcome(XmlBuilder2Writer.write)).toBe(outcome(XmlWriter.write))
      }),
      { numRuns: 1000 }
    )
  })
})
