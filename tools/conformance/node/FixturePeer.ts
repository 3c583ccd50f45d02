/**
 * The fixture peer: a loopback server for the replies no well-behaved simulator gives —
 * a 10 MB array, a DOCTYPE entity bomb, a depth bomb, pages and Faults that echo the
 * caller's credentials — and requests that hang, stall after the headers or trickle at a
 * byte a second, recording whether the client aborted.
 * Node only; the scenarios reach it over HTTP.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http"
import type { AddressInfo, Socket } from "node:net"
import { Operation } from "@sessionwire/protocol"
import { Generated } from "@sessionwire/superoffice"
import { WebExOperation } from "@sessionwire/webex"
import { Either } from "effect"
import * as Fixtures from "../src/Fixtures.ts"

export interface RunningPeer {
  readonly url: string
  readonly stop: () => Promise<void>
}

const SOAP = "http://schemas.xmlsoap.org/soap/envelope/"
const NS88 = "http://www.superoffice.net/ws/crm/NetServer/Services88"

let bigReply: Buffer | undefined
let hugeFault: Buffer | undefined
/** Built once, on first use, from the generated operation: a reply a real client must decode. */
const big = (): Buffer => {
  if (bigReply === undefined) {
    const op = Generated.Services88.CustomerService.operations.FindTicketsByTitleOrId
    const items = Array.from({ length: Fixtures.bigArray.items }, (_, i) => ({
      TicketId: i + 1,
      Title: Fixtures.bigTitle(i),
      OwnerName: "Conformance Owner",
      CategoryName: "Support",
      PriorityName: "High",
      TicketUrl: `https://tenant.example.com/ticket/${i + 1}`,
      PersonName: "Pat Person",
      ContactName: "Example Company Ltd"
    }))
    const xml = Either.getOrThrow(Operation.encodeResponse(op, { Response: items }, { Succeeded: true }))
    bigReply = Buffer.from(xml, "utf8")
    if (bigReply.length < Fixtures.bigArray.minBytes) {
      throw new Error(`the big reply is only ${bigReply.length} bytes; raise Fixtures.bigArray`)
    }
  }
  return bigReply
}

let valid: Buffer | undefined
/** A SessionIsValid reply saying `true`, from the generated operation. */
const validReply = (): Buffer => {
  valid ??= Buffer.from(
    Either.getOrThrow(
      Operation.encodeResponse(
        Generated.Services88.CustomerService.operations.SessionIsValid,
        { Response: true },
        { Succeeded: true }
      )
    ),
    "utf8"
  )
  return valid
}

const doctype = `<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE lolz [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<s:Envelope xmlns:s="${SOAP}"><s:Body><SessionIsValidResponse xmlns="${NS88}"><Response>&lol9;</Response></SessionIsValidResponse></s:Body></s:Envelope>`

const nested = (depth: number): string => `${"<d>".repeat(depth)}${"</d>".repeat(depth)}`

const depthSoap = `<?xml version="1.0" encoding="utf-8"?><s:Envelope xmlns:s="${SOAP}"><s:Body><SessionIsValidResponse xmlns="${NS88}">${nested(Fixtures.depthBomb)}</SessionIsValidResponse></s:Body></s:Envelope>`

const depthWebEx = `<?xml version="1.0" encoding="UTF-8"?><serv:message xmlns:serv="http://www.webex.com/schemas/2002/06/service"><serv:header><serv:response><serv:result>SUCCESS</serv:result><serv:gsbStatus>PRIMARY</serv:gsbStatus></serv:response></serv:header><serv:body><serv:bodyContent>${nested(Fixtures.depthBomb)}</serv:bodyContent></serv:body></serv:message>`

const between = (xml: string, local: string): string => {
  const m = new RegExp(`<(?:[\\w-]+:)?${local}\\b[^>]*>([^<]*)<`).exec(xml)
  return m?.[1] ?? ""
}

const escapeXml = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")

const unescapeXml = (s: string): string =>
  s
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&amp;/g, "&")

const readBody = (req: IncomingMessage): Promise<string> =>
  new Promise((resolve, reject) => {
    const chunks: Array<Buffer> = []
    req.on("data", (c: Buffer) => chunks.push(c))
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")))
    req.on("error", reject)
  })

