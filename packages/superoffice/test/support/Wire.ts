/**
 * The wire entry points the property tests drive, in one place: if the binding's
 * encode or decode entry points are renamed, only this file changes.
 */
import {
  Envelope,
  Operation,
  type QName,
  XmlBinding,
  type XmlElement,
  XmlReader,
  XmlWriter
} from "@sessionwire/protocol"
import { scatterUnknown as scatter } from "@sessionwire/testkit/WireArbitrary"
import { Either, type Schema } from "effect"

/** Parses a document; a failure is thrown, since every input here was written by us. */
export const read = (xml: string): XmlElement => Either.getOrThrow(XmlReader.readSync(xml))

/** A whole request document, as the client sends it. */
export const encodeRequest = <In, HIn>(op: Operation.Operation<In, any, HIn, any>, body: In, headers: HIn) =>
  Either.map(Operation.encodeRequest(op, body, headers), (r) => r.body)

/** A whole reply document, as a server sends it. */
export const encodeResponse = <Out, HOut>(op: Operation.Operation<any, Out, any, HOut>, body: Out, headers: HOut) =>
  Operation.encodeResponse(op, body, headers)

/** Reads a request document as a server does. */
export const decodeRequest = <In, HIn>(op: Operation.Operation<In, any, HIn, any>, xml: string) =>
  Either.flatMap(Envelope.fromXml(read(xml)), (env) => Operation.decodeRequest(op, env))

/** Reads a reply document as the client does. */
export const decodeResponse = <Out, HOut>(op: Operation.Operation<any, Out, any, HOut>, xml: string) =>
  Either.flatMap(Envelope.fromXml(read(xml)), (env) => Operation.decodeResponse(op, env))

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
