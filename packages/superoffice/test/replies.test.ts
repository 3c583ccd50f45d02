/**
 * WCF-shaped replies served by a canned node:http server: default namespaces on
 * each element, `i:nil`, the Carrier base fields, a 10k-item array, business
 * errors in headers, SOAP Faults, 421, an HTML 500 page. Plus retries and spans.
 */

import { createServer } from "node:http"
import type { HttpClient } from "@effect/platform"
import { NodeHttpClient } from "@effect/platform-node"
import { Cause, Effect, Exit, Layer, Redacted } from "effect"
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest"
import * as CustomerService from "../src/CustomerService.ts"
import type { SuperOfficeConfig } from "../src/SuperOfficeConfig.ts"
import { MisdirectedTenant, SuperOfficeError } from "../src/SuperOfficeError.ts"
import {
  type Canned,
  close,
  configLayer,
  createSessionReply,
  listen,
  ns,
  renderings,
  secretValues,
  startCanned,
  TICKET,
  valueReply,
  wcfFault,
  wcfReply
} from "./support/Servers.ts"
import { recordingTracer } from "./support/Tracing.ts"

const NS = ns("88")
const I = `xmlns:i="http://www.w3.org/2001/XMLSchema-instance"`
let server: Canned
beforeAll(async () => {
  server = await startCanned()
})
afterAll(() => server.close())
beforeEach(() => {
  server.requests.length = 0
})

const run = <A, E>(
  effect: Effect.Effect<A, E, SuperOfficeConfig | HttpClient.HttpClient>,
  layer: Layer.Layer<never> = Layer.empty
) =>
  Effect.runPromise(
    Effect.exit(effect).pipe(
      Effect.provide(
        Layer.mergeAll(
          configLayer(server.endpoint, "88", { retry: { base: "1 millis" } }),
          NodeHttpClient.layerUndici,
          layer
        )
      )
    )
  )
const cs88 = CustomerService.make("88")

const failure = <A, E>(exit: Exit.Exit<A, E>): E => {
  if (Exit.isSuccess(exit)) throw new Error("expected a failure")
  const f = Cause.failureOption(exit.cause)
  if (f._tag === "None") throw new Error(`expected a typed failure, got ${Cause.pretty(exit.cause)}`)
  return f.value
}
const noSecrets = (value: unknown) => {
  for (const r of renderings(value)) for (const s of secretValues) expect(r).not.toContain(s)
}

