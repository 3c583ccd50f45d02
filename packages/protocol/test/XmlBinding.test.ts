import { BigDecimal, Either, Schema } from "effect"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as Xml from "../src/XmlBinding.ts"
import { type QName, type XmlElement, XSI_NS } from "../src/XmlNode.ts"
import * as XmlReader from "../src/XmlReader.ts"
import * as XmlWriter from "../src/XmlWriter.ts"
import * as Xs from "../src/Xs.ts"

const TNS = "http://www.superoffice.net/ws/crm/NetServer/Services88"
const ARR = "http://schemas.microsoft.com/2003/10/Serialization/Arrays"

const ETableRightValue = Xs.Enum("ETableRightValue", "Select", "Update", "Insert", "Delete")
const ETableRight = Xs.FlagList(ETableRightValue, "ETableRight")
const TableRight = Xml.Struct(
  { Mask: Xml.Optional(ETableRight), Reason: Xml.OptionalNillable(Xs.String) },
  { ns: TNS, typeName: { ns: TNS, local: "TableRight" } }
)
const Carrier = Xml.Struct(
  {
    TableRight: Xml.OptionalNillable(TableRight),
    FieldProperties: Xml.OptionalNillable(
      Xml.Dictionary(Xs.String, Xs.String, { ns: TNS, local: "FieldPropertyDictionaryItem" })
    )
  },
  { ns: TNS, typeName: { ns: TNS, local: "Carrier" } }
)
const Ticket = Xml.extend(
  Carrier,
  {
    TicketId: Xml.Optional(Xs.Int),
    Title: Xml.OptionalNillable(Xs.String),
    Big: Xml.Optional(Xs.Long),
    Amount: Xml.Optional(Xs.Decimal),
    When: Xml.Optional(Xs.DateTime),
    Flag: Xml.Optional(Xs.Boolean),
    Ratio: Xml.Optional(Xs.Double),
    Blob: Xml.Optional(Xs.Base64Binary),
    Ids: Xml.OptionalNillable(Xml.ArrayOf(Xs.Int, { ns: ARR, local: "int" })),
    Tags: Xml.OptionalNillable(Xml.ArrayOf(Xml.Nillable(Xs.String), { ns: ARR, local: "string" }))
  },
  { ns: TNS, typeName: { ns: TNS, local: "Ticket" } }
)
type Ticket = typeof Ticket.Type

const enc = Xml.encodeElement(Ticket)
const dec = Xml.decodeElement(Ticket)
// The Schema's own decoding of the encoded form (strings at every leaf): an independent reading of each leaf.
const decodeEncoded = Schema.decodeUnknownEither(Ticket, { errors: "all", onExcessProperty: "error" })
const NAME = { ns: TNS, local: "Ticket" }

const el = (local: string, text: string, children: Array<XmlElement> = [], ns = TNS): XmlElement => ({
  ns,
  local,
  attributes: [],
  children,
  text
})

