/**
 * Property tests over every generated operation of Services86/87/88 (CustomerService
 * and SoPrincipal): arbitrary request and reply values, with their header structs,
 * go through the whole document (binding, writer, bytes, reader, envelope) and come
 * back equal. Strings carry `]]>`, `&`, `<`, CR/LF and astral characters; values
 * carry `i:nil`, empty and filled arrays, nesting and recursion; a second pass adds
 * elements no schema describes, scattered among the known ones.
 */
import { addEqualityTesters, describe, expect, it } from "@effect/vitest"
import type { Operation } from "@sessionwire/protocol"
import { canonical, wireArbitrary } from "@sessionwire/testkit/WireArbitrary"
import { Either, Schema, type SchemaAST } from "effect"
import * as fc from "fast-check"
import { customerServiceOperations, soPrincipalOperations, versions } from "../src/generated/index.ts"
import * as NodeSoap from "./support/NodeSoapView.ts"
import * as Wire from "./support/Wire.ts"

addEqualityTesters()

const services = (["86", "87", "88"] as const).flatMap((version) => [
  {
    version,
    service: "CustomerService",
    ops: customerServiceOperations[version] as unknown as Record<string, Operation.Any>
  },
  { version, service: "SoPrincipal", ops: soPrincipalOperations[version] as unknown as Record<string, Operation.Any> }
])

const RUNS = 20
const UNKNOWN_RUNS = 8

const ok = <A, E>(e: Either.Either<A, E>): A => {
  if (Either.isLeft(e)) throw new Error(`expected success, got ${String(e.left)}`)
  return e.right
}

const roundTrips = (op: Operation.Any, unknownElements: boolean, runs: number) => {
  const options = { unknownElements }
  const request = fc.record({
    body: wireArbitrary(op.request.schema, options),
    headers: wireArbitrary(op.requestHeaders, options)
  })
  const response = fc.record({
    body: wireArbitrary(op.response.schema, options),
    headers: wireArbitrary(op.responseHeaders, options)
  })
  const scatter = fc.infiniteStream(fc.nat())
  const place = (xml: string, picks: fc.Stream<number>) => {
    if (!unknownElements) return xml
    const it = picks[Symbol.iterator]()
    return Wire.scatterUnknown(xml, (n) => it.next().value! % n)
  }
  it(`request: decode(encode(x)) equals x${unknownElements ? ", with unknown elements" : ""}`, () => {
    fc.assert(
      fc.property(request, scatter, ({ body, headers }, picks) => {
        const xml = place(ok(Wire.encodeRequest(op, body, headers)), picks)
        const back = ok(Wire.decodeRequest(op, xml))
        expect(canonical(back.body)).toEqual(canonical(body))
        expect(canonical(back.headers)).toEqual(canonical(headers))
      }),
      { numRuns: runs }
    )
  })
  it(`response: decode(encode(x)) equals x${unknownElements ? ", with unknown elements" : ""}`, () => {
    fc.assert(
      fc.property(response, scatter, ({ body, headers }, picks) => {
        const xml = place(ok(Wire.encodeResponse(op, body, headers)), picks)
        const back = ok(Wire.decodeResponse(op, xml))
        expect(canonical(back.body)).toEqual(canonical(body))
        expect(canonical(back.headers)).toEqual(canonical(headers))
      }),
      { numRuns: runs }
    )
  })
}

for (const { version, service, ops } of services) {
  describe(`Services${version}.${service}`, () => {
    for (const [name, op] of Object.entries(ops)) {
      describe(name, () => {
        roundTrips(op, false, RUNS)
        roundTrips(op, true, UNKNOWN_RUNS)
      })
    }
  })
}

// Every named wire type on its own, as a root element: the binding, writer and reader
// without the envelope, so a type no operation reaches today is covered too.
for (const version of ["86", "87", "88"] as const) {
  describe(`Services${version}.Types`, () => {
    const types = versions[version].Types as Record<string, unknown>
    const schemas = Object.entries(types).filter((e): e is [string, Schema.Schema.Any] => Schema.isSchema(e[1]))
    it("exports wire types to test", () => expect(schemas.length).toBeGreaterThan(20))
    for (const [name, schema] of schemas) {
      it(`${name}: decode(encode(x)) equals x`, () => {
        const roundTrip = Wire.elementRoundTrip(schema as Schema.Schema<unknown, unknown>)
        const qname = { ns: versions[version].namespace, local: name }
        fc.assert(
          fc.property(wireArbitrary(schema, { unknownElements: true }), (value) => {
            expect(canonical(ok(roundTrip(value, qname)))).toEqual(canonical(value))
          }),
          { numRuns: 10 }
        )
      })
    }
  })
}