const send = (res: ServerResponse, status: number, contentType: string, body: string | Buffer) => {
  const bytes = typeof body === "string" ? Buffer.from(body, "utf8") : body
  res.writeHead(status, { "content-type": contentType, "content-length": String(bytes.length) })
  res.end(bytes)
}

/** Starts the peer on loopback. */
export const startFixturePeer = async (): Promise<RunningPeer> => {
  const hanging = new Map<string, { received: boolean; aborted: boolean }>()
  const sockets = new Set<Socket>()

  const serve = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = (req.url ?? "/").split("?")[0]!
    const record = new RegExp(`^${Fixtures.peer.requests}/([\\w-]+)$`).exec(path)
    if (record !== null && req.method === "GET") {
      return send(
        res,
        200,
        "application/json",
        JSON.stringify(hanging.get(record[1]!) ?? { received: false, aborted: false })
      )
    }
    const hang = new RegExp(`^${Fixtures.peer.hang}/([\\w-]+)/`).exec(path)
    if (hang !== null) {
      const id = hang[1]!
      const entry = { received: false, aborted: false }
      hanging.set(id, entry)
      // The abort shows as the connection closing before any reply was written.
      res.on("close", () => {
        if (!res.writableEnded) entry.aborted = true
      })
      await readBody(req)
      entry.received = true
      return
    }
    const dribble = new RegExp(`^(${Fixtures.peer.stall}|${Fixtures.peer.slow})/([\\w-]+)/`).exec(path)
    if (dribble !== null) {
      const id = dribble[2]!
      const entry = { received: false, aborted: false }
      hanging.set(id, entry)
      res.on("close", () => {
        if (!res.writableEnded) entry.aborted = true
      })
      await readBody(req)
      entry.received = true
      const reply = validReply()
      res.writeHead(200, { "content-type": "text/xml; charset=utf-8", "content-length": String(reply.length) })
      res.flushHeaders()
      if (dribble[1] === Fixtures.peer.stall) return
      // One byte a second until the client gives up (or, far later, the reply ends).
      let at = 0
      const timer = setInterval(() => {
        if (res.destroyed || at >= reply.length) {
          clearInterval(timer)
          if (!res.destroyed) res.end()
          return
        }
        res.write(reply.subarray(at, at + 1))
        at++
      }, 1000)
      res.on("close", () => clearInterval(timer))
      return
    }
    const body = await readBody(req)
    if (path.startsWith(`${Fixtures.peer.valid}/`)) return send(res, 200, "text/xml; charset=utf-8", validReply())
    if (path.startsWith(`${Fixtures.peer.big}/`)) return send(res, 200, "text/xml; charset=utf-8", big())
    if (path.startsWith(`${Fixtures.peer.doctype}/`)) return send(res, 200, "text/xml; charset=utf-8", doctype)
    if (path === Fixtures.peer.depthWebEx) return send(res, 200, "text/xml; charset=UTF-8", depthWebEx)
    if (path.startsWith(`${Fixtures.peer.depth}/`)) return send(res, 200, "text/xml; charset=utf-8", depthSoap)
    if (path.startsWith(`${Fixtures.peer.echoHtml}/`)) {
      const ticket = between(body, "Ticket")
      const token = between(body, "ApplicationToken")
      return send(
        res,
        500,
        "text/html; charset=utf-8",
        `<html><head><title>Rejected ticket ${escapeXml(ticket)}</title></head><body><h1>Ticket ${escapeXml(ticket)} with application token ${escapeXml(token)} was rejected</h1><pre>${escapeXml(body)}</pre></body></html>`
      )
    }
    if (path.startsWith(`${Fixtures.peer.echoFault}/`)) {
      const ticket = escapeXml(between(body, "Ticket"))
      const token = escapeXml(between(body, "ApplicationToken"))
      return send(
        res,
        500,
        "text/xml; charset=utf-8",
        `<?xml version="1.0" encoding="utf-8"?><s:Envelope xmlns:s="${SOAP}"><s:Body><s:Fault><faultcode>s:Client</faultcode><faultstring>The ticket ${ticket} is not valid for application token ${token}</faultstring><detail><SoSecurityException xmlns="${NS88}"><Ticket>${ticket}</Ticket><Message>Invalid ticket ${ticket}</Message></SoSecurityException></detail></s:Fault></s:Body></s:Envelope>`
      )
    }
    if (path.startsWith(`${Fixtures.peer.echoKeyFault}/`)) {
      const key = unescapeXml(between(body, "CsSessionKey"))
      const numeric = [...key].map((c) => `&#${c.codePointAt(0)};`).join("")
      return send(
        res,
        500,
        "text/xml; charset=utf-8",
        `<?xml version="1.0" encoding="utf-8"?><s:Envelope xmlns:s="${SOAP}"><s:Body><s:Fault><faultcode>s:Client</faultcode><faultstring>No CS session ${escapeXml(key)} (also known as ${escapeXml(numeric)})</faultstring><detail><SessionFault xmlns="${NS88}"><CsSessionKey>${escapeXml(key)}</CsSessionKey><Message>Session ${escapeXml(key)} not found</Message></SessionFault></detail></s:Fault></s:Body></s:Envelope>`
      )
    }
    const passwordPage = new RegExp(`^${Fixtures.peer.echoPassword}/([\\w-]+)/`).exec(path)
    if (passwordPage !== null) {
      const form = passwordPage[1] as Fixtures.PasswordForm
      const password = unescapeXml(between(body, "Password"))
      const shown = Fixtures.passwordForms.includes(form) ? Fixtures.encodePassword(password, form) : "?"
      return send(
        res,
        500,
        "text/html; charset=utf-8",
        `<html><head><title>Login failed</title></head><body><p>Password ${shown} rejected</p><pre>${shown}</pre></body></html>`
      )
    }
    if (path.startsWith(`${Fixtures.peer.straddle}/`)) {
      const ticket = unescapeXml(between(body, "Ticket"))
      const head = "<html><head><style>"
      const tail = "</style></head><body><p>"
      const pad = "/* padding */".repeat(400).slice(0, Fixtures.straddleAt - head.length - tail.length)
      return send(res, 500, "text/html; charset=utf-8", `${head}${pad}${tail}${ticket} was rejected</p></body></html>`)
    }
    if (path.startsWith(`${Fixtures.peer.hugeFault}/`)) {
      hugeFault ??= Buffer.from(
        `<?xml version="1.0" encoding="utf-8"?><s:Envelope xmlns:s="${SOAP}"><s:Body><s:Fault><faultcode>s:Server</faultcode><faultstring>${"r".repeat(Fixtures.hugeReason)}</faultstring></s:Fault></s:Body></s:Envelope>`,
        "utf8"
      )
      return send(res, 500, "text/xml; charset=utf-8", hugeFault)
    }
    if (path === Fixtures.peer.noSessionKey) {
      return send(
        res,
        200,
        "text/xml; charset=UTF-8",
        `<?xml version="1.0" encoding="UTF-8"?><serv:message xmlns:serv="http://www.webex.com/schemas/2002/06/service" xmlns:sc="http://www.webex.com/schemas/2002/06/service/supportsession"><serv:header><serv:response><serv:result>SUCCESS</serv:result><serv:gsbStatus>PRIMARY</serv:gsbStatus></serv:response></serv:header><serv:body><serv:bodyContent xsi:type="sc:createSupportSessionResponse" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"/></serv:body></serv:message>`
      )
    }
    if (path === Fixtures.peer.echoWebEx) {
      const password = between(body, "password")
      return send(
        res,
        200,
        "text/xml; charset=UTF-8",
        WebExOperation.encodeFailure({
          exceptionID: "030002",
          reason: `Incorrect user or password: ${password}`,
          value: password,
          subErrors: [{ exceptionID: "030002", reason: `password ${password} rejected`, value: password }]
        })
      )
    }
    return send(res, 404, "text/plain", "no such fixture")
  }

  const server = createServer((req, res) => {
    serve(req, res).catch(() => {
      if (!res.headersSent) send(res, 500, "text/plain", "peer error")
      else res.destroy()
    })
  })
  server.on("connection", (s) => {
    sockets.add(s)
    s.on("close", () => sockets.delete(s))
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const { port } = server.address() as AddressInfo
  let closing: Promise<void> | undefined
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () => {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve())
        for (const s of sockets) s.destroy()
      })
      return closing
    }
  }
}
