/**
 * @sessionwire/protocol: the transport-free core. It builds and parses XML and SOAP
 * envelopes, binds wire types described once as Effect Schemas, and invokes
 * operations over the abstract `HttpClient`. It imports no Node built-in.
 *
 * @since 0.1.0
 */
export * as Bound from "./Bound.ts"
export * as Deadline from "./Deadline.ts"
export * as Envelope from "./Envelope.ts"
export { SoapEnvelopeError, SoapVersionMismatch } from "./Envelope.ts"
export * as Excerpt from "./Excerpt.ts"
export * as Exchange from "./Exchange.ts"
export * from "./ExchangeError.ts"
export * as Fault from "./Fault.ts"
export { SoapFault } from "./Fault.ts"
export * as LexicalCodec from "./LexicalCodec.ts"
export * as Operation from "./Operation.ts"
export { MissingBodyElement } from "./Operation.ts"
export * as Pipeline from "./Pipeline.ts"
export * as Sanitize from "./Sanitize.ts"
export * as Secret from "./Secret.ts"
export * as SoapVersion from "./SoapVersion.ts"
export * as XmlBinding from "./XmlBinding.ts"
export { XmlBindingError } from "./XmlBinding.ts"
export * from "./XmlError.ts"
export type { QName, XmlAttribute, XmlElement } from "./XmlNode.ts"
export * as XmlNode from "./XmlNode.ts"
export * as XmlReader from "./XmlReader.ts"
export * as XmlWriter from "./XmlWriter.ts"
export * as Xs from "./Xs.ts"
