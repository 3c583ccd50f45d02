import { addEqualityTesters, describe, expect, it } from "@effect/vitest"
import { XmlBinding, XmlNode, XmlReader } from "@sessionwire/protocol"
import { readShared } from "@sessionwire/testkit"
import { Either, Redacted } from "effect"
import * as Attendee from "../src/Attendee.ts"
import * as Common from "../src/Common.ts"
import * as GeneralSession from "../src/GeneralSession.ts"
import * as History from "../src/History.ts"
import * as Message from "../src/Message.ts"
import * as Namespaces from "../src/Namespaces.ts"
import * as SupportSession from "../src/SupportSession.ts"
import * as User from "../src/User.ts"
import * as WebExOperation from "../src/WebExOperation.ts"
import { canonical, reveal } from "./support/xml.ts"

addEqualityTesters()

const read = (xml: string) => Either.getOrThrow(XmlReader.readSync(xml))

/** The XML blocks of a seed page: the request starts at its declaration, the response at the next. */
const seedDocuments = (): ReadonlyArray<string> => {
  const seed = readShared("seeds", "004_0efe6bb408ac3bd8.txt")
  const starts = [...seed.matchAll(/<\?xml/g)].map((m) => m.index!)
  return starts.map((start) => {
    const end = seed.indexOf("</serv:message>", start) + "</serv:message>".length
    return seed.slice(start, end)
  })
}

const seedContext = {
  webExID: "hostid",
  password: Redacted.make("hostpassword"),
  siteID: "0000",
  partnerID: Redacted.make("9999"),
  email: "johnsmith@xyz.com"
}

const seedInput: SupportSession.CreateSupportSession = {
  metaData: { sessionType: 13 },
  tracking: Object.fromEntries(
    Array.from({ length: 10 }, (_, i) => [`trackingCode${i + 1}`, `trackingCode${i + 1}`])
  ) as NonNullable<SupportSession.CreateSupportSession["tracking"]>
}

describe("the CreateSupportSession seed", () => {
  it("is reproduced semantically: same elements, namespaces, attributes and values", () => {
    const [seedRequest] = seedDocuments()
    const ours = Either.getOrThrow(
      WebExOperation.encodeRequest(SupportSession.createSupportSession, seedInput, seedContext)
    )
    expect(canonical(read(ours))).toEqual(canonical(read(seedRequest!)))
  })

  it("matches the docs sample of the same request in examples/", () => {
    const sample = readShared("webex", "examples", "supportsession", "createSupportSession.request.xml")
    const ours = Either.getOrThrow(
      WebExOperation.encodeRequest(SupportSession.createSupportSession, seedInput, seedContext)
    )
    expect(canonical(read(ours))).toEqual(canonical(read(sample)))
  })

  it("declares xmlns:serv and xmlns:xsi on the root and writes the java: type undeclared", () => {
    const ours = Either.getOrThrow(WebExOperation.encodeRequest(SupportSession.createSupportSession, {}, seedContext))
    const rootTag = /<serv:message[^>]*>/.exec(ours)![0]
    expect(rootTag).toContain(`xmlns:serv="${Namespaces.SERV}"`)
    expect(rootTag).toContain(`xmlns:xsi="${Namespaces.XSI}"`)
    expect(ours).toContain(
      `<bodyContent xsi:type="java:com.webex.service.binding.supportsession.CreateSupportSession"/>`
    )
    expect(ours).not.toContain("xmlns:java")
  })

  it("decodes the seed response: sessionKey as a bigint", () => {
    const [, seedResponse] = seedDocuments()
    const decoded = Either.getOrThrow(
      WebExOperation.decodeResponse(SupportSession.createSupportSession, read(seedResponse!))
    )
    expect(decoded.body).toEqual({ sessionKey: 11916961n })
    expect(decoded.response).toEqual({ result: "SUCCESS", gsbStatus: "PRIMARY" })
  })

  it("decodes the reconstructed response in examples/", () => {
    const xml = readShared("webex", "examples", "supportsession", "createSupportSession.response.xml")
    const decoded = Either.getOrThrow(WebExOperation.decodeResponse(SupportSession.createSupportSession, read(xml)))
    expect(decoded.body.sessionKey).toBe(11916961n)
  })

  it("keeps a sessionKey beyond 2^53 exact", () => {
    const xml = Either.getOrThrow(
      WebExOperation.encodeResponse(SupportSession.createSupportSession, { sessionKey: 9007199254740993n })
    )
    expect(xml).toContain("<sc:sessionKey>9007199254740993</sc:sessionKey>")
    const decoded = Either.getOrThrow(WebExOperation.decodeResponse(SupportSession.createSupportSession, read(xml)))
    expect(decoded.body.sessionKey).toBe(9007199254740993n)
  })
})

