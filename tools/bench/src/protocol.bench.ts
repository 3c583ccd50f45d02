/**
 * µs per encode and per decode of the Services88 CreateSession request and response,
 * through the full binding, beside the floors: a template-string encoder and a bare
 * saxes walk. Run with `npm run bench -w @sessionwire/bench`.
 */
import { Envelope, Operation, XmlReader, XmlWriter } from "@sessionwire/protocol"
import * as XmlBuilder2Writer from "@sessionwire/protocol/XmlBuilder2Writer"
import { Generated } from "@sessionwire/superoffice"
import { Either } from "effect"
import { SaxesParser } from "saxes"
import { measure, table } from "./measure.ts"

const CreateSession = Generated.Services88.CustomerService.operations.CreateSession
const input = { RemoteIp: "192.168.10.24" }
const headers = {
  ApplicationToken: "1234567-1234-9876",
  Credentials: { Ticket: "7T:1234abcxyzExample==" },
  TimeZone: { SoTimeZoneId: 145, SoTimeZoneLocationCode: "NO" }
}

const TNS = "http://www.superoffice.net/ws/crm/NetServer/Services88"
const esc = (s: string) => s.replace(/[&<>]/g, (c) => (c === "&" ? "&amp;" : c === "<" ? "&lt;" : "&gt;"))
// The floor for building: what a hand-written client would do, with escaping but no schema.
const template = (ip: string, app: string, ticket: string) =>
  `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:tns="${TNS}"><soap:Header><tns:ApplicationToken>${esc(app)}</tns:ApplicationToken><tns:Credentials><tns:Ticket>${esc(ticket)}</tns:Ticket></tns:Credentials><tns:TimeZone><tns:SoTimeZoneId>145</tns:SoTimeZoneId><tns:SoTimeZoneLocationCode>NO</tns:SoTimeZoneLocationCode></tns:TimeZone></soap:Header><soap:Body><tns:CreateSession><tns:RemoteIp>${esc(ip)}</tns:RemoteIp></tns:CreateSession></soap:Body></soap:Envelope>`

const responseXml = Either.getOrThrow(
  Operation.encodeResponse(
    CreateSession,
    { Response: { Key: "a3f9c2d1-5b6e-4f7a-8c9d-0e1f2a3b4c5d", LoginId: 4711, UserId: 17 } },
    { Succeeded: true, TimeZone: { SoTimeZoneId: 145, SoTimeZoneLocationCode: "NO" } }
  )
)
const responseBytes = new TextEncoder().encode(responseXml)
const requestXml = Either.getOrThrow(Operation.encodeRequest(CreateSession, input, headers)).body
const requestTree = Either.getOrThrow(XmlReader.readSync(requestXml))

// The floor for reading: saxes alone, namespace-aware, doing nothing with the events.
const bareSaxes = (xml: string) => {
  const p = new SaxesParser({ xmlns: true })
  let n = 0
  p.on("opentag", () => n++)
  p.on("text", () => n++)
  p.write(xml).close()
  return n
}

const interpretCreate = Operation.interpreter(CreateSession)
const readReply = (bytes: Uint8Array) =>
  interpretCreate({ status: 200, headers: {}, bytes, charset: "utf-8" }, XmlReader.defaultLimits)
const decodeResponse = (bytes: Uint8Array) =>
  Either.flatMap(Envelope.decode(bytes, { expected: "1.1" }), (env) => Operation.decodeResponse(CreateSession, env))

Either.getOrThrow(decodeResponse(responseBytes))

console.log(
  `CreateSession request ${requestXml.length} B, response ${responseBytes.length} B (Node ${process.version})\n`
)
console.log("encode (request)")
console.log(
  table([
    measure("template string (floor)", () =>
      template(input.RemoteIp, headers.ApplicationToken, headers.Credentials.Ticket)
    ),
    measure("XmlWriter.write (tree only)", () => XmlWriter.write(requestTree)),
    measure("XmlBuilder2Writer.write (tree only)", () => XmlBuilder2Writer.write(requestTree)),
    measure("Operation.encodeRequest (binding + writer)", () => Operation.encodeRequest(CreateSession, input, headers))
  ])
)
console.log("\ndecode (response)")
console.log(
  table([
    measure("bare saxes walk (floor)", () => bareSaxes(responseXml)),
    measure("XmlReader.readSync (tree)", () => XmlReader.readSync(responseBytes)),
    measure("Envelope.decode + decodeResponse (tree)", () => decodeResponse(responseBytes)),
    measure("Operation.interpreter (streamed, as a call reads it)", () => readReply(responseBytes))
  ])
)
const codec = measure("encode + decode, as a call runs them", () => {
  Operation.encodeRequest(CreateSession, input, headers)
  return readReply(responseBytes)
})
console.log(
  `\nCreateSession encode + decode: ${codec.microsPerOp.toFixed(2)} µs (target ≤ 15 µs: ${codec.microsPerOp <= 15 ? "met" : "NOT met"})`
)

// A large array reply: FindTicketsByTitleOrId with 10,000 TicketInfo items (~1 MB),
// to show how the per-item cost of reading and binding scales.
const FindTickets = Generated.Services88.CustomerService.operations.FindTicketsByTitleOrId
const item = (i: number) =>
  `<TicketInfo><TicketId>${i}</TicketId><Title>Ticket ${i} &amp; more</Title><OwnerName i:nil="true"/><CategoryName>Support</CategoryName></TicketInfo>`
const bigXml = `<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><FindTicketsByTitleOrIdResponse xmlns="${TNS}"><Response xmlns:i="http://www.w3.org/2001/XMLSchema-instance">${Array.from({ length: 10_000 }, (_, i) => item(i)).join("")}</Response></FindTicketsByTitleOrIdResponse></s:Body></s:Envelope>`
const bigBytes = new TextEncoder().encode(bigXml)
const bigEnv = Either.getOrThrow(Envelope.decode(bigBytes))
const interpretBig = Operation.interpreter(FindTickets)
const readBig = (bytes: Uint8Array) =>
  interpretBig({ status: 200, headers: {}, bytes, charset: "utf-8" }, XmlReader.defaultLimits)
console.log(`\ndecode (10,000-item array reply, ${(bigBytes.length / 1024).toFixed(0)} KiB)`)
console.log(
  table([
    measure("bare saxes walk (floor)", () => bareSaxes(bigXml), 3000),
    measure("XmlReader.readSync (tree)", () => XmlReader.readSync(bigBytes), 3000),
    measure("decodeResponse (binding, tree given)", () => Operation.decodeResponse(FindTickets, bigEnv), 3000),
    measure("Operation.interpreter (bytes to values, streamed)", () => readBig(bigBytes), 3000)
  ])
)
