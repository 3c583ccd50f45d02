/**
 * XML Schema built-in types as Effect Schemas whose encoded side is always the
 * XSD lexical string. That one rule is what lets the binding walk any wire type
 * generically: structure comes from the schema, and every leaf is text.
 */
import { BigDecimal, Either, Encoding, ParseResult, Schema } from "effect"
import { INVALID, type LexicalCodec, LexicalCodecId } from "../LexicalCodec.ts"

const trim = (s: string): string => s.trim()

const lexical = <A>(
  name: string,
  pattern: RegExp,
  to: Schema.Schema<A>,
  decode: (s: string) => A,
  encode: (a: A) => string,
  /** The same checks `to` makes, as a plain predicate for the fast path. */
  is: (u: unknown) => u is A
): Schema.Schema<A, string> =>
  Schema.transformOrFail(Schema.String, Schema.typeSchema(to), {
    strict: true,
    decode: (s, _, ast) => {
      const t = trim(s)
      return pattern.test(t)
        ? ParseResult.succeed(decode(t))
        : ParseResult.fail(new ParseResult.Type(ast, s, `Expected an ${name} lexical value`))
    },
    encode: (a) => ParseResult.succeed(encode(a))
  }).annotations({
    identifier: name,
    [LexicalCodecId]: {
      decode: (s) => {
        const t = trim(s)
        if (!pattern.test(t)) return INVALID
        const v = decode(t)
        return is(v) ? v : INVALID
      },
      encode: (v) => (is(v) ? encode(v) : INVALID)
    } satisfies LexicalCodec
  })

/** A codec for schemas whose value is a string checked by `test`. */
const stringCodec = (test: (s: string) => boolean): LexicalCodec => ({
  decode: (s) => (test(s) ? s : INVALID),
  encode: (v) => (typeof v === "string" && test(v) ? v : INVALID)
})
const anyString = (): boolean => true

const integer = (name: string, min: number, max: number): Schema.Schema<number, string> =>
  lexical(
    name,
    /^[+-]?\d+$/,
    Schema.Int.pipe(Schema.between(min, max)),
    Number,
    (n) => globalThis.String(n),
    (u): u is number => typeof u === "number" && Number.isInteger(u) && u >= min && u <= max
  )

/** `xs:string`. Kept verbatim: XSD whitespace handling for strings is `preserve`. */
export const String: Schema.Schema<string, string> = Schema.String.annotations({
  [LexicalCodecId]: stringCodec(anyString)
})

export const Int = integer("xs:int", -2147483648, 2147483647)
export const Short = integer("xs:short", -32768, 32767)
export const Byte = integer("xs:byte", -128, 127)
export const UnsignedByte = integer("xs:unsignedByte", 0, 255)
export const UnsignedShort = integer("xs:unsignedShort", 0, 65535)
export const UnsignedInt = integer("xs:unsignedInt", 0, 4294967295)

const bigintRange = (name: string, min: bigint, max: bigint): Schema.Schema<bigint, string> =>
  lexical(
    name,
    /^[+-]?\d+$/,
    Schema.BigIntFromSelf.pipe(Schema.betweenBigInt(min, max)),
    (s) => BigInt(s),
    (b) => b.toString(),
    (u): u is bigint => typeof u === "bigint" && u >= min && u <= max
  )

/** `xs:long` as `bigint`: a JavaScript number would silently lose precision above 2^53. */
export const Long = bigintRange("xs:long", -(2n ** 63n), 2n ** 63n - 1n)
export const UnsignedLong = bigintRange("xs:unsignedLong", 0n, 2n ** 64n - 1n)
/** `xs:integer` is unbounded. */
export const Integer = bigintRange("xs:integer", -(2n ** 1024n), 2n ** 1024n)

