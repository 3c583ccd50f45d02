/**
 * SOAP envelopes: build one for either version, and read replies leniently.
 *
 * Reading accepts any prefix, default namespaces, and header-like elements placed
 * directly under `Envelope` (the shape SuperOffice's doc pages show), because what
 * matters is getting the caller's data out of replies real servers actually send.
 *
 * @since 0.1.0
 */
import * as internal from "./internal/envelope.ts"

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
export const SoapEnvelopeError: typeof internal.SoapEnvelopeError = internal.SoapEnvelopeError

/**
 * The document is XML but not a SOAP envelope, or an envelope without a body.
 *
 * @since 0.1.0
 * @category errors
 */
export type SoapEnvelopeError = internal.SoapEnvelopeError

/**
 * The reply speaks the other SOAP version, or the server answered with a
 * VersionMismatch fault: usually the wrong endpoint binding (`/soap12` vs basic).
 *
 * @since 0.1.0
 * @category errors
 */
export const SoapVersionMismatch: typeof internal.SoapVersionMismatch = internal.SoapVersionMismatch

/**
 * The reply speaks the other SOAP version, or the server answered with a
 * VersionMismatch fault: usually the wrong endpoint binding (`/soap12` vs basic).
 *
 * @since 0.1.0
 * @category errors
 */
export type SoapVersionMismatch = internal.SoapVersionMismatch

/**
 * Preferred prefixes: short, conventional, and stable so captures diff cleanly.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultPrefixes: typeof internal.defaultPrefixes = internal.defaultPrefixes

/**
 * @since 0.1.0
 * @category constructors
 */
export const make: typeof internal.make = internal.make

/**
 * The envelope as an element tree, headers inside `Header` as the WSDL binding requires.
 *
 * @since 0.1.0
 * @category codecs
 */
export const toXml: typeof internal.toXml = internal.toXml

/**
 * Reads an envelope tree of either version; a body Fault is parsed into `fault`.
 *
 * @since 0.1.0
 * @category codecs
 */
export const fromXml: typeof internal.fromXml = internal.fromXml

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
export const checkVersion: typeof internal.checkVersion = internal.checkVersion

/**
 * Reads raw bytes or text into a parsed envelope.
 *
 * @since 0.1.0
 * @category codecs
 */
export const decode: typeof internal.decode = internal.decode
