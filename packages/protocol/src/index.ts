/**
 * @sessionwire/protocol: the transport-free core. It builds and parses XML and SOAP
 * envelopes, binds wire types described once as Effect Schemas, and invokes
 * operations over the abstract `HttpClient`. It imports no Node built-in.
 *
 * @since 0.1.0
 */

/**
 * @since 0.2.0
 * @category modules
 */
export * as Bound from "./Bound.ts"
/**
 * @since 0.2.0
 * @category modules
 */
export * as Deadline from "./Deadline.ts"
/**
 * @since 0.1.0
 * @category modules
 */
export * as Envelope from "./Envelope.ts"
/**
 * @since 0.1.0
 * @category errors
 */
export { SoapEnvelopeError, SoapVersionMismatch } from "./Envelope.ts"
/**
 * @since 0.1.0
 * @category modules
 */
export * as Excerpt from "./Excerpt.ts"
/**
 * @since 0.1.0
 * @category modules
 */
export * as Exchange from "./Exchange.ts"
/**
 * @since 0.1.0
 * @category errors
 */
export * from "./ExchangeError.ts"
/**
 * @since 0.1.0
 * @category modules
 */
export * as Fault from "./Fault.ts"
/**
 * @since 0.1.0
 * @category errors
 */
export { SoapFault } from "./Fault.ts"
/**
 * @since 0.1.0
 * @category modules
 */
export * as LexicalCodec from "./LexicalCodec.ts"
/**
 * @since 0.1.0
 * @category modules
 */
export * as Operation from "./Operation.ts"
/**
 * @since 0.1.0
 * @category errors
 */
export { MissingBodyElement } from "./Operation.ts"
/**
 * @since 0.2.0
 * @category modules
 */
export * as Pipeline from "./Pipeline.ts"
/**
 * @since 0.2.0
 * @category modules
 */
export * as Sanitize from "./Sanitize.ts"
/**
 * @since 0.2.0
 * @category modules
 */
export * as Secret from "./Secret.ts"
/**
 * @since 0.1.0
 * @category modules
 */
export * as SoapVersion from "./SoapVersion.ts"
/**
 * @since 0.1.0
 * @category modules
 */
export * as XmlBinding from "./XmlBinding.ts"
/**
 * @since 0.1.0
 * @category errors
 */
export { XmlBindingError } from "./XmlBinding.ts"
/**
 * @since 0.1.0
 * @category errors
 */
export * from "./XmlError.ts"
/**
 * @since 0.1.0
 * @category models
 */
export type { QName, XmlAttribute, XmlElement } from "./XmlNode.ts"
/**
 * @since 0.1.0
 * @category modules
 */
export * as XmlNode from "./XmlNode.ts"
/**
 * @since 0.1.0
 * @category modules
 */
export * as XmlReader from "./XmlReader.ts"
/**
 * @since 0.1.0
 * @category modules
 */
export * as XmlWriter from "./XmlWriter.ts"
/**
 * @since 0.1.0
 * @category modules
 */
export * as Xs from "./Xs.ts"
