import { readdirSync } from "node:fs"
import { readShared, sharedPath, xmlBlocks } from "@sessionwire/testkit"
import { Either } from "effect"
import { describe, expect, it } from "vitest"
import * as Envelope from "../src/Envelope.ts"
import { MissingBodyElement } from "../src/index.ts"
import * as Operation from "../src/Operation.ts"
import { CreateSession, TNS } from "./fixtures/CreateSession.ts"

const seeds = readdirSync(sharedPath("seeds"))
  .filter((f) => f.endsWith(".txt"))
  .map((f) => ({ file: f, text: readShared("seeds", f) }))
const soapSeeds = seeds.filter((s) => s.text.includes("```xml"))

const right = <A, E>(e: Either.Either<A, E>): A => {
  if (Either.isLeft(e)) throw new Error(`Expected Right, got ${JSON.stringify(e.left)}`)
  return e.right
}

describe("Envelope", () => {
  it("finds the four SOAP seed pages", () => {
    expect(soapSeeds).toHaveLength(4)
  })

  for (const seed of soapSeeds) {
    it(`parses both envelopes of ${seed.file} and sees its header blocks`, () => {
      const [request, response] = xmlBlocks(seed.text)
      const req = right(Envelope.decode(request!))
      // Doc-page style: SOAP 1.2 namespace, ApplicationToken/Credentials straight under Envelope.
      expect(req.version).toBe("1.2")
      expect(req.headers.map((h) => h.local)).toEqual(["ApplicationToken", "Credentials"])
      expect(req.body).toHaveLength(1)
      const res = right(Envelope.decode(response!))
      expect(res.body[0]!.local).toMatch(/Response$/)
      expect(res.fault).toBeUndefined()
    })
  }

  it("decodes the CreateSession seed through an operation descriptor (request and response)", () => {
    const seed = soapSeeds.find((s) => s.text.includes("CreateSession SOAP"))!
    const [request, response] = xmlBlocks(seed.text).map((x) => x.replaceAll("Services86", "Services88"))
    const req = right(Operation.decodeRequest(CreateSession, right(Envelope.decode(request!))))
    expect(req.headers.ApplicationToken).toBe("1234567-1234-9876")
    expect(req.headers.Credentials?.Ticket).toBe("7T:1234abcxyzExample==")
    expect(req.body.RemoteIp).toBe("")
    const res = right(Operation.decodeResponse(CreateSession, right(Envelope.decode(response!))))
    expect(res.body.Response).toEqual({ Key: "", LoginId: 0, UserId: 0 })
  })

  it("writes the WSDL form: SOAP 1.1, headers inside soap:Header, quoted SOAPAction", () => {
    const { body, headers } = right(
      Operation.encodeRequest(
        CreateSession,
        { RemoteIp: "10.0.0.1" },
        { ApplicationToken: "app", Credentials: { Ticket: "7T:abc" } }
      )
    )
    expect(headers).toEqual({
      "content-type": "text/xml; charset=utf-8",
      soapaction: `"http://www.superoffice.net/ws/crm/NetServer/Services88/CustomerService/CreateSession"`
    })
    const env = right(Envelope.decode(body, { expected: "1.1" }))
    expect(env.headers.map((h) => `${h.ns}|${h.local}`)).toEqual([`${TNS}|ApplicationToken`, `${TNS}|Credentials`])
    expect(body).toContain('<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"')
    expect(body).toContain("<soap:Header><tns:ApplicationToken>app</tns:ApplicationToken>")
  })

  it("reports a reply without the expected body element as MissingBodyElement, naming elements only", () => {
    const reply = `<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><Other xmlns="${TNS}">7T:secret-ticket</Other></s:Body></s:Envelope>`
    const r = Operation.decodeResponse(CreateSession, right(Envelope.decode(reply, { expected: "1.1" })))
    if (Either.isRight(r)) throw new Error("decoded a reply without CreateSessionResponse")
    expect(r.left).toBeInstanceOf(MissingBodyElement)
    expect(r.left).toMatchObject({ _tag: "MissingBodyElement", expected: "CreateSessionResponse", found: "Other" })
    expect(r.left.message).toBe("Expected CreateSessionResponse in the SOAP Body, found Other")
    expect(JSON.stringify(r.left)).not.toContain("secret")
  })

  it("reports a SOAP 1.2 reply to a 1.1 request as a version mismatch", () => {
    const reply = `<e:Envelope xmlns:e="http://www.w3.org/2003/05/soap-envelope"><e:Body/></e:Envelope>`
    const r = Envelope.decode(reply, { expected: "1.1" })
    expect(Either.isLeft(r) && r.left._tag).toBe("SoapVersionMismatch")
  })

  it("reports a VersionMismatch fault as a version mismatch", () => {
    const reply = `<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><s:Fault><faultcode>s:VersionMismatch</faultcode><faultstring>wrong</faultstring></s:Fault></s:Body></s:Envelope>`
    const r = Envelope.decode(reply, { expected: "1.1" })
    expect(Either.isLeft(r) && r.left._tag).toBe("SoapVersionMismatch")
  })

  it("reads a SOAP 1.1 fault with actor and detail", () => {
    const reply = `<?xml version="1.0"?><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><s:Fault><faultcode xmlns:a="urn:x">a:InternalServiceFault</faultcode><faultstring xml:lang="en">Boom</faultstring><faultactor>urn:actor</faultactor><detail><Info xmlns="urn:d">x</Info></detail></s:Fault></s:Body></s:Envelope>`
    const env = right(Envelope.decode(reply))
    expect(env.fault).toMatchObject({
      _tag: "SoapFault",
      version: "1.1",
      code: "a:InternalServiceFault",
      codeLocal: "InternalServiceFault",
      reason: "Boom",
      actor: "urn:actor"
    })
    expect(env.fault!.detail!.children[0]!.local).toBe("Info")
  })

  it("reads a SOAP 1.2 fault with subcodes, node and role", () => {
    const reply = `<env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope"><env:Body><env:Fault><env:Code><env:Value>env:Sender</env:Value><env:Subcode><env:Value>m:BadTicket</env:Value><env:Subcode><env:Value>m:Expired</env:Value></env:Subcode></env:Subcode></env:Code><env:Reason><env:Text xml:lang="en">Ticket expired</env:Text></env:Reason><env:Node>urn:n</env:Node><env:Role>urn:r</env:Role><env:Detail><x/></env:Detail></env:Fault></env:Body></env:Envelope>`
    const env = right(Envelope.decode(reply))
    expect(env.fault).toMatchObject({
      version: "1.2",
      codeLocal: "Sender",
      subcodes: ["m:BadTicket", "m:Expired"],
      reason: "Ticket expired",
      node: "urn:n",
      role: "urn:r"
    })
  })

  it("round-trips a fault document written by the server side", () => {
    for (const version of ["1.1", "1.2"] as const) {
      const env = right(
        Envelope.decode(Operation.encodeFault(version, { code: "Client", reason: "Bad <input> & more" }))
      )
      expect(env.fault?.reason).toBe("Bad <input> & more")
      expect(env.fault?.codeLocal).toBe(version === "1.1" ? "Client" : "Sender")
    }
  })

  it("accepts any prefix and default namespaces", () => {
    const reply = `<Envelope xmlns="http://schemas.xmlsoap.org/soap/envelope/"><Header><Succeeded xmlns="${TNS}">true</Succeeded></Header><Body><CreateSessionResponse xmlns="${TNS}"><Response><Key>k</Key><LoginId>5</LoginId></Response></CreateSessionResponse></Body></Envelope>`
    const res = right(Operation.decodeResponse(CreateSession, right(Envelope.decode(reply))))
    expect(res.headers.Succeeded).toBe(true)
    expect(res.body.Response).toEqual({ Key: "k", LoginId: 5 })
  })

  it("rejects a document that is not an envelope, or has no body", () => {
    expect(
      Either.getLeft(Envelope.decode("<html><body>hi</body></html>")).pipe((o) => o._tag === "Some" && o.value._tag)
    ).toBe("SoapEnvelopeError")
    const noBody = `<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Header/></s:Envelope>`
    expect(Either.isLeft(Envelope.decode(noBody))).toBe(true)
  })
})
