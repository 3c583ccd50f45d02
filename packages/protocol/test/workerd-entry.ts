/**
 * A Worker that exercises the XML reader and writer inside workerd, so the
 * "runs unchanged on Cloudflare Workers" claim is checked by the real runtime
 * rather than by Node pretending to be one.
 */
import { write as writeWithXmlBuilder2 } from "@sessionwire/protocol/XmlBuilder2Writer"
import { Either } from "effect"
import { element, type XmlElement } from "../src/XmlNode.ts"
import { readSync } from "../src/XmlReader.ts"
import { write } from "../src/XmlWriter.ts"

const SOAP_ENV = "http://schemas.xmlsoap.org/soap/envelope/"
const TNS = "http://www.superoffice.net/ws/crm/NetServer/Services88"

const envelope: XmlElement = element(SOAP_ENV, "Envelope", {
  prefix: "soap",
  children: [
    element(SOAP_ENV, "Body", {
      prefix: "soap",
      children: [
        element(TNS, "GetTicket", {
          attributes: [{ ns: "", local: "version", value: "1" }],
          children: [
            element(TNS, "TicketId", { text: "42" }),
            // Markup characters, quotes and non-ASCII are where a writer and reader most often disagree.
            element(TNS, "Title", { text: `a < b && "c" > 'd' — ✓ 中文` })
          ]
        })
      ]
    })
  ]
})

// A DOCTYPE with an internal entity: the reader must refuse it outright, never expand it.
const hostile = `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x "boom">]><r>&x;</r>`

/** Prefixes are presentation; the tree's meaning is names, attributes, text and order. */
const meaning = (el: XmlElement): unknown => ({
  name: `{${el.ns}}${el.local}`,
  attributes: el.attributes.map((a) => [`{${a.ns}}${a.local}`, a.value]),
  text: el.text,
  children: el.children.map(meaning)
})

const sameMeaning = (a: XmlElement, b: XmlElement): boolean => JSON.stringify(meaning(a)) === JSON.stringify(meaning(b))

const roundTrips = (input: string | Uint8Array): boolean =>
  Either.match(readSync(input), { onLeft: () => false, onRight: (read) => sameMeaning(envelope, read) })

export default {
  fetch(): Response {
    const xml = write(envelope)
    // Through the package's own subpath export, as a consumer's bundler would resolve it;
    // xmlbuilder2 is CommonJS and needs `events` and `url` from nodejs_compat.
    const viaXmlBuilder2 = writeWithXmlBuilder2(envelope)
    return Response.json({
      roundTrip: roundTrips(xml),
      // Bytes take the decoding path (BOM sniffing, TextDecoder) that strings skip.
      bytesRoundTrip: roundTrips(new TextEncoder().encode(xml)),
      xmlBuilder2RoundTrip: roundTrips(viaXmlBuilder2),
      writersAgree: viaXmlBuilder2 === xml,
      hostileTag: Either.match(readSync(hostile), { onLeft: (error) => error._tag, onRight: () => "accepted" }),
      runtime: navigator.userAgent
    })
  }
}