/** The item schema of a reply whose `Response` is a wrapped array, if it is one. */
const responseItems = (op: Operation.Any): Schema.Schema.Any | undefined => {
  const ast = op.response.schema.ast
  if (ast._tag !== "TypeLiteral") return undefined
  const field = ast.propertySignatures.find((p) => p.name === "Response")
  const members: ReadonlyArray<SchemaAST.AST> = field
    ? field.type._tag === "Union"
      ? field.type.types
      : [field.type]
    : []
  const array = members.find((m): m is SchemaAST.TupleType => m._tag === "TupleType")
  const item = array?.rest[0]
  return item ? Schema.make(item.type) : undefined
}

describe("long arrays", () => {
  const withArrays = services.flatMap(({ version, service, ops }) =>
    Object.entries(ops).flatMap(([name, op]) => {
      const item = responseItems(op)
      return item ? [{ label: `Services${version}.${service}.${name}`, op, item }] : []
    })
  )
  it("some replies are arrays", () => expect(withArrays.length).toBeGreaterThan(3))
  for (const { label, op, item } of withArrays) {
    it(`${label}: a reply of 100 to 400 items round-trips`, () => {
      fc.assert(
        fc.property(fc.array(wireArbitrary(item), { minLength: 100, maxLength: 400 }), (items) => {
          const body = { Response: items }
          const back = ok(Wire.decodeResponse(op, ok(Wire.encodeResponse(op, body, {}))))
          expect(canonical(back.body)).toEqual(canonical(body))
        }),
        { numRuns: 2 }
      )
    })
  }
})

// node-soap, loaded with the real WSDL, reads the documents we write: requests as its
// server would, replies as its client would. It must find the values we encoded.
describe("node-soap reads what we write", () => {
  const sample: ReadonlyArray<readonly ["CustomerService" | "SoPrincipal", string]> = [
    ["CustomerService", "SessionIsValid"],
    ["CustomerService", "CreateSession"],
    ["CustomerService", "FindTicketsByTitleOrId"],
    ["CustomerService", "GetCustomerCenterConfig"],
    ["CustomerService", "ReportSessionActive"],
    ["SoPrincipal", "AuthenticateUsernamePassword"]
  ]
  it("notices a value node-soap reads differently", async () => {
    const wsdl = await NodeSoap.loadWsdl("88", "CustomerService")
    const op = customerServiceOperations["88"].FindTicketsByTitleOrId
    const body = { Response: [{ TicketId: 1, Title: "a" }, null, { TicketId: 2 }] }
    const xml = ok(Wire.encodeResponse(op, body, {}))
    const read = (doc: string) => NodeSoap.readEnvelope(wsdl, doc).Body.FindTicketsByTitleOrIdResponse
    expect(() => NodeSoap.agree(body, read(xml))).not.toThrow()
    expect(() => NodeSoap.agree(body, read(xml.replace(">a<", ">b<")))).toThrow(/\$\.Response\[0\]\.Title/)
    expect(() => NodeSoap.agree(body, read(xml.replace(">2<", ">3<")))).toThrow(/other number/)
    expect(() => NodeSoap.agree(body, read(xml.replace(/<tns:TicketInfo>.*?<\/tns:TicketInfo>/, "")))).toThrow(
      /expected 2 items, got 1/
    )
  })
  for (const { version, service, ops } of services) {
    for (const [s, name] of sample) {
      const op = ops[name]
      if (s !== service || op === undefined) continue
      it(`Services${version}.${service}.${name}: request and reply`, async () => {
        const wsdl = await NodeSoap.loadWsdl(version, service)
        const request = fc.record({
          body: wireArbitrary(op.request.schema),
          headers: wireArbitrary(op.requestHeaders)
        })
        const response = fc.record({
          body: wireArbitrary(op.response.schema),
          headers: wireArbitrary(op.responseHeaders)
        })
        fc.assert(
          fc.property(request, ({ body, headers }) => {
            const theirs = NodeSoap.readEnvelope(wsdl, ok(Wire.encodeRequest(op, body, headers)))
            NodeSoap.agree(body, theirs.Body[op.request.element.local] ?? {}, "Body")
            NodeSoap.agree(headers, theirs.Header ?? {}, "Header")
          }),
          { numRuns: 40 }
        )
        fc.assert(
          fc.property(response, ({ body, headers }) => {
            const theirs = NodeSoap.readEnvelope(wsdl, ok(Wire.encodeResponse(op, body, headers)))
            NodeSoap.agree(body, theirs.Body[op.response.element.local] ?? {}, "Body")
            NodeSoap.agree(headers, theirs.Header ?? {}, "Header")
          }),
          { numRuns: 40 }
        )
      })
    }
  }
})
