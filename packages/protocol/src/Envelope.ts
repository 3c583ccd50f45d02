/**
 * SOAP envelopes: build one for either version, and read replies leniently.
 *
 * Reading accepts any prefix, default namespaces, and header-like elements placed
 * directly under `Envelope` (the shape SuperOffice's doc pages show), because what
 * matters is getting the caller's data out of replies real servers actually send.
 *
 * @since 0.1.0
 */
import { Data } from "effect"
import type * as internal from "./internal/envelope.ts"
import type * as SoapVersion from "./SoapVersion.ts"

/**
 * @since 0.1.0
 * @category models
 */
export type Envelope = internal.Envelope

/**
 * @since 0.1.0
 * @category models
 */
export type ParsedEnvelope = internal.ParsedEnvelope

/**
 * The document is XML but not a SOAP envelope, or an envelope without a body.
 *
 * @since 0.1.0
 * @category errors
 */
export class SoapEnvelopeError extends Data.TaggedError("SoapEnvelopeError")<{
  readonly message: string
}> {}

/**
 * The reply speaks the other SOAP version, or the server answered with a
 * VersionMismatch fault: usually the wrong endpoint binding (`/soap12` vs basic).
 *
 * @since 0.1.0
 * @category errors
 */
export class SoapVersionMismatch extends Data.TaggedError("SoapVersionMismatch")<{
  readonly expected: SoapVersion.SoapVersion
  readonly received: SoapVersion.SoapVersion
}> {
  override get message(): string {
    return `Expected a SOAP ${this.expected} reply, received SOAP ${this.received}`
  }
}

/**
 * Preferred prefixes: short, conventional, and stable so captures diff cleanly.
 *
 * @since 0.1.0
 * @category constants
 */
/**
 * @since 0.1.0
 * @category constructors
 */
/**
 * The envelope as an element tree, headers inside `Header` as the WSDL binding requires.
 *
 * @since 0.1.0
 * @category codecs
 */
/**
 * Reads an envelope tree of either version; a body Fault is parsed into `fault`.
 *
 * @since 0.1.0
 * @category codecs
 */
export { defaultPrefixes, fromXml, make, toXml } from "./internal/envelope.ts"

/**
 * @since 0.1.0
 * @category models
 */
export type DecodeOptions = internal.DecodeOptions

/**
 * Every way `decode` can fail.
 *
 * @since 0.1.0
 * @category models
 */
export type DecodeError = internal.DecodeError

/**
 * Checks a parsed envelope against the version the request used.
 *
 * @since 0.1.0
 * @category codecs
 */
/**
 * Reads raw bytes or text into a parsed envelope.
 *
 * @since 0.1.0
 * @category codecs
 */
export { checkVersion, decode } from "./internal/envelope.ts"
