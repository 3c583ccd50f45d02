/**
 * Errors raised while reading XML. Every one carries the line and column where
 * reading stopped, so a bad capture can be found in an editor.
 *
 * @since 0.1.0
 */
import { Data } from "effect"

/**
 * The document is not well-formed XML (truncated, mismatched tags, bad UTF-8, two roots, ...).
 *
 * @since 0.1.0
 * @category errors
 */
export class XmlSyntaxError extends Data.TaggedError("XmlSyntaxError")<{
  readonly message: string
  readonly line: number
  readonly column: number
}> {}

/**
 * The document uses a construct the reader refuses on principle: a DOCTYPE, an
 * entity declaration or a reference to an entity that is not one of the five predefined ones.
 * Refusing these outright is what rules out XXE and entity-expansion bombs.
 *
 * @since 0.1.0
 * @category errors
 */
export class XmlForbiddenConstruct extends Data.TaggedError("XmlForbiddenConstruct")<{
  readonly construct: "DOCTYPE" | "ENTITY" | "ProcessingInstruction"
  readonly message: string
  readonly line: number
  readonly column: number
}> {}

/**
 * The name of one of the reader's limits (see `XmlReader.XmlLimits`).
 *
 * @since 0.1.0
 * @category models
 */
export type XmlLimitName = "maxBytes" | "maxDepth" | "maxAttributes" | "maxTextLength" | "maxElements"

/**
 * A configured size limit was exceeded; reading stops at once.
 *
 * @since 0.1.0
 * @category errors
 */
export class XmlLimitExceeded extends Data.TaggedError("XmlLimitExceeded")<{
  readonly limit: XmlLimitName
  readonly max: number
  readonly message: string
  readonly line: number
  readonly column: number
}> {}

/**
 * The declared or sniffed encoding is not one the reader supports, or the bytes do not decode.
 *
 * @since 0.1.0
 * @category errors
 */
export class XmlEncodingError extends Data.TaggedError("XmlEncodingError")<{
  readonly encoding: string
  readonly message: string
  readonly line: number
  readonly column: number
}> {}

/**
 * Every way reading XML can fail; each member carries `line` and `column`.
 *
 * @since 0.1.0
 * @category models
 */
export type XmlReadError = XmlSyntaxError | XmlForbiddenConstruct | XmlLimitExceeded | XmlEncodingError

/**
 * A tree cannot be written as XML 1.0: a character XML 1.0 cannot carry, a name that is
 * not an NCName, a duplicate attribute. `path` names the element (and `@attribute`) so
 * the caller can find the field; the offending value itself is never quoted, as it may be a secret.
 *
 * @since 0.1.0
 * @category errors
 */
export class XmlWriteError extends Data.TaggedError("XmlWriteError")<{
  readonly message: string
  readonly path: string
}> {}