describe("decoding WCF replies", () => {
  it("reads default namespaces per element, i:nil, and the Carrier base fields", async () => {
    server.reply({
      body: wcfReply(
        "88",
        `<GetCustomerCenterConfigResponse xmlns="${NS}"><Response ${I}>` +
          `<TableRight><Mask>Select Update Delete</Mask><Reason i:nil="true"/></TableRight>` +
          `<FieldProperties><FieldPropertyDictionaryKeyValuePair><Key>Config</Key><Value><FieldRight><Mask>Read</Mask><Reason/></FieldRight><FieldType>System.String</FieldType><FieldLength>4000</FieldLength></Value></FieldPropertyDictionaryKeyValuePair>` +
          `<FieldPropertyDictionaryKeyValuePair><Key>Type</Key><Value i:nil="true"/></FieldPropertyDictionaryKeyValuePair></FieldProperties>` +
          `<CustConfigId>3</CustConfigId><Type>Registration</Type><Config i:nil="true"/><CustLangId>1</CustLangId>` +
          `<Registered>2024-03-01T10:00:00</Registered><RegisteredAssociateId>5</RegisteredAssociateId>` +
          `<Updated>0001-01-01T00:00:00</Updated><UpdatedAssociateId>0</UpdatedAssociateId></Response></GetCustomerCenterConfigResponse>`,
        `<ExceptionInfo ${I} i:nil="true" xmlns="${NS}"/><ExtraInfo ${I} i:nil="true" xmlns="${NS}"/><Succeeded xmlns="${NS}">true</Succeeded><TimeZone ${I} i:nil="true" xmlns="${NS}"/>`
      )
    })
    const exit = await run(Effect.flatMap(cs88, (cs) => cs.GetCustomerCenterConfig({ CustomerCenterConfigId: 3 })))
    if (Exit.isFailure(exit)) throw new Error(Cause.pretty(exit.cause))
    const { body, headers } = exit.value
    expect(headers).toEqual({ ExceptionInfo: null, ExtraInfo: null, Succeeded: true, TimeZone: null })
    expect(body.Response).toMatchObject({
      TableRight: { Mask: ["Select", "Update", "Delete"], Reason: null },
      FieldProperties: [
        {
          Key: "Config",
          Value: { FieldRight: { Mask: ["Read"], Reason: "" }, FieldType: "System.String", FieldLength: 4000 }
        },
        { Key: "Type", Value: null }
      ],
      CustConfigId: 3,
      Type: "Registration",
      Config: null,
      Registered: "2024-03-01T10:00:00"
    })
    expect(server.requests[0]!.url).toBe("/Remote/Services88/CustomerService.svc")
    expect(server.requests[0]!.body).toContain(
      `<tns:GetCustomerCenterConfig><tns:CustomerCenterConfigId>3</tns:CustomerCenterConfigId>`
    )
  })

  it("reads an array response of 10k items", async () => {
    const item = (i: number) =>
      `<TicketInfo><TicketId>${i}</TicketId><Title>Ticket ${i}</Title><OwnerName i:nil="true"/></TicketInfo>`
    server.reply({
      body: wcfReply(
        "88",
        `<FindTicketsByTitleOrIdResponse xmlns="${NS}"><Response ${I}>${Array.from({ length: 10_000 }, (_, i) => item(i)).join("")}</Response></FindTicketsByTitleOrIdResponse>`
      )
    })
    const exit = await run(Effect.flatMap(cs88, (cs) => cs.FindTicketsByTitleOrId({ TitleOrId: "x", MaxRows: 10_000 })))
    if (Exit.isFailure(exit)) throw new Error(Cause.pretty(exit.cause))
    const tickets = exit.value.body.Response!
    expect(tickets).toHaveLength(10_000)
    expect(tickets[9_999]).toEqual({ TicketId: 9_999, Title: "Ticket 9999", OwnerName: null })
  })

  it("turns ExceptionInfo with an InnerException and Succeeded=false into a SuperOfficeError", async () => {
    server.reply({
      status: 200,
      body: wcfReply(
        "88",
        `<GetMailboxesResponse xmlns="${NS}"/>`,
        `<ExceptionInfo xmlns="${NS}" ${I}><Message>Could not load mailboxes</Message><StackTrace>   at SuperOffice.CS.Mailbox.Load() in Mailbox.cs:line 42</StackTrace>` +
          `<FriendlyText>Mailboxes are unavailable</FriendlyText><ExceptionType>SuperOffice.CS.MailboxException</ExceptionType><Source>SoCS</Source>` +
          `<InnerException><Message>Timeout expired</Message><StackTrace>at Db.Open()</StackTrace><FriendlyText i:nil="true"/><ExceptionType>System.Data.SqlClient.SqlException</ExceptionType><Source>Db</Source><InnerException i:nil="true"/><Parameters i:nil="true"/></InnerException>` +
          `<Parameters><SoExceptionInfoParametersKeyValuePair><Key>MailboxId</Key><Value>9</Value></SoExceptionInfoParametersKeyValuePair></Parameters></ExceptionInfo>` +
          `<Succeeded xmlns="${NS}">false</Succeeded>`
      )
    })
    const e = failure(await run(Effect.flatMap(cs88, (cs) => cs.GetMailboxes({}))))
    expect(e).toBeInstanceOf(SuperOfficeError)
    if (!(e instanceof SuperOfficeError)) return
    expect(e).toMatchObject({
      operation: "Services88.CustomerService.GetMailboxes",
      exceptionType: "SuperOffice.CS.MailboxException",
      serverMessage: "Could not load mailboxes",
      friendlyText: "Mailboxes are unavailable",
      source: "SoCS",
      parameters: { MailboxId: "9" },
      succeeded: false,
      innerException: {
        exceptionType: "System.Data.SqlClient.SqlException",
        message: "Timeout expired",
        source: "Db",
        parameters: {}
      }
    })
    expect(e.message).toBe(
      "Services88.CustomerService.GetMailboxes failed on the server: SuperOffice.CS.MailboxException: Mailboxes are unavailable"
    )
    // The stack trace is kept for whoever asks, and printed nowhere by default.
    expect(e.serverStackTrace).toContain("Mailbox.cs:line 42")
    for (const r of renderings(e)) expect(r).not.toContain("Mailbox.cs")
    expect(JSON.stringify(e)).not.toContain("StackTrace")
  })

  it("Succeeded=false without ExceptionInfo is still an error", async () => {
    server.reply({
      body: wcfReply("88", `<GetMailboxesResponse xmlns="${NS}"/>`, `<Succeeded xmlns="${NS}">false</Succeeded>`)
    })
    const e = failure(await run(Effect.flatMap(cs88, (cs) => cs.GetMailboxes({}))))
    expect(e).toMatchObject({ _tag: "SuperOfficeError", succeeded: false })
  })

  it("an ExceptionInfo about the ticket becomes InvalidCredentials, scrubbed", async () => {
    server.reply({
      body: wcfReply(
        "88",
        `<CreateSessionResponse xmlns="${NS}"/>`,
        `<ExceptionInfo xmlns="${NS}"><Message>Ticket ${Redacted.value(TICKET)} has expired</Message><ExceptionType>SuperOffice.Exceptions.SoSecurityException</ExceptionType></ExceptionInfo><Succeeded xmlns="${NS}">false</Succeeded>`
      )
    })
    const e = failure(await run(Effect.flatMap(cs88, (cs) => cs.CreateSession({ RemoteIp: "1.1.1.1" }))))
    expect(e).toMatchObject({ _tag: "InvalidCredentials", via: "ExceptionInfo" })
    expect(e.message).toContain("SoSecurityException")
    noSecrets(e)
  })

  it("a SOAP Fault about credentials is InvalidCredentials; any other Fault stays a SoapFault", async () => {
    server.reply({ status: 500, body: wcfFault(`The ticket '${Redacted.value(TICKET)}' is not valid`) })
    const bad = failure(await run(Effect.flatMap(cs88, (cs) => cs.CreateSession({ RemoteIp: "1.1.1.1" }))))
    expect(bad).toMatchObject({ _tag: "InvalidCredentials", via: "SoapFault" })
    noSecrets(bad)

    server.reply({ status: 500, body: wcfFault("Object reference not set to an instance of an object.", "s:Server") })
    const other = failure(await run(Effect.flatMap(cs88, (cs) => cs.CreateSession({ RemoteIp: "1.1.1.1" }))))
    expect(other).toMatchObject({
      _tag: "SoapFault",
      codeLocal: "Server",
      reason: "Object reference not set to an instance of an object."
    })
  })

  it("HTTP 421 becomes MisdirectedTenant, which points to the numbered host", async () => {
    server.reply({ status: 421, contentType: "text/html", body: "<html><body>Misdirected Request</body></html>" })
    const e = failure(await run(Effect.flatMap(cs88, (cs) => cs.CreateSession({ RemoteIp: "1.1.1.1" }))))
    expect(e).toBeInstanceOf(MisdirectedTenant)
    expect(e.message).toContain("numbered host")
    server.reply({ status: 421, contentType: "text/plain", body: "" })
    expect(failure(await run(Effect.flatMap(cs88, (cs) => cs.CreateSession({ RemoteIp: "1.1.1.1" }))))._tag).toBe(
      "MisdirectedTenant"
    )
    const bare = new MisdirectedTenant({
      operation: "Services88.CustomerService.CreateSession",
      host: "online.superoffice.com"
    })
    expect(bare.message).toMatch(
      /^online\.superoffice\.com answered 421 .*bare host serves no tenant.*online3\.superoffice\.com/
    )
  })

  it("an HTML 500 page is an UnexpectedResponse with a short, secret-free excerpt", async () => {
    server.reply({
      status: 500,
      contentType: "text/html; charset=utf-8",
      body: `<!DOCTYPE html><html><head><title>Runtime Error</title></head><body><h1>Server Error in '/' Application.</h1><p>ticket=${Redacted.value(TICKET)}</p></body></html>`
    })
    const e = failure(await run(Effect.flatMap(cs88, (cs) => cs.CreateSession({ RemoteIp: "1.1.1.1" }))))
    expect(e).toMatchObject({ _tag: "UnexpectedResponse", kind: "HtmlPage", status: 500 })
    expect(e.message).toContain("Server Error")
    noSecrets(e)
  })
})