describe("XmlBinding", () => {
  it("writes base members first, in sequence order", () => {
    const value: Ticket = { TicketId: 7, Title: "Hi", TableRight: { Mask: ["Select", "Update"] } }
    const out = Either.getOrThrow(enc(value, NAME))
    expect(out.children.map((c) => c.local)).toEqual(["TableRight", "TicketId", "Title"])
    expect(out.children[0]!.children[0]!.text).toBe("Select Update")
  })

  it("keeps absent, nil and present distinct", () => {
    const nil = Either.getOrThrow(enc({ Title: null }, NAME))
    expect(nil.children[0]!.attributes).toEqual([expect.objectContaining({ ns: XSI_NS, local: "nil", value: "true" })])
    expect(Either.getOrThrow(dec(nil))).toEqual({ Title: null })
    const absent = Either.getOrThrow(enc({}, NAME))
    expect(absent.children).toHaveLength(0)
    expect(Either.getOrThrow(dec(absent))).toEqual({})
  })

  it("decodes primitives losslessly: long as bigint, decimal, dateTime with zone, base64", () => {
    const tree = el("Ticket", "", [
      el("Big", "9223372036854775807"),
      el("Amount", "12.340"),
      el("When", "2024-02-03T04:05:06.789+05:30"),
      el("Flag", "1"),
      el("Ratio", "-INF"),
      el("Blob", "AAEC\n/w=="),
      el("Ids", "", [el("int", "1", [], ARR), el("int", "2", [], ARR)])
    ])
    const v = Either.getOrThrow(dec(tree))
    expect(v.Big).toBe(9223372036854775807n)
    expect(BigDecimal.format(v.Amount!)).toBe("12.34")
    expect(v.When).toBe("2024-02-03T04:05:06.789+05:30")
    expect(v.Flag).toBe(true)
    expect(v.Ratio).toBe(-Infinity)
    expect([...v.Blob!]).toEqual([0, 1, 2, 255])
    expect(v.Ids).toEqual([1, 2])
  })

  it("keeps unknown elements and unknown enum values", () => {
    const tree = el("Ticket", "", [
      el("TableRight", "", [el("Mask", "Select Teleport")]),
      el("Surprise", "x"),
      el("TicketId", "3")
    ])
    const v = Either.getOrThrow(dec(tree))
    expect(v.TableRight!.Mask).toEqual(["Select", "Teleport"])
    expect(v[Xml.UnknownElements]!.map((e) => e.local)).toEqual(["Surprise"])
    const back = Either.getOrThrow(enc(v, NAME))
    expect(back.children.map((c) => c.local)).toEqual(["TableRight", "TicketId", "Surprise"])
  })

  it("reports bad values with a path and without echoing them", () => {
    const r = dec(el("Ticket", "", [el("TicketId", "secret-7T:abc")]))
    expect(Either.isLeft(r)).toBe(true)
    const e = (r as Either.Left<Xml.XmlBindingError, Ticket>).left
    expect(e._tag).toBe("XmlBindingError")
    expect(e.message).toContain("TicketId")
    expect(e.message).not.toContain("secret")
    const tooBig = enc({ TicketId: 2 ** 40 }, NAME)
    expect(Either.isLeft(tooBig)).toBe(true)
  })

  it("round-trips arbitrary values (property)", () => {
    const arbitrary = fc.record(
      {
        TicketId: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
        Title: fc.option(
          fc.string({ unit: "grapheme" }).map((s) => s + "]]>&<"),
          { nil: null }
        ),
        Big: fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
        Flag: fc.boolean(),
        Tags: fc.option(fc.array(fc.option(fc.string(), { nil: null })), { nil: null }),
        TableRight: fc.record(
          {
            Mask: fc.subarray(["Select", "Update", "Insert", "Delete"] as const),
            Reason: fc.option(fc.string(), { nil: null })
          },
          { requiredKeys: [] }
        )
      },
      { requiredKeys: [] }
    )
    fc.assert(
      fc.property(arbitrary, (value) => {
        const v = value as Ticket
        const back = Either.getOrThrow(dec(Either.getOrThrow(enc(v, NAME))))
        expect(back).toEqual(v)
      })
    )
  })

  it("decides every leaf as the Schema itself decodes its lexical form (property)", () => {
    const text = fc.oneof(
      fc.string(),
      fc.constantFrom(
        "1",
        "-0",
        " 42 ",
        "2147483648",
        "1e3",
        "true",
        "0",
        "INF",
        "AAEC/w==",
        "2024-01-01T00:00:00Z",
        "x"
      )
    )
    const leaf = (local: string) => fc.tuple(text, fc.boolean()).map(([t, nil]) => el(local, nil ? "" : t, [], TNS))
    const fields = ["TicketId", "Title", "Big", "Amount", "When", "Flag", "Ratio", "Blob", "Mystery"]
    const tree = fc
      .subarray(fields)
      .chain((names) => fc.tuple(...names.map(leaf)))
      .map((children) => el("Ticket", "", children as Array<XmlElement>))
    fc.assert(
      fc.property(tree, (t) => {
        const walked = dec(t)
        const encoded: Record<string, string> = {}
        for (const c of t.children) if (c.local !== "Mystery") encoded[c.local] = c.text
        const bySchema = decodeEncoded(encoded)
        expect(Either.isRight(walked)).toBe(Either.isRight(bySchema))
        if (Either.isRight(walked) && Either.isRight(bySchema)) {
          const { [Xml.UnknownElements]: unknown, ...known } = walked.right
          expect(known).toEqual(bySchema.right)
          expect((unknown ?? []).map((e) => e.local)).toEqual(
            t.children.some((c) => c.local === "Mystery") ? ["Mystery"] : []
          )
          // What is written reads back to what writes the same again (-0 is written as 0, so compare the form).
          const written = Either.getOrThrow(enc(walked.right, NAME))
          expect(Either.getOrThrow(enc(Either.getOrThrow(dec(written)), NAME))).toEqual(written)
        }
      }),
      { numRuns: 500 }
    )
  })
})

