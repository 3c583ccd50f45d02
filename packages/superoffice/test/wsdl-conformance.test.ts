/**
 * Every operation of every version, checked against the WSDL by an independent
 * schema walk (test/support/MiniXsd.ts): the request we encode, with every field
 * filled in, has the element names, namespaces and order the XSD prescribes, the
 * headers the binding lists, and the binding's SOAPAction. Responses are checked
 * the same way through the server-side encoder.
 */
import { Operation } from "@sessionwire/protocol"
import { readShared } from "@sessionwire/testkit"
import { Either, Schema } from "effect"
import { describe, expect, it } from "vitest"
import { customerServiceOperations, soPrincipalOperations, versions } from "../src/generated/index.ts"
import * as X from "./support/MiniXsd.ts"

const services = [
  { name: "CustomerService", ops: customerServiceOperations },
  { name: "SoPrincipal", ops: soPrincipalOperations }
] as const

const headersFor = (service: string) =>
  service === "CustomerService"
    ? {
        ApplicationToken: "app",
        Credentials: { Ticket: "7T:t" },
        TimeZone: { SoTimeZoneId: 1, SoTimeZoneLocationCode: "UTC" }
      }
    : { ApplicationToken: "app" }

for (const version of Object.keys(versions) as Array<keyof typeof versions>) {
  for (const service of services) {
    describe(`Services${version} ${service.name}`, () => {
      const schema = X.readWsdl(readShared(`wsdl/superoffice/Services${version}-${service.name}.wsdl`))
      const ops = service.ops[version] as unknown as Record<string, Operation.Any>

      it("has exactly the WSDL's operations, with the binding's SOAPActions", () => {
        expect(Object.keys(ops)).toEqual(schema.operations.map((o) => o.name))
        for (const o of schema.operations) expect(ops[o.name]!.action, o.name).toBe(o.action)
      })

      for (const o of schema.operations) {
        it(`${o.name}: a full request follows the XSD`, () => {
          const op = ops[o.name]!
          const { type, tns, qualified } = X.typeOfElement(schema, o.input.element)
          const input = Schema.decodeUnknownSync(op.request.schema)(X.sample(schema, type, tns, qualified))
          const req = Either.getOrThrow(Operation.encodeRequest(op, input, headersFor(service.name)))
          expect(req.headers).toEqual({ "content-type": "text/xml; charset=utf-8", soapaction: `"${o.action}"` })
          const env = X.parseXml(req.body)
          expect([env.uri, env.local]).toEqual([X.SOAP11, "Envelope"])
          const [header, body] = env.children
          expect([header!.local, body!.local]).toEqual(["Header", "Body"])
          expect(X.names(header!)).toEqual(o.input.headers)
          for (const h of header!.children) {
            const ht = X.typeOfElement(schema, `{${h.uri}}${h.local}`)
            expect(X.validate(schema, h, ht.type, ht.tns, ht.qualified, h.local)).toEqual([])
          }
          expect(X.names(body!)).toEqual([o.input.element])
          expect(X.validate(schema, body!.children[0]!, type, tns, qualified, o.name)).toEqual([])
          // Every particle of the wrapper is present: nothing was silently dropped.
          const particles = typeof type === "string" ? [] : X.particlesOf(schema, type, tns, qualified)
          expect(X.names(body!.children[0]!)).toEqual(
            particles.flatMap((p) =>
              p.max > 1 ? [`{${p.ns}}${p.name}`, `{${p.ns}}${p.name}`] : [`{${p.ns}}${p.name}`]
            )
          )
        })

        it(`${o.name}: a full response follows the XSD`, () => {
          const op = ops[o.name]!
          const { type, tns, qualified } = X.typeOfElement(schema, o.output.element)
          const body = Schema.decodeUnknownSync(op.response.schema)(X.sample(schema, type, tns, qualified))
          const rh = X.typeOfElement(schema, o.output.headers[0]!)
          const exceptionInfo = X.sample(schema, rh.type, rh.tns, rh.qualified)
          const headers = Schema.decodeUnknownSync(op.responseHeaders)({
            ExceptionInfo: exceptionInfo,
            Succeeded: "true"
          })
          const xml = Either.getOrThrow(Operation.encodeResponse(op, body, headers))
          const env = X.parseXml(xml)
          const [header, b] = env.children
          expect(X.names(header!)).toEqual(o.output.headers.filter((h) => /ExceptionInfo|Succeeded/.test(h)))
          for (const h of header!.children) {
            const ht = X.typeOfElement(schema, `{${h.uri}}${h.local}`)
            expect(X.validate(schema, h, ht.type, ht.tns, ht.qualified, h.local)).toEqual([])
          }
          expect(X.validate(schema, b!.children[0]!, type, tns, qualified, `${o.name}Response`)).toEqual([])
        })
      }

      it("nillable request fields are written as xsi:nil, absent ones are left out", () => {
        for (const o of schema.operations) {
          const op = ops[o.name]!
          const { type, tns, qualified } = X.typeOfElement(schema, o.input.element)
          if (typeof type === "string") continue
          const particles = X.particlesOf(schema, type, tns, qualified)
          const nils = Object.fromEntries(particles.filter((p) => p.nillable && p.max === 1).map((p) => [p.name, null]))
          const req = Either.getOrThrow(
            Operation.encodeRequest(op, Schema.decodeUnknownSync(op.request.schema)(nils), {})
          )
          const el = X.parseXml(req.body).children[0]!.children[0]!
          expect(el.children.map((c) => c.local)).toEqual(Object.keys(nils))
          for (const c of el.children) expect(c.attrs[`{${X.XSI}}nil`]).toBe("true")
          expect(X.validate(schema, el, type, tns, qualified, o.name)).toEqual([])
        }
      })
    })
  }
}

describe("the independent checker", () => {
  const schema = X.readWsdl(readShared("wsdl/superoffice/Services88-CustomerService.wsdl"))
  const NS = "http://www.superoffice.net/ws/crm/NetServer/Services88"
  const check = (xml: string) => {
    const { type, tns, qualified } = X.typeOfElement(schema, `{${NS}}CreateSessionResponse`)
    return X.validate(schema, X.parseXml(xml), type, tns, qualified, "CreateSessionResponse")
  }
  const wrap = (inner: string) =>
    `<CreateSessionResponse xmlns="${NS}"><Response>${inner}</Response></CreateSessionResponse>`

  it("accepts base members first, then the derived ones", () => {
    expect(check(wrap("<TableRight><Mask>Select Update</Mask></TableRight><Key>k</Key><LoginId>1</LoginId>"))).toEqual(
      []
    )
  })

  it("rejects a wrong order, a wrong namespace, an unknown flag and nil where not nillable", () => {
    expect(check(wrap("<LoginId>1</LoginId><Key>k</Key>"))).not.toEqual([])
    expect(check(wrap(`<Key xmlns="urn:other">k</Key>`))).not.toEqual([])
    expect(check(wrap("<TableRight><Mask>Select Fly</Mask></TableRight>"))).not.toEqual([])
    expect(check(wrap(`<LoginId xmlns:i="http://www.w3.org/2001/XMLSchema-instance" i:nil="true"/>`))).toEqual([
      "CreateSessionResponse.Response.LoginId: nil but not nillable"
    ])
  })
})