describe("retries", () => {
  const unavailable = { status: 503, contentType: "text/html", body: "<html><title>Service Unavailable</title></html>" }

  it("retries an idempotent operation on 503 and succeeds", async () => {
    server.reply(unavailable, unavailable, { body: valueReply("88", "SessionIsValid", "true") })
    const exit = await run(Effect.flatMap(cs88, (cs) => cs.SessionIsValid({ CsSessionKey: "k" })))
    expect(Exit.isSuccess(exit) && exit.value.body.Response).toBe(true)
    expect(server.requests).toHaveLength(3)
  })

  it("gives up after the configured retries", async () => {
    server.reply(unavailable)
    const e = failure(await run(Effect.flatMap(cs88, (cs) => cs.GetMailboxes({}))))
    expect(e).toMatchObject({ _tag: "UnexpectedResponse", status: 503 })
    expect(server.requests).toHaveLength(4)
  })

  it("never resends CreateSession, RemoveSession or other writes", async () => {
    server.reply(unavailable, { body: createSessionReply("88") })
    expect(failure(await run(Effect.flatMap(cs88, (cs) => cs.CreateSession({ RemoteIp: "1.1.1.1" }))))._tag).toBe(
      "UnexpectedResponse"
    )
    expect(server.requests).toHaveLength(1)
    server.reply(unavailable, { body: wcfReply("88", `<RemoveSessionResponse xmlns="${NS}"/>`) })
    await run(Effect.flatMap(cs88, (cs) => cs.RemoveSession({ LoginId: 1 })))
    expect(server.requests).toHaveLength(2)
  })

  // A server that, per request in order, drops the connection, answers too late, or answers.
  const flaky = async (plan: ReadonlyArray<"reset" | "late" | "ok">, reply: string) => {
    let n = 0
    const server = createServer((req, res) => {
      const step = plan[Math.min(n++, plan.length - 1)]
      req.resume()
      req.on("end", () => {
        if (step === "reset") return req.socket.destroy()
        const send = () => {
          if (!res.destroyed) res.writeHead(200, { "content-type": "text/xml; charset=utf-8" }).end(reply)
        }
        if (step === "late") setTimeout(send, 1_000).unref()
        else send()
      })
    })
    const endpoint = await listen(server)
    return { endpoint, requests: () => n, close: () => close(server) }
  }
  const runAgainst = <A, E>(endpoint: string, effect: Effect.Effect<A, E, SuperOfficeConfig | HttpClient.HttpClient>) =>
    Effect.runPromise(
      Effect.exit(effect).pipe(
        Effect.provide(
          Layer.mergeAll(
            configLayer(endpoint, "88", { retry: { base: "1 millis" }, timeout: "150 millis" }),
            NodeHttpClient.layerUndici
          )
        )
      )
    )

  it("retries an idempotent operation after a connection reset and a timeout", async () => {
    const peer = await flaky(["reset", "late", "ok"], valueReply("88", "SessionIsValid", "true"))
    try {
      const exit = await runAgainst(
        peer.endpoint,
        Effect.flatMap(cs88, (cs) => cs.SessionIsValid({ CsSessionKey: "k" }))
      )
      if (Exit.isFailure(exit)) throw new Error(Cause.pretty(exit.cause))
      expect(exit.value.body.Response).toBe(true)
      expect(peer.requests()).toBe(3)
    } finally {
      await peer.close()
    }
  })

  it("never resends a write after a connection reset or a timeout", async () => {
    const reset = await flaky(["reset", "ok"], createSessionReply("88"))
    try {
      const e = failure(
        await runAgainst(
          reset.endpoint,
          Effect.flatMap(cs88, (cs) => cs.CreateSession({ RemoteIp: "1.1.1.1" }))
        )
      )
      expect(e._tag).toBe("TransportError")
      expect(reset.requests()).toBe(1)
    } finally {
      await reset.close()
    }
    const late = await flaky(["late", "ok"], createSessionReply("88"))
    try {
      const e = failure(
        await runAgainst(
          late.endpoint,
          Effect.flatMap(cs88, (cs) => cs.CreateSession({ RemoteIp: "1.1.1.1" }))
        )
      )
      expect(e._tag).toBe("RequestTimeout")
      expect(late.requests()).toBe(1)
    } finally {
      await late.close()
    }
  })

  it("does not retry business errors", async () => {
    server.reply({ status: 500, body: wcfFault("Object reference not set", "s:Server") })
    await run(Effect.flatMap(cs88, (cs) => cs.GetMailboxes({})))
    expect(server.requests).toHaveLength(1)
  })
})

describe("tracing", () => {
  it("names the span after operation and version, with the host and no secrets", async () => {
    server.reply({ body: createSessionReply("88") })
    const { tracer, spans } = recordingTracer()
    await run(
      Effect.flatMap(cs88, (cs) => cs.CreateSession({ RemoteIp: "1.1.1.1" })),
      Layer.setTracer(tracer)
    )
    const span = spans.find((s) => s.name === "SuperOffice.Services88.CreateSession")
    expect(span).toBeDefined()
    expect(span!.kind).toBe("client")
    expect(span!.attributes.get("server.address")).toBe(new URL(server.endpoint).host)
    expect(span!.attributes.get("superoffice.version")).toBe("88")
    for (const s of spans) noSecrets(JSON.stringify([...s.attributes]))
  })
})