describe("the other documented samples", () => {
  it("GetFeedbackInfo: the docs request is what we write, bound in the attendee package", () => {
    const sample = readShared("webex", "examples", "supportsession", "getFeedbackInfo.request.xml")
    const ours = Either.getOrThrow(
      WebExOperation.encodeRequest(Attendee.getFeedbackInfo, { confID: 62916711n }, seedContext)
    )
    const strip = (c: ReturnType<typeof canonical>) => ({ ...c, attributes: {} })
    // The sample points xsi:schemaLocation at service.xsd; everything else must match.
    expect(strip(canonical(read(ours)))).toEqual(strip(canonical(read(sample))))
    expect(read(ours).children[1]!.children[0]!.xsiType).toEqual({
      ns: XmlNode.JAVA_TYPE_NS,
      local: "com.webex.service.binding.attendee.GetFeedbackInfo"
    })
  })

  it("GetFeedbackInfo: the synthesized response decodes into sessions, attendees and both kinds of field", () => {
    const xml = readShared("webex", "examples", "supportsession", "getFeedbackInfo.response.SYNTHESIZED.xml")
    const decoded = Either.getOrThrow(WebExOperation.decodeResponse(Attendee.getFeedbackInfo, read(xml)))
    expect(decoded.body).toEqual({
      session: [
        {
          confID: 62916711n,
          attendee: [
            {
              attendeeID: 123456n,
              feedbackFields: {
                defaultFields: { setup: "Excellent", easeOfUse: "Good", performance: "Good", comment: "Thanks" },
                customFields: [{ label: "Was your issue resolved?", value: "Yes" }]
              }
            }
          ],
          matchingRecords: { total: 1, returned: 1, startFrom: 1 }
        }
      ]
    })
  })

  it("LstsupportsessionHistory: the docs request decodes server-side and re-encodes to the same body", () => {
    // The docs sample uses serv: without declaring it; declare it so it is well-formed XML.
    const sample = readShared("webex", "examples", "supportsession", "lstsupportsessionHistory.request.xml").replace(
      "<serv:message ",
      `<serv:message xmlns:serv="${Namespaces.SERV}" `
    )
    const decoded = Either.getOrThrow(WebExOperation.decodeRequest(History.lstsupportsessionHistory, read(sample)))
    expect(decoded.body).toEqual({
      startTimeScope: { sessionStartTimeStart: "03/01/2004 00:00:00", sessionStartTimeEnd: "03/31/2004 23:59:59" },
      listControl: { startFrom: 1, maximumNum: 10 }
    })
    expect(reveal(decoded.securityContext)).toEqual(reveal(seedContext))
    const ours = Either.getOrThrow(
      WebExOperation.encodeRequest(History.lstsupportsessionHistory, decoded.body, decoded.securityContext)
    )
    expect(canonical(read(ours)).children![1]).toEqual(canonical(read(sample)).children![1])
  })

  it("AuthenticateUser: an access token goes in the body, not the securityContext", () => {
    const sample = readShared("webex", "examples", "auth", "authenticateUser.request.xml").replace(
      "<serv:message ",
      `<serv:message xmlns:serv="${Namespaces.SERV}" `
    )
    const ours = Either.getOrThrow(
      WebExOperation.encodeRequest(
        User.authenticateUser,
        {},
        {
          webExID: "username",
          siteName: "webex_subdomain",
          webExAccessToken: Redacted.make("ZjJiMjZlMj...~...ae0e10f")
        }
      )
    )
    const [header, body] = canonical(read(ours)).children!
    const [sampleHeader, sampleBody] = canonical(read(sample)).children!
    expect(body).toEqual(sampleBody)
    expect(header!.children![0]!.children!.map((c) => c.name).sort()).toEqual(
      sampleHeader!.children![0]!.children!.map((c) => c.name).sort()
    )
  })

  it("GetAPIVersion: the docs response decodes, including the newer apiVer", () => {
    const xml = readShared("webex", "examples", "auth", "getAPIVersion.response.xml")
    const decoded = Either.getOrThrow(WebExOperation.decodeResponse(GeneralSession.getAPIVersion, read(xml)))
    expect(decoded.body).toEqual({ apiVersion: "WebEx XML API V11.0.0", release: "SP26", apiVer: "39.7.0" })
  })

  it("GetAPIVersion sends only the site, whatever else the context holds", () => {
    const ours = Either.getOrThrow(
      WebExOperation.encodeRequest(GeneralSession.getAPIVersion, {}, { ...seedContext, siteName: "acme" })
    )
    const ctx = read(ours).children[0]!.children[0]!
    expect(ctx.children.map((c) => [c.local, c.text])).toEqual([
      ["siteID", "0000"],
      ["siteName", "acme"]
    ])
  })
})

