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
import { UNKNOWN_NS } from "@sessionwire/testkit/WireArbitrary"
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

/**
 * Moves every unknown element (as generated, appended after the known ones) to a
 * position among its siblings chosen by `pick`, keeping the unknown ones in order;
 * then writes the tree again. Shows unknown elements are tolerated anywhere in a sequence.
 */
export const scatterUnknown = (xml: string, pick: (siblings: number) => number): string => {
  const go = (el: XmlElement): XmlElement => {
    const children = el.children.map(go)
    const unknown = children.filter((c) => c.ns === UNKNOWN_NS)
    if (unknown.length === 0 || unknown.length === children.length) return { ...el, children }
    const known = children.filter((c) => c.ns !== UNKNOWN_NS)
    const slots = unknown.map(() => pick(known.length + 1)).sort((a, b) => a - b)
    const out: Array<XmlElement> = []
    let u = 0
    for (let i = 0; i <= known.length; i++) {
      while (u < unknown.length && slots[u] === i) out.push(unknown[u++]!)
      if (i < known.length) out.push(known[i]!)
    }
    return { ...el, children: out }
  }
  return XmlWriter.write(go(read(xml)))
}