/** `xs:boolean` accepts `1`/`0` on the way in, as the XSD lexical space does; it always writes `true`/`false`. */
export const Boolean: Schema.Schema<boolean, string> = lexical(
  "xs:boolean",
  /^(true|false|1|0)$/,
  Schema.Boolean,
  (s) => s === "true" || s === "1",
  (b) => (b ? "true" : "false"),
  (u): u is boolean => typeof u === "boolean"
)

const doubleDecode = (s: string): number => (s === "INF" ? Infinity : s === "-INF" ? -Infinity : Number(s))
const doubleEncode = (n: number): string =>
  n === Infinity
    ? "INF"
    : n === -Infinity
      ? "-INF"
      : Number.isNaN(n)
        ? "NaN"
        : Object.is(n, -0)
          ? "-0"
          : globalThis.String(n)

/** `xs:double` including the XSD spellings `INF`, `-INF` and `NaN`, which JSON-minded parsers reject. */
export const Double: Schema.Schema<number, string> = lexical(
  "xs:double",
  /^(NaN|[+-]?INF|[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?)$/,
  Schema.Number,
  doubleDecode,
  doubleEncode,
  (u): u is number => typeof u === "number"
)
export const Float: Schema.Schema<number, string> = Double.annotations({ identifier: "xs:float" })

/**
 * The lexical form of a decimal without an exponent: `BigDecimal.format` switches to
 * exponent notation at a scale of 16 or more either way, and `xs:decimal` has none.
 */
const plainDecimal = (d: BigDecimal.BigDecimal): string => {
  const n = BigDecimal.normalize(d)
  const negative = n.value < 0n
  const digits = (negative ? -n.value : n.value).toString()
  let out: string
  if (n.scale <= 0) out = n.value === 0n ? "0" : digits + "0".repeat(-n.scale)
  else {
    const padded = digits.padStart(n.scale + 1, "0")
    out = `${padded.slice(0, padded.length - n.scale)}.${padded.slice(padded.length - n.scale)}`
  }
  return negative ? `-${out}` : out
}

/** `xs:decimal` as a `BigDecimal`, because money must not pass through binary floating point. */
export const Decimal: Schema.Schema<BigDecimal.BigDecimal, string> = lexical(
  "xs:decimal",
  /^[+-]?(\d+(\.\d*)?|\.\d+)$/,
  Schema.BigDecimalFromSelf,
  (s) => BigDecimal.unsafeFromString(s.startsWith("+") ? s.slice(1) : s),
  (d) => plainDecimal(d),
  BigDecimal.isBigDecimal
)

/**
 * `xs:dateTime` kept as its lexical form (a branded string), so a timezone — or the
 * absence of one, which WCF sends for "unspecified" — survives a round trip exactly.
 * Use {@link dateTimeToDate} and {@link dateTimeFromDate} to convert.
 */
const DATE_TIME = /^-?\d{4,}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?$/
export const DateTime = Schema.String.pipe(
  Schema.filter((s) => DATE_TIME.test(s), { message: () => "Expected an xs:dateTime lexical value" }),
  Schema.brand("XsDateTime")
).annotations({ identifier: "xs:dateTime", [LexicalCodecId]: stringCodec((s) => DATE_TIME.test(s)) })
export type DateTime = typeof DateTime.Type

/** Reads an `xs:dateTime`; one without a timezone is taken as UTC, which is how WCF servers mean it. */
export const dateTimeToDate = (value: DateTime): Date => {
  const hasZone = /(Z|[+-]\d\d:\d\d)$/.test(value)
  return new Date(hasZone ? value : `${value}Z`)
}

/** Writes a Date as UTC (`Z`) or, given an offset in minutes, in that offset. */
export const dateTimeFromDate = (date: Date, offsetMinutes?: number): DateTime => {
  if (offsetMinutes === undefined) return date.toISOString() as DateTime
  const shifted = new Date(date.getTime() + offsetMinutes * 60_000).toISOString().slice(0, -1)
  const sign = offsetMinutes < 0 ? "-" : "+"
  const abs = Math.abs(offsetMinutes)
  const hh = `${Math.floor(abs / 60)}`.padStart(2, "0")
  const mm = `${abs % 60}`.padStart(2, "0")
  return `${shifted}${sign}${hh}:${mm}` as DateTime
}

/** `xs:base64Binary` as bytes; whitespace inside the text is allowed by XSD and ignored. */
export const Base64Binary: Schema.Schema<Uint8Array, string> = Schema.transformOrFail(
  Schema.String,
  Schema.Uint8ArrayFromSelf,
  {
    strict: true,
    decode: (s, _, ast) =>
      Either.match(Schema.decodeUnknownEither(Schema.Uint8ArrayFromBase64)(s.replace(/\s+/g, "")), {
        onLeft: () => ParseResult.fail(new ParseResult.Type(ast, s, "Expected an xs:base64Binary lexical value")),
        onRight: ParseResult.succeed
      }),
    encode: (bytes) => ParseResult.succeed(Schema.encodeSync(Schema.Uint8ArrayFromBase64)(bytes))
  }
).annotations({
  identifier: "xs:base64Binary",
  [LexicalCodecId]: {
    decode: (s) => {
      const r = Encoding.decodeBase64(s.replace(/\s+/g, ""))
      return Either.isRight(r) ? r.right : INVALID
    },
    encode: (v) => (v instanceof Uint8Array ? Encoding.encodeBase64(v) : INVALID)
  } satisfies LexicalCodec
})

/** WCF's `ser:guid`. */
const GUID = /^[\da-fA-F]{8}-[\da-fA-F]{4}-[\da-fA-F]{4}-[\da-fA-F]{4}-[\da-fA-F]{12}$/
export const Guid = Schema.String.pipe(Schema.pattern(GUID)).annotations({
  identifier: "ser:guid",
  [LexicalCodecId]: stringCodec((s) => GUID.test(s))
})

/** `xs:duration`, kept lexical. */
const DURATION = /^-?P(?!$)(\d+Y)?(\d+M)?(\d+D)?(T(?!$)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/
export const Duration = Schema.String.pipe(Schema.pattern(DURATION)).annotations({
  identifier: "xs:duration",
  [LexicalCodecId]: stringCodec((s) => DURATION.test(s))
})

/** A value outside an enumeration, kept rather than rejected so a newer server never breaks an older client. */
export const UnknownEnumValue = Schema.String.pipe(Schema.brand("UnknownEnumValue"))
export type UnknownEnumValue = typeof UnknownEnumValue.Type

/**
 * An `xs:enumeration` restriction. The type is the known literals plus a branded
 * fallback, so exhaustive matching still works and unknown values are not lost.
 */
export const Enum = <const Values extends ReadonlyArray<string>>(
  name: string,
  ...values: Values
): Schema.Schema<Values[number] | UnknownEnumValue, string> =>
  // Every string is accepted (unknown values are kept), so the fast path is the identity.
  Schema.Union(Schema.Literal(...values), UnknownEnumValue).annotations({
    identifier: name,
    [LexicalCodecId]: stringCodec(anyString)
  }) as any

/**
 * An `xs:list` of enumeration values: .NET `[Flags]` enums travel as
 * space-separated names (`Select Update Insert`).
 */
export const FlagList = <A extends string>(
  item: Schema.Schema<A, string>,
  name: string
): Schema.Schema<ReadonlyArray<A>, string> =>
  Schema.transform(Schema.String, Schema.Array(Schema.typeSchema(item)), {
    strict: false,
    decode: (s) => {
      const t = s.trim()
      return t === "" ? [] : t.split(/\s+/)
    },
    encode: (items) => items.join(" ")
  }).annotations({
    identifier: name,
    [LexicalCodecId]: {
      decode: (s) => {
        const t = s.trim()
        return t === "" ? [] : t.split(/\s+/)
      },
      encode: (v) => (Array.isArray(v) && v.every((x) => typeof x === "string") ? v.join(" ") : INVALID)
    } satisfies LexicalCodec
  }) as any
