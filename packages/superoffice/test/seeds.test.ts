/**
 * The user's seed pages (doc-page style: SOAP 1.2 namespace, headers directly
 * under Envelope, `xsi:type` on leaves) decode through the generated descriptors
 * with the lenient envelope reader: requests server-side, responses client-side.
 */

import { readdirSync } from "node:fs"
import { Envelope, Operation } from "@sessionwire/protocol"
import { readShared, sharedPath, xmlBlocks } from "@sessionwire/testkit"
import { Either } from "effect"
import { describe, expect, it } from "vitest"
import { customerServiceOperations } from "../src/generated/index.ts"

const seeds = readdirSync(sharedPath("seeds"))
  .filter((f) => /^00[0-3]_/.test(f))
  .sort()
  .map((file) => {
    const text = readShared("seeds", file)
    const uid = /uid:\s*(\S+)/i.exec(text)![1]!
    const [, version, op] = /Services(\d+)-CustomerService-(\w+)/i.exec(uid)!
    return { file, text, version: version as "86" | "87" | "88", opName: op! }
  })

const EXPECTED = {
  CreateSession: { request: { RemoteIp: "" }, response: { Response: { Key: "", LoginId: 0, UserId: 0 } } },
  RemoveSession: { request: { LoginId: 0 }, response: {} },
  ReportSessionActive: { request: { SessionKey: "" }, response: { Response: 0 } },
  SessionIsValid: { request: { CsSessionKey: "" }, response: { Response: false } }
} as const

describe("seed pages", () => {
  it("are the four session operations", () => {
    expect(seeds.map((s) => `${s.version}:${s.opName.toLowerCase()}`)).toEqual([
      "86:createsession",
      "86:removesession",
      "88:reportsessionactive",
      "87:sessionisvalid"
    ])
  })

  for (const seed of seeds) {
    it(`${seed.file}: Services${seed.version} ${seed.opName} request and response decode`, () => {
      const ops = customerServiceOperations[seed.version] as unknown as Record<string, Operation.Any>
      const name = Object.keys(ops).find((k) => k.toLowerCase() === seed.opName.toLowerCase())!
      const op = ops[name]!
      const [request, response] = xmlBlocks(seed.text)
      const req = Either.getOrThrow(Operation.decodeRequest(op, Either.getOrThrow(Envelope.decode(request!))))
      expect(req.headers).toEqual({
        ApplicationToken: "1234567-1234-9876",
        Credentials: { Ticket: "7T:1234abcxyzExample==" }
      })
      expect(req.body).toEqual(EXPECTED[name as keyof typeof EXPECTED].request)
      const res = Either.getOrThrow(Operation.decodeResponse(op, Either.getOrThrow(Envelope.decode(response!))))
      expect(res.body).toEqual(EXPECTED[name as keyof typeof EXPECTED].response)
      expect(res.headers).toEqual({})
    })
  }
})