describe("lenient reply namespaces", () => {
  it("a reply qualifying shared parts differently still decodes every field", () => {
    const xml =
      `<serv:message xmlns:serv="${Namespaces.SERV}" xmlns:history="${Namespaces.HISTORY}" xmlns:x="urn:other">` +
      `<serv:header><serv:response><serv:result>SUCCESS</serv:result></serv:response></serv:header><serv:body>` +
      `<serv:bodyContent><history:supportSessionHistory><history:sessionKey>1</history:sessionKey>` +
      `<history:trackingCode><history:trackingCode1>T</history:trackingCode1></history:trackingCode>` +
      `<x:extra>kept</x:extra></history:supportSessionHistory>` +
      `<history:matchingRecords><history:total>1</history:total><returned>1</returned><serv:startFrom>1</serv:startFrom>` +
      `</history:matchingRecords></serv:bodyContent></serv:body></serv:message>`
    const { body } = Either.getOrThrow(WebExOperation.decodeResponse(History.lstsupportsessionHistory, read(xml)))
    expect(body.matchingRecords).toEqual({ total: 1, returned: 1, startFrom: 1 })
    const [record] = body.supportSessionHistory
    expect(record!.sessionKey).toBe(1n)
    expect(record!.trackingCode).toEqual({ trackingCode1: "T" })
    // An element of a foreign namespace is kept, namespace and all, not mistaken for a field.
    const unknown = (record as Record<symbol, ReadonlyArray<{ ns: string; local: string }>>)[XmlBinding.UnknownElements]
    expect(unknown?.map((e) => [e.ns, e.local])).toEqual([["urn:other", "extra"]])
  })
})

describe("Message.parse", () => {
  it("refuses a document that is not a serv:message", () => {
    const soap = read(`<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body/></s:Envelope>`)
    const e = Either.getLeft(Message.parse(soap))
    expect(e._tag === "Some" && e.value._tag).toBe("WebExMessageError")
  })

  it("reads a header with several responses and a body with several contents", () => {
    const xml = `<serv:message xmlns:serv="${Namespaces.SERV}"><serv:header><serv:response><serv:result>SUCCESS</serv:result></serv:response><serv:response><serv:result>FAILURE</serv:result></serv:response></serv:header><serv:body><serv:bodyContent/><serv:bodyContent/></serv:body></serv:message>`
    const parsed = Either.getOrThrow(Message.parse(read(xml)))
    expect(parsed.responses).toHaveLength(2)
    expect(parsed.bodyContents).toHaveLength(2)
  })

  it("decodes subErrors and value, keeping leading zeros", () => {
    const xml = `<serv:message xmlns:serv="${Namespaces.SERV}"><serv:header><serv:response><serv:result>FAILURE</serv:result><serv:reason>Several problems</serv:reason><serv:gsbStatus>BACKUP</serv:gsbStatus><serv:exceptionID>000000</serv:exceptionID><serv:subErrors><serv:subError><serv:exceptionID>000012</serv:exceptionID><serv:reason>first</serv:reason><serv:value>x</serv:value></serv:subError><serv:subError><serv:exceptionID>000013</serv:exceptionID><serv:reason>second</serv:reason></serv:subError></serv:subErrors><serv:value>v</serv:value></serv:response></serv:header><serv:body/></serv:message>`
    const header = Either.getOrThrow(
      Message.decodeResponseHeader(Either.getOrThrow(Message.parse(read(xml))).responses[0]!)
    )
    expect(header).toEqual({
      result: "FAILURE",
      reason: "Several problems",
      gsbStatus: "BACKUP",
      exceptionID: "000000",
      subErrors: [
        { exceptionID: "000012", reason: "first", value: "x" },
        { exceptionID: "000013", reason: "second" }
      ],
      value: "v"
    })
  })
})

describe("xs:integer fields bound as 32-bit numbers", () => {
  // sessionType, listControl and matchingRecords are xs:integer in the schema. They are
  // small codes and counts, so they are plain numbers; a value past 32 bits is refused
  // with a typed error, never rounded.
  const matching = (total: string) =>
    read(
      `<serv:matchingRecords xmlns:serv="${Namespaces.SERV}"><serv:total>${total}</serv:total><serv:returned>10</serv:returned><serv:startFrom>1</serv:startFrom></serv:matchingRecords>`
    )

  it("matchingRecords decode to numbers up to the xs:int bound", () => {
    expect(Either.getOrThrow(XmlBinding.decodeElement(Common.MatchingRecords)(matching("2147483647")))).toEqual({
      total: 2_147_483_647,
      returned: 10,
      startFrom: 1
    })
  })

  it("a matchingRecords count past 32 bits is a typed decode error", () => {
    const e = Either.getLeft(XmlBinding.decodeElement(Common.MatchingRecords)(matching("9007199254740993")))
    expect(e._tag === "Some" && e.value._tag).toBe("XmlBindingError")
  })

  it("a sessionType past 32 bits is refused before sending", () => {
    const e = Either.getLeft(
      XmlBinding.encodeElement(SupportSession.MetaData)({ sessionType: 2 ** 31 }, { ns: "", local: "metaData" })
    )
    expect(e._tag === "Some" && e.value._tag).toBe("XmlBindingError")
  })
})
