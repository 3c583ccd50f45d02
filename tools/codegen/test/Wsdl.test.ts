import { readShared } from "@sessionwire/testkit"
import { describe, expect, it } from "vitest"
import * as Wsdl from "../src/Wsdl.ts"

const TNS88 = "http://www.superoffice.net/ws/crm/NetServer/Services88"
const cs88 = Wsdl.parse(
  readShared("wsdl/superoffice/Services88-CustomerService.wsdl"),
  "Services88-CustomerService.wsdl"
)
const sp88 = Wsdl.parse(readShared("wsdl/superoffice/Services88-SoPrincipal.wsdl"), "Services88-SoPrincipal.wsdl")
const type = (m: Wsdl.WsdlModel, ns: string, local: string) => m.types.get(Wsdl.key({ ns, local }))
const element = (m: Wsdl.WsdlModel, local: string) => m.elements.get(Wsdl.key({ ns: m.targetNamespace, local }))

const minimal = (types: string) => `<?xml version="1.0"?>
<wsdl:definitions targetNamespace="urn:t" xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:tns="urn:t"
  xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/">
  <wsdl:types><xs:schema elementFormDefault="qualified" targetNamespace="urn:t" xmlns:xs="http://www.w3.org/2001/XMLSchema">${types}</xs:schema></wsdl:types>
  <wsdl:portType name="P"/>
  <wsdl:binding name="B" type="tns:P"><soap:binding transport="http://schemas.xmlsoap.org/soap/http"/></wsdl:binding>
</wsdl:definitions>`

describe("Wsdl.parse", () => {
  it("reads the service, its endpoint path and every operation with its SOAPAction", () => {
    expect(cs88.service).toBe("CustomerService")
    expect(cs88.endpointPath).toBe("Remote/Services88/CustomerService.svc")
    expect(cs88.operations).toHaveLength(40)
    for (const op of cs88.operations) {
      expect(op.soapAction).toBe(`${TNS88}/CustomerService/${op.name}`)
      expect(op.input.element).toEqual({ ns: TNS88, local: op.name })
    }
  })

  it("reads per-operation headers from the binding's soap:header parts", () => {
    const create = cs88.operations.find((o) => o.name === "CreateSession")!
    expect(create.input.headers.map((h) => h.part)).toEqual(["ApplicationToken", "Credentials", "TimeZone"])
    expect(create.output.headers.map((h) => h.part)).toEqual(["ExceptionInfo", "ExtraInfo", "Succeeded", "TimeZone"])
    const login = sp88.operations.find((o) => o.name === "AuthenticateUsernamePassword")!
    expect(login.input.headers.map((h) => h.part)).toEqual(["ApplicationToken"])
    expect(login.output.message).toBe("AuthenticateResponse")
    expect(login.output.element).toEqual({ ns: TNS88, local: "AuthenticateResponse" })
  })

  it("tells nillable from minOccurs", () => {
    const valid = element(cs88, "SessionIsValidResponse")!
    const created = element(cs88, "CreateSessionResponse")!
    if (valid.type._tag !== "Anonymous" || created.type._tag !== "Anonymous") throw new Error("expected wrappers")
    expect(valid.type.def.particles[0]).toMatchObject({ name: "Response", minOccurs: 0, nillable: false })
    expect(created.type.def.particles[0]).toMatchObject({ name: "Response", minOccurs: 0, nillable: true })
    expect(element(cs88, "Succeeded")).toMatchObject({ nillable: false })
  })

  it("follows complexContent extension, xs:list flags and IsDictionary", () => {
    const key = type(cs88, TNS88, "CsSessionKey")!
    expect(key._tag === "Complex" && key.def.base).toEqual({ ns: TNS88, local: "Carrier" })
    expect(type(cs88, TNS88, "ETableRight")).toMatchObject({ _tag: "Flags" })
    expect(type(cs88, TNS88, "FieldPropertyDictionary")).toMatchObject({ _tag: "Complex", def: { dictionary: true } })
    expect(type(cs88, TNS88, "TableRight")).toMatchObject({ _tag: "Complex", def: { dictionary: false } })
  })

  it("resolves WCF's inline prefixes to the Serialization/Arrays and other namespaces", () => {
    const carrier = type(sp88, TNS88, "SoPrincipalCarrier")!
    if (carrier._tag !== "Complex") throw new Error("expected a complex type")
    const field = (n: string) => carrier.def.particles.find((p) => p.name === n)!.type
    expect(field("FunctionRights")).toEqual({ _tag: "Named", name: { ns: Wsdl.ARRAYS_NS, local: "ArrayOfstring" } })
    expect(field("SecondaryGroups")).toEqual({ _tag: "Named", name: { ns: Wsdl.ARRAYS_NS, local: "ArrayOfint" } })
    expect(type(sp88, Wsdl.ARRAYS_NS, "ArrayOfint")).toMatchObject({ _tag: "Complex" })
    const signed = type(sp88, TNS88, "SignedPublicKey")!
    if (signed._tag !== "Complex") throw new Error("expected a complex type")
    expect(signed.def.particles.find((p) => p.name === "Key")!.type).toEqual({
      _tag: "Named",
      name: { ns: "http://schemas.datacontract.org/2004/07/System.Security.Cryptography", local: "DSAParameters" }
    })
  })

  it("stops on XSD it does not understand instead of guessing", () => {
    expect(() =>
      Wsdl.parse(
        minimal(
          `<xs:complexType name="C"><xs:choice><xs:element name="a" type="xs:string"/></xs:choice></xs:complexType>`
        ),
        "choice.wsdl"
      )
    ).toThrow(/unsupported content model xs:choice/)
    expect(() =>
      Wsdl.parse(
        minimal(
          `<xs:complexType name="C"><xs:sequence><xs:element name="a" type="q9:Missing" xmlns:q9="urn:none"/></xs:sequence></xs:complexType>`
        ),
        "prefix.wsdl"
      )
    ).toThrow(/cannot resolve prefix "q9"/)
    expect(() => Wsdl.parse("<notwsdl/>", "x.wsdl")).toThrow(/not wsdl:definitions/)
    expect(() => Wsdl.parse("<a>", "x.wsdl")).toThrow(/not well-formed/)
  })
})
