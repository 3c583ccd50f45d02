/**
 * Property tests over every WebEx operation and every exported wire type: arbitrary
 * values derived from the Schemas (not written by hand, unlike RoundTrip.test.ts) go
 * through the whole `serv:message` (binding, writer, bytes, reader) and come back
 * equal. Strings carry `]]>`, `&`, `<`, CR/LF and astral characters; values carry
 * absent and repeated elements, nesting, and elements no schema describes.
 */
import { addEqualityTesters, describe, expect, it } from "@effect/vitest"
import { canonical, wireArbitrary } from "@sessionwire/testkit/WireArbitrary"
import { Either, Redacted, Schema } from "effect"
import * as fc from "fast-check"
import * as Attendee from "../src/Attendee.ts"
import * as Common from "../src/Common.ts"
import { formatWebExTime } from "../src/Common.ts"
import * as GeneralSession from "../src/GeneralSession.ts"
import * as History from "../src/History.ts"
import * as Message from "../src/Message.ts"
import * as SecurityContext from "../src/SecurityContext.ts"
import * as SupportSession from "../src/SupportSession.ts"
import * as User from "../src/User.ts"
import type * as WebExOperation from "../src/WebExOperation.ts"
import * as Wire from "./support/wire.ts"

addEqualityTesters()

const modules = { Attendee, Common, GeneralSession, History, Message, SecurityContext, SupportSession, User }

const isOperation = (u: unknown): u is WebExOperation.Any =>
  typeof u === "object" &&
  u !== null &&
  "name" in u &&
  "request" in u &&
  "response" in u &&
  "requirement" in u &&
  Schema.isSchema((u as WebExOperation.Any).request.schema)

const operations = Object.values(modules).flatMap((m) => Object.values(m).filter(isOperation))

const ok = <A, E>(e: Either.Either<A, E>): A => {
  if (Either.isLeft(e)) throw new Error(`expected success, got ${String(e.left)}`)
  return e.right
}

/** A context that satisfies any requirement, with one credential of each kind in turn. */
const context = fc
  .record({
    siteName: fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,20}[a-z0-9]$/),
    webExID: fc.stringMatching(/^[A-Za-z0-9._@-]{1,20}$/),
    credential: fc.constantFrom("password", "sessionTicket", "webExAccessToken"),
    value: fc.stringMatching(/^[A-Za-z0-9+/=:-]{1,24}$/)
  })
  .map(({ credential, value, ...rest }) => ({ ...rest, [credential]: Redacted.make(value) }))

// What the Schemas state as filters, generated directly: WebEx times, and date scopes
// of at most 90 days running forward (the history operations refuse others).
const webExTime = fc
  .integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2100, 0, 1) })
  .map((ms) => Math.floor(ms / 1000) * 1000)
const range = fc.tuple(webExTime, fc.integer({ min: 0, max: 90 * 86_400 })).map(([s, d]) => [s, s + d * 1000] as const)
const overrides = {
  WebExTime: webExTime.map(formatWebExTime),
  StartTimeScope: range.map(([s, e]) => ({
    sessionStartTimeStart: formatWebExTime(s),
    sessionStartTimeEnd: formatWebExTime(e)
  })),
  EndTimeScope: range.map(([s, e]) => ({
    sessionEndTimeStart: formatWebExTime(s),
    sessionEndTimeEnd: formatWebExTime(e)
  }))
}

describe("every operation", () => {
  it("finds the operations", () => expect(operations.map((o) => o.name).sort()).toHaveLength(6))
  for (const op of operations) {
    describe(op.name, () => {
      it("request: decode(encode(x)) equals x, for every request its checks accept", () => {
        fc.assert(
          fc.property(wireArbitrary(op.request.schema, { unknownElements: true, overrides }), context, (input, ctx) => {
            const prepared = Wire.prepare(op, input, ctx)
            // What an operation refuses (four orderBy keys) is for its own checks, tested elsewhere.
            fc.pre(Either.isRight(prepared))
            if (Either.isLeft(prepared)) return
            const back = ok(Wire.decodeRequest(op, ok(Wire.encodeRequest(op, input, ctx))))
            expect(canonical(back.body)).toEqual(canonical(prepared.right.input))
            expect(canonical(back.securityContext)).toEqual(canonical(prepared.right.securityContext))
          }),
          { numRuns: 40 }
        )
      })
      it("response: decode(encode(x)) equals x, with unknown elements among the known ones", () => {
        fc.assert(
          fc.property(
            wireArbitrary(op.response.schema, { unknownElements: true, overrides }),
            fc.infiniteStream(fc.nat()),
            (body, picks) => {
              const it = picks[Symbol.iterator]()
              const xml = Wire.scatterUnknown(ok(Wire.encodeResponse(op, body)), (n) => it.next().value! % n)
              const back = ok(Wire.decodeResponse(op, xml))
              expect(canonical(back.body)).toEqual(canonical(body))
            }
          ),
          { numRuns: 40 }
        )
      })
    })
  }
})

describe("every exported wire type", () => {
  for (const [moduleName, m] of Object.entries(modules)) {
    for (const [name, schema] of Object.entries(m)) {
      if (!Schema.isSchema(schema)) continue
      it(`${moduleName}.${name}: decode(encode(x)) equals x`, () => {
        const roundTrip = Wire.elementRoundTrip(schema as Schema.Schema<unknown, unknown>)
        fc.assert(
          fc.property(wireArbitrary(schema, { unknownElements: true, overrides }), (value) => {
            expect(canonical(ok(roundTrip(value, { ns: "urn:test", local: name })))).toEqual(canonical(value))
          }),
          { numRuns: 30 }
        )
      })
    }
  }
})
