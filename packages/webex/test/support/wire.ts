/**
 * The wire entry points the property tests drive, in one place: if the binding's
 * encode or decode entry points are renamed, only this file changes.
 */
import { type QName, XmlBinding, type XmlElement, XmlReader, XmlWriter } from "@sessionwire/protocol"
import { scatterUnknown as scatter } from "@sessionwire/testkit/WireArbitrary"
import { Either, type Schema } from "effect"
import type * as SecurityContext from "../../src/SecurityContext.ts"
import * as WebExOperation from "../../src/WebExOperation.ts"

/** Parses a document; a failure is thrown, since every input here was written by us. */
export const read = (xml: string): XmlElement => Either.getOrThrow(XmlReader.readSync(xml))

/** A whole `serv:message` request, as the client sends it. */
export const encodeRequest = <In>(
  op: WebExOperation.WebExOperation<In, any>,
  input: In,
  context: SecurityContext.SecurityContextInput
) => WebExOperation.encodeRequest(op, input, context)

/** The input and context an operation will really send, after its own checks and rewrites. */
export const prepare = <In>(
  op: WebExOperation.WebExOperation<In, any>,
  input: In,
  context: SecurityContext.SecurityContextInput
) => WebExOperation.prepare(op, input, context)

/** A whole SUCCESS reply, as WebEx sends it. */
export const encodeResponse = <Out>(op: WebExOperation.WebExOperation<any, Out>, body: Out) =>
  WebExOperation.encodeResponse(op, body)

/** Reads a request document as a server does. */
export const decodeRequest = <In>(op: WebExOperation.WebExOperation<In, any>, xml: string) =>
  WebExOperation.decodeRequest(op, read(xml))

/** Reads a reply document as the client does. */
export const decodeResponse = <Out>(op: WebExOperation.WebExOperation<any, Out>, xml: string) =>
  WebExOperation.decodeResponse(op, read(xml))

/** One value as one element: encode, write, read back, decode. */
export const elementRoundTrip = <A, I>(schema: Schema.Schema<A, I>) => {
  const encode = XmlBinding.encodeElement(schema)
  const decode = XmlBinding.decodeElement(schema)
  return (value: A, name: QName) =>
    Either.flatMap(encode(value, name), (el) => decode(read(XmlWriter.write(el, { prefixes: { [name.ns]: "t" } }))))
}

/** Moves the generated unknown elements among the known ones (see `scatterUnknown` in testkit), then writes the tree again. */
export const scatterUnknown = (xml: string, pick: (siblings: number) => number): string =>
  XmlWriter.write(scatter(read(xml), pick))
