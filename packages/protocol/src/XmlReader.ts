/**
 * The hardened XML reader: bytes or text in, a namespace-resolved `XmlElement`
 * tree (or a stream of events) out, with every failure a typed `XmlReadError`.
 *
 * It refuses DOCTYPEs and undefined entities outright, so XXE and entity-expansion
 * bombs never get a foothold, and it enforces size limits while parsing rather than
 * after: input is fed to saxes in chunks and the parser's pending buffers are
 * checked between chunks, so a hostile document fails at the limit instead of
 * being buffered whole.
 *
 * It imports no runtime built-ins, so it runs unchanged on Node and in workerd.
 *
 * @since 0.1.0
 */
import * as internal from "./internal/reader.ts"

/**
 * Size limits, all checked while parsing.
 *
 * @since 0.1.0
 * @category limits
 */
export type XmlLimits = internal.XmlLimits

/**
 * Generous enough for a 10 MB array response of ~300k elements, tight enough that a
 * hostile document fails long before it exhausts a Worker's memory.
 *
 * @since 0.1.0
 * @category limits
 */
export const defaultLimits: typeof internal.defaultLimits = internal.defaultLimits

/**
 * @since 0.1.0
 * @category models
 */
export type ReadOptions = internal.ReadOptions

/**
 * The limits `read` applies when the call does not override them, so a Layer can
 * configure them for a whole program.
 *
 * @since 0.1.0
 * @category limits
 */
export const XmlReaderLimits: typeof internal.XmlReaderLimits = internal.XmlReaderLimits

/**
 * The limits `read` applies when the call does not override them, so a Layer can
 * configure them for a whole program.
 *
 * @since 0.1.0
 * @category limits
 */
export type XmlReaderLimits = internal.XmlReaderLimits

/**
 * What `readEvents` reports when an element opens.
 *
 * @since 0.1.0
 * @category models
 */
export type XmlOpenEvent = internal.XmlOpenEvent

/**
 * Streaming callbacks for `readEvents`. `depth` is 1 for the root element.
 *
 * @since 0.1.0
 * @category models
 */
export type XmlEventHandlers = internal.XmlEventHandlers

/**
 * Where the parsed document goes: a tree builder, the caller's event handlers, or a
 * decoder reading typed values straight off the events (positional arguments, so
 * no event object is allocated per element).
 *
 * @since 0.2.0
 * @category internals
 */
export type Sink = internal.Sink

/**
 * Reads a document into an `XmlElement` tree. Never throws.
 *
 * Strings are taken as already decoded (a leading BOM is dropped); bytes are decoded
 * from UTF-8 or ISO-8859-1 as sniffed from the BOM and the XML declaration.
 *
 * @since 0.1.0
 * @category reading
 */
export const readSync: typeof internal.readSync = internal.readSync

/**
 * `readSync` as an Effect; limits not given in `options` come from `XmlReaderLimits`.
 *
 * @since 0.1.0
 * @category reading
 */
export const read: typeof internal.read = internal.read

/**
 * Reads a document as a stream of callbacks, with the same decoding, hardening and
 * limits as `readSync`, without building a tree. An exception thrown by a handler
 * propagates to the caller.
 *
 * @since 0.1.0
 * @category reading
 */
export const readEvents: typeof internal.readEvents = internal.readEvents

/**
 * `readEvents` for a positional {@link Sink}: the same decoding, hardening and limits,
 * without an event object per element. An exception thrown by the sink propagates.
 *
 * @since 0.2.0
 * @category internals
 */
export const readInto: typeof internal.readInto = internal.readInto
