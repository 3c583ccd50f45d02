/**
 * XML Schema built-in types as Effect Schemas whose encoded side is always the
 * XSD lexical string. That one rule is what lets the binding walk any wire type
 * generically: structure comes from the schema, and every leaf is text.
 *
 * @since 0.1.0
 */
import * as internal from "./internal/xs.ts"

/**
 * `xs:string`. Kept verbatim: XSD whitespace handling for strings is `preserve`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const String: typeof internal.String = internal.String

/**
 * @since 0.1.0
 * @category schemas
 */
export const Int: typeof internal.Int = internal.Int

/**
 * @since 0.1.0
 * @category schemas
 */
export const Short: typeof internal.Short = internal.Short

/**
 * @since 0.1.0
 * @category schemas
 */
export const Byte: typeof internal.Byte = internal.Byte

/**
 * @since 0.1.0
 * @category schemas
 */
export const UnsignedByte: typeof internal.UnsignedByte = internal.UnsignedByte

/**
 * @since 0.1.0
 * @category schemas
 */
export const UnsignedShort: typeof internal.UnsignedShort = internal.UnsignedShort

/**
 * @since 0.1.0
 * @category schemas
 */
export const UnsignedInt: typeof internal.UnsignedInt = internal.UnsignedInt

/**
 * `xs:long` as `bigint`: a JavaScript number would silently lose precision above 2^53.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Long: typeof internal.Long = internal.Long

/**
 * @since 0.1.0
 * @category schemas
 */
export const UnsignedLong: typeof internal.UnsignedLong = internal.UnsignedLong

/**
 * `xs:integer` is unbounded.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Integer: typeof internal.Integer = internal.Integer

/**
 * `xs:boolean` accepts `1`/`0` on the way in, as the XSD lexical space does; it always writes `true`/`false`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Boolean: typeof internal.Boolean = internal.Boolean

/**
 * `xs:double` including the XSD spellings `INF`, `-INF` and `NaN`, which JSON-minded parsers reject.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Double: typeof internal.Double = internal.Double

/**
 * @since 0.1.0
 * @category schemas
 */
export const Float: typeof internal.Float = internal.Float

/**
 * `xs:decimal` as a `BigDecimal`, because money must not pass through binary floating point.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Decimal: typeof internal.Decimal = internal.Decimal

/**
 * @since 0.1.0
 * @category schemas
 */
export const DateTime: typeof internal.DateTime = internal.DateTime

/**
 * @since 0.1.0
 * @category schemas
 */
export type DateTime = internal.DateTime

/**
 * Reads an `xs:dateTime`; one without a timezone is taken as UTC, which is how WCF servers mean it.
 *
 * @since 0.1.0
 * @category conversions
 */
export const dateTimeToDate: typeof internal.dateTimeToDate = internal.dateTimeToDate

/**
 * Writes a Date as UTC (`Z`) or, given an offset in minutes, in that offset.
 *
 * @since 0.1.0
 * @category conversions
 */
export const dateTimeFromDate: typeof internal.dateTimeFromDate = internal.dateTimeFromDate

/**
 * `xs:base64Binary` as bytes; whitespace inside the text is allowed by XSD and ignored.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Base64Binary: typeof internal.Base64Binary = internal.Base64Binary

/**
 * @since 0.1.0
 * @category schemas
 */
export const Guid: typeof internal.Guid = internal.Guid

/**
 * @since 0.1.0
 * @category schemas
 */
export const Duration: typeof internal.Duration = internal.Duration

/**
 * A value outside an enumeration, kept rather than rejected so a newer server never breaks an older client.
 *
 * @since 0.1.0
 * @category schemas
 */
export const UnknownEnumValue: typeof internal.UnknownEnumValue = internal.UnknownEnumValue

/**
 * @since 0.1.0
 * @category models
 */
export type UnknownEnumValue = internal.UnknownEnumValue

/**
 * An `xs:enumeration` restriction. The type is the known literals plus a branded
 * fallback, so exhaustive matching still works and unknown values are not lost.
 *
 * @since 0.1.0
 * @category constructors
 */
export const Enum: typeof internal.Enum = internal.Enum

/**
 * An `xs:list` of enumeration values: .NET `[Flags]` enums travel as
 * space-separated names (`Select Update Insert`).
 *
 * @since 0.1.0
 * @category constructors
 */
export const FlagList: typeof internal.FlagList = internal.FlagList