// -- one binding test per shape the wire uses ------------------------------------------

const OTHER = "urn:sessionwire:test:derived"
const XML_ATTRS = `xmlns:t="${TNS}" xmlns:o="${OTHER}" xmlns:a="${ARR}" xmlns:xsi="${XSI_NS}"`

/** Parses `xml` with the real reader, so prefixes and `xsi:type` are resolved as on the wire. */
const parse = (xml: string): XmlElement => {
  const r = XmlReader.readSync(xml)
  if (Either.isLeft(r)) throw new Error(r.left.message)
  return r.right
}

/** Encodes, writes, reads back and decodes: the whole trip a value makes over the wire. */
const overTheWire = <A, I>(schema: Schema.Schema<A, I>, value: A, name: QName): { xml: string; back: A } => {
  const xml = XmlWriter.write(Either.getOrThrow(Xml.encodeElement(schema)(value, name)), { declaration: false })
  return { xml, back: Either.getOrThrow(Xml.decodeElement(schema)(parse(xml))) }
}

describe("XmlBinding shapes", () => {
  const Base = Xml.Struct(
    { Id: Xs.Int, Name: Xml.Optional(Xs.String) },
    { ns: TNS, typeName: { ns: TNS, local: "Base" } }
  )
  // The derived type lives in another namespace, so its base members must keep theirs.
  const Derived = Xml.extend(
    Base,
    { Extra: Xml.Optional(Xs.String), Count: Xml.Optional(Xs.Int) },
    { ns: OTHER, typeName: { ns: OTHER, local: "Derived" } }
  )
  const Holder = Xml.Struct({ Item: Schema.Union(Base, Derived) }, { ns: TNS })
  const HOLDER = { ns: TNS, local: "Holder" }

  it("complex-type extension: base members first, each in its own namespace, both ways", () => {
    const value = { Count: 2, Extra: "e", Name: "n", Id: 1 }
    const out = Either.getOrThrow(Xml.encodeElement(Derived)(value, { ns: OTHER, local: "D" }))
    expect(out.children.map((c) => `{${c.ns}}${c.local}`)).toEqual([
      `{${TNS}}Id`,
      `{${TNS}}Name`,
      `{${OTHER}}Extra`,
      `{${OTHER}}Count`
    ])
    const back = Xml.decodeElement(Derived)(
      parse(`<o:D ${XML_ATTRS}><t:Id>1</t:Id><t:Name>n</t:Name><o:Extra>e</o:Extra><o:Count>2</o:Count></o:D>`)
    )
    expect(back).toEqual(Either.right({ Id: 1, Name: "n", Extra: "e", Count: 2 }))
  })

  it("xsi:type on the way in selects the derived type, and its members survive", () => {
    const doc = `<t:Holder ${XML_ATTRS}><t:Item xsi:type="o:Derived"><t:Id>1</t:Id><o:Extra>e</o:Extra><o:Count>3</o:Count></t:Item></t:Holder>`
    const v = Either.getOrThrow(Xml.decodeElement(Holder)(parse(doc)))
    expect(v.Item).toEqual({ Id: 1, Extra: "e", Count: 3 })
    expect((v.Item as { [Xml.UnknownElements]?: unknown })[Xml.UnknownElements]).toBeUndefined()
    // A member named by xsi:type is decoded with that member's types: Count must be an int.
    const bad = doc.replace("<o:Count>3</o:Count>", "<o:Count>three</o:Count>")
    expect(Xml.decodeElement(Holder)(parse(bad))).toMatchObject(Either.left({ _tag: "XmlBindingError" }))
  })

  it("without xsi:type the base type is read, and the derived members are kept, not dropped", () => {
    const doc = `<t:Holder ${XML_ATTRS}><t:Item><t:Id>1</t:Id><o:Extra>e</o:Extra></t:Item></t:Holder>`
    const v = Either.getOrThrow(Xml.decodeElement(Holder)(parse(doc)))
    expect(v.Item.Id).toBe(1)
    const unknown = (v.Item as { [Xml.UnknownElements]?: ReadonlyArray<XmlElement> })[Xml.UnknownElements]
    expect(unknown?.map((e) => [e.ns, e.local, e.text])).toEqual([[OTHER, "Extra", "e"]])
    const again = XmlWriter.write(Either.getOrThrow(Xml.encodeElement(Holder)(v, HOLDER)), { declaration: false })
    expect(again).toBe(
      `<ns1:Holder xmlns:ns1="${TNS}" xmlns:o="${OTHER}"><ns1:Item><ns1:Id>1</ns1:Id><o:Extra>e</o:Extra></ns1:Item></ns1:Holder>`
    )
  })

  it("a derived value is written with xsi:type and reads back as the derived value", () => {
    const { xml, back } = overTheWire(Holder, { Item: { Id: 1, Extra: "e", Count: 4 } }, HOLDER)
    expect(xml).toMatch(/<ns1:Item xsi:type="ns2:Derived">/)
    expect(back).toEqual({ Item: { Id: 1, Extra: "e", Count: 4 } })
    const base = overTheWire(Holder, { Item: { Id: 1, Name: "n" } }, HOLDER)
    expect(base.xml).not.toContain("xsi:type")
    expect(base.back).toEqual({ Item: { Id: 1, Name: "n" } })
  })

  const Nils = Xml.Struct(
    { Required: Xml.Nillable(Xs.Int), Optional: Xml.Optional(Xs.Int), Both: Xml.OptionalNillable(Xs.Int) },
    { ns: TNS }
  )
  const NILS = { ns: TNS, local: "Nils" }

  it("nillable vs minOccurs=0: a nillable element must be present, an optional one may be absent", () => {
    const decode = Xml.decodeElement(Nils)
    const doc = (inner: string) => parse(`<t:Nils ${XML_ATTRS}>${inner}</t:Nils>`)
    expect(decode(doc(`<t:Required xsi:nil="true"/>`))).toEqual(Either.right({ Required: null }))
    expect(decode(doc(`<t:Required>5</t:Required><t:Optional>6</t:Optional>`))).toEqual(
      Either.right({ Required: 5, Optional: 6 })
    )
    const missing = decode(doc(`<t:Optional>6</t:Optional>`))
    expect(missing).toMatchObject(Either.left({ _tag: "XmlBindingError", direction: "decode" }))
    expect(Either.isLeft(missing) && missing.left.path).toContain("Required")

    const encode = Xml.encodeElement(Nils)
    const nil = Either.getOrThrow(encode({ Required: null }, NILS))
    expect(nil.children).toHaveLength(1)
    expect(nil.children[0]!.attributes).toEqual([expect.objectContaining({ ns: XSI_NS, local: "nil", value: "true" })])
    const absent = encode({} as typeof Nils.Type, NILS)
    expect(absent).toMatchObject(Either.left({ _tag: "XmlBindingError", direction: "encode" }))
    for (const value of [{ Required: 1 }, { Required: null, Both: null }, { Required: 2, Optional: 3, Both: 4 }]) {
      expect(overTheWire(Nils, value, NILS).back).toEqual(value)
    }
  })

  it("dictionaries: KeyValuePair items with Key and Value, in order, duplicates kept", () => {
    const pairs = [
      { Key: "b", Value: "2" },
      { Key: "a", Value: "" },
      { Key: "b", Value: "x & <y>" }
    ]
    const out = Either.getOrThrow(enc({ FieldProperties: pairs }, NAME))
    const dict = out.children.find((c) => c.local === "FieldProperties")!
    expect(dict.children.map((c) => `{${c.ns}}${c.local}`)).toEqual(
      pairs.map(() => `{${TNS}}FieldPropertyDictionaryItem`)
    )
    expect(dict.children[2]!.children.map((c) => [c.ns, c.local, c.text])).toEqual([
      [TNS, "Key", "b"],
      [TNS, "Value", "x & <y>"]
    ])
    expect(overTheWire(Ticket, { FieldProperties: pairs }, NAME).back).toEqual({ FieldProperties: pairs })
    expect(overTheWire(Ticket, { FieldProperties: [] }, NAME).back).toEqual({ FieldProperties: [] })
    expect(overTheWire(Ticket, { FieldProperties: null }, NAME).back).toEqual({ FieldProperties: null })
  })

  it("Serialization/Arrays: <int> and <string> items in the Arrays namespace, nil items kept", () => {
    const value: Ticket = { Ids: [3, -1, 2147483647], Tags: ["x", null, ""] }
    const { xml, back } = overTheWire(Ticket, value, NAME)
    expect(back).toEqual(value)
    const tree = parse(xml)
    const ids = tree.children.find((c) => c.local === "Ids")!
    const tags = tree.children.find((c) => c.local === "Tags")!
    expect(ids.ns).toBe(TNS)
    expect(ids.children.map((c) => [c.ns, c.local, c.text])).toEqual([
      [ARR, "int", "3"],
      [ARR, "int", "-1"],
      [ARR, "int", "2147483647"]
    ])
    expect(tags.children.map((c) => [c.ns, c.local, c.text])).toEqual([
      [ARR, "string", "x"],
      [ARR, "string", ""],
      [ARR, "string", ""]
    ])
    expect(tags.children[1]!.attributes).toEqual([expect.objectContaining({ ns: XSI_NS, local: "nil", value: "true" })])
    expect(tags.children[2]!.attributes).toEqual([])
    // An array from the doc-page style, with the Arrays namespace as a default namespace.
    const docStyle = parse(
      `<t:Ticket ${XML_ATTRS}><t:Ids xmlns="${ARR}"><int>1</int><int>2</int></t:Ids><t:Tags/></t:Ticket>`
    )
    expect(dec(docStyle)).toEqual(Either.right({ Ids: [1, 2], Tags: [] }))
    expect(overTheWire(Ticket, { Ids: [], Tags: null }, NAME).back).toEqual({ Ids: [], Tags: null })
  })

  it("unknown enum values and unknown elements survive a round trip without loss", () => {
    const Color = Xs.Enum("Color", "Red", "Blue")
    const Paint = Xml.Struct({ Color: Xs.Enum("Color", "Red", "Blue"), Rights: Xml.Optional(ETableRight) }, { ns: TNS })
    const surprise = `<o:Surprise o:attr="v" xmlns:o="${OTHER}">t<o:Inner>i</o:Inner>u</o:Surprise>`
    const doc = parse(
      `<t:Paint ${XML_ATTRS}><t:Color>Ultraviolet</t:Color>${surprise}<t:Rights>Delete Teleport Select</t:Rights></t:Paint>`
    )
    const v = Either.getOrThrow(Xml.decodeElement(Paint)(doc))
    expect(v.Color).toBe("Ultraviolet")
    expect(Schema.is(Color)(v.Color)).toBe(true)
    expect(v.Rights).toEqual(["Delete", "Teleport", "Select"])
    const again = parse(
      XmlWriter.write(Either.getOrThrow(Xml.encodeElement(Paint)(v, { ns: TNS, local: "Paint" })), {
        declaration: false
      })
    )
    const byLocal = (local: string) => again.children.find((c) => c.local === local)
    expect(byLocal("Color")!.text).toBe("Ultraviolet")
    expect(byLocal("Rights")!.text).toBe("Delete Teleport Select")
    // The unknown element comes back whole: namespace, attribute, mixed text and children.
    const { prefix: _p1, ...original } = doc.children[1]!
    const { prefix: _p2, ...kept } = byLocal("Surprise")!
    expect(stripPrefixes(kept)).toEqual(stripPrefixes(original))
  })
})

/** Element trees compared up to the prefixes the writer chose. */
const stripPrefixes = (el: Omit<XmlElement, "prefix">): unknown => ({
  ns: el.ns,
  local: el.local,
  text: el.text,
  attributes: el.attributes.map((a) => ({ ns: a.ns, local: a.local, value: a.value })),
  children: el.children.map(stripPrefixes)
})
