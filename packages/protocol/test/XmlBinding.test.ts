import { BigDecimal, Either } from "effect"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as Xml from "../src/XmlBinding.ts"
import { type XmlElement, XSI_NS } from "../src/XmlNode.ts"
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
const encSlow = Xml.encodeElement(Ticket, { fast: false })
const decSlow = Xml.decodeElement(Ticket, { fast: false })
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

  it("takes the same decisions on the fast path as on the schema path (property)", () => {
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
        const fast = dec(t)
        const slow = decSlow(t)
        expect(Either.isRight(fast)).toBe(Either.isRight(slow))
        if (Either.isRight(fast) && Either.isRight(slow)) {
          expect(fast.right).toEqual(slow.right)
          const a = enc(fast.right, NAME)
          const b = encSlow(slow.right, NAME)
          expect(a).toEqual(b)
        } else {
          expect(fast).toEqual(slow)
        }
      }),
      { numRuns: 500 }
    )
  })
})
