/**
 * xs:decimal has no exponent form: values the property tests found written as
 * `1.5e-19`, which could not be read back, and the ordinary cases beside them.
 */
import { describe, expect, it } from "@effect/vitest"
import { BigDecimal, Either } from "effect"
import { XmlBinding, XmlReader, XmlWriter, Xs } from "../src/index.ts"

const roundTrip = (value: BigDecimal.BigDecimal) => {
  const name = { ns: "urn:test", local: "Amount" }
  const encoded = Either.getOrThrow(XmlBinding.encodeElement(Xs.Decimal)(value, name))
  const xml = XmlWriter.write(encoded)
  return { xml, back: XmlBinding.decodeElement(Xs.Decimal)(Either.getOrThrow(XmlReader.readSync(xml))) }
}

describe("xs:decimal with a scale of 16 or more", () => {
  // BigDecimal.format switches to exponent notation at |scale| >= 16; xs:decimal has none.
  it("0.00000000000000000015 (BigDecimal.make(15n, 20)) is written as an xs:decimal lexical value and read back", () => {
    const { xml, back } = roundTrip(BigDecimal.make(15n, 20))
    expect(xml).toContain(">0.00000000000000000015<")
    expect(Either.isRight(back) && BigDecimal.equals(back.right, BigDecimal.make(15n, 20))).toBe(true)
  })
  it("1.5e21 (BigDecimal.make(15n, -20)) is written without an exponent and read back", () => {
    const { xml, back } = roundTrip(BigDecimal.make(15n, -20))
    expect(xml).toContain(">1500000000000000000000<")
    expect(Either.isRight(back) && BigDecimal.equals(back.right, BigDecimal.make(15n, -20))).toBe(true)
  })
})

describe("xs:decimal lexical form", () => {
  it.each([
    [BigDecimal.make(0n, 0), "0"],
    [BigDecimal.make(-125n, 2), "-1.25"],
    [BigDecimal.make(5n, 3), "0.005"],
    [BigDecimal.make(-5n, -3), "-5000"],
    [BigDecimal.make(1234500n, 4), "123.45"]
  ])("%s is written as %s and read back equal", (value, text) => {
    const { xml, back } = roundTrip(value)
    expect(xml).toContain(`>${text}<`)
    expect(Either.isRight(back) && BigDecimal.equals(back.right, value)).toBe(true)
  })
})
