/**
 * SOAP envelopes: build one for either version, and read replies leniently.
 *
 * Reading accepts any prefix, default namespaces, and header-like elements placed
 * directly under `Envelope` (the shape SuperOffice's doc pages show), because what
 * matters is getting the caller's data out of replies real servers actually send.
 */
import { Either } from "effect"
import { SoapEnvelopeError, SoapVersionMismatch } from "../Envelope.ts"
import type { SoapFault } from "../Fault.ts"
import * as SoapVersion from "../SoapVersion.ts"
import type { XmlReadError } from "../XmlError.ts"
import type { XmlElement } from "../XmlNode.ts"
import * as Fault from "./fault.ts"
import * as XmlReader from "./reader.ts"

export interface Envelope {
  readonly version: SoapVersion.SoapVersion
  readonly headers: ReadonlyArray<XmlElement>
  readonly body: ReadonlyArray<XmlElement>
}

export interface ParsedEnvelope extends Envelope {
  /** Present when the body holds a Fault. */
  readonly fault?: SoapFault | undefined
}

/** Preferred prefixes: short, conventional, and stable so captures diff cleanly. */
export const defaultPrefixes = (version: SoapVersion.SoapVersion): Record<string, string> => ({
  [SoapVersion.namespace(version)]: version === "1.1" ? "soap" : "env",
  "http://www.w3.org/2001/XMLSchema-instance": "xsi"
})

export const make = (
  version: SoapVersion.SoapVersion,
  body: ReadonlyArray<XmlElement>,
  headers: ReadonlyArray<XmlElement> = []
): Envelope => ({ version, headers, body })

/** The envelope as an element tree, headers inside `Header` as the WSDL binding requires. */
export const toXml = (envelope: Envelope): XmlElement => {
  const ns = SoapVersion.namespace(envelope.version)
  const children: Array<XmlElement> = []
  if (envelope.headers.length > 0) {
    children.push({ ns, local: "Header", attributes: [], children: envelope.headers, text: "" })
  }
  children.push({ ns, local: "Body", attributes: [], children: envelope.body, text: "" })
  return { ns, local: "Envelope", attributes: [], children, text: "" }
}

/** Reads an envelope tree of either version; a body Fault is parsed into `fault`. */
export const fromXml = (root: XmlElement): Either.Either<ParsedEnvelope, SoapEnvelopeError> => {
  const version = SoapVersion.fromNamespace(root.ns)
  if (root.local !== "Envelope" || version === undefined) {
    return Either.left(
      new SoapEnvelopeError({
        message: `Expected a SOAP Envelope, found <${root.local}>${root.ns ? ` in ${root.ns}` : ""}`
      })
    )
  }
  const headers: Array<XmlElement> = []
  let body: XmlElement | undefined
  for (const c of root.children) {
    if (c.ns === root.ns && c.local === "Body") body = c
    else if (c.ns === root.ns && c.local === "Header") headers.push(...c.children)
    // Doc-page style: header blocks written straight under Envelope.
    else headers.push(c)
  }
  if (body === undefined) return Either.left(new SoapEnvelopeError({ message: "The SOAP Envelope has no Body" }))
  const faultEl = body.children.find((c) => c.local === "Fault" && c.ns === root.ns)
  return Either.right({
    version,
    headers,
    body: body.children,
    fault: faultEl === undefined ? undefined : Fault.fromElement(version, faultEl)
  })
}

export interface DecodeOptions extends XmlReader.ReadOptions {
  /** The version the request used; a reply in the other one is a {@link SoapVersionMismatch}. */
  readonly expected?: SoapVersion.SoapVersion | undefined
}

/** Every way `decode` can fail. */
export type DecodeError = XmlReadError | SoapEnvelopeError | SoapVersionMismatch

/** Checks a parsed envelope against the version the request used. */
export const checkVersion = (
  envelope: ParsedEnvelope,
  expected: SoapVersion.SoapVersion | undefined
): Either.Either<ParsedEnvelope, SoapVersionMismatch> => {
  if (expected === undefined) return Either.right(envelope)
  if (envelope.version !== expected) {
    return Either.left(new SoapVersionMismatch({ expected, received: envelope.version }))
  }
  if (envelope.fault?.codeLocal === "VersionMismatch") {
    return Either.left(new SoapVersionMismatch({ expected, received: expected === "1.1" ? "1.2" : "1.1" }))
  }
  return Either.right(envelope)
}

/** Reads raw bytes or text into a parsed envelope. */
export const decode = (
  input: string | Uint8Array,
  options: DecodeOptions = {}
): Either.Either<ParsedEnvelope, DecodeError> =>
  Either.flatMap(XmlReader.readSync(input, options), (root) =>
    Either.flatMap(fromXml(root), (env) => checkVersion(env, options.expected))
  )
