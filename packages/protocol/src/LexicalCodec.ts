/**
 * A direct text ↔ value codec attached to an XSD primitive's schema. The binding
 * uses it to read and write leaves in one pass, skipping the generic Schema
 * machinery on the hot path; it must accept and produce exactly what the schema does
 * (a property test holds the two paths to that).
 *
 * @since 0.1.0
 * @category symbols
 */
export const LexicalCodecId: unique symbol = Symbol.for("@sessionwire/protocol/LexicalCodec")

/**
 * Returned instead of throwing: the caller falls back to the schema for a precise error.
 *
 * @since 0.1.0
 * @category constants
 */
export const INVALID: unique symbol = Symbol.for("@sessionwire/protocol/LexicalCodec/Invalid")
/**
 * @since 0.1.0
 * @category models
 */
export type INVALID = typeof INVALID

/**
 * @since 0.1.0
 * @category models
 */
export interface LexicalCodec {
  readonly decode: (text: string) => unknown
  readonly encode: (value: unknown) => string | INVALID
}
