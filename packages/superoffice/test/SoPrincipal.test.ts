import { NodeHttpClient } from "@effect/platform-node"
import { Cause, Effect, Exit, Redacted } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import * as SoPrincipal from "../src/SoPrincipal.ts"
import {
  APP_TOKEN,
  type Canned,
  ns,
  PASSWORD,
  renderings,
  secretValues,
  startCanned,
  wcfFault,
  wcfReply
} from "./support/Servers.ts"

let server: Canned
beforeAll(async () => {
  server = await startCanned()
})
afterAll(() => server.close())

const login = (version: "86" | "87" | "88" = "88") =>
  Effect.runPromiseExit(
    SoPrincipal.make({ endpoint: server.endpoint, version, applicationToken: APP_TOKEN }).pipe(
      Effect.flatMap((sp) => sp.AuthenticateUsernamePassword("jo", PASSWORD)),
      Effect.provide(NodeHttpClient.layerUndici)
    )
  )

const failure = <A, E>(exit: Exit.Exit<A, E>) => {
  const f = Exit.isFailure(exit) ? Cause.failureOption(exit.cause) : undefined
  if (f?._tag !== "Some") throw new Error("expected a typed failure")
  return f.value
}

describe("SoPrincipal", () => {
  it("reads the ticket from the multi-part AuthenticateResponse", async () => {
    server.reply({
      body: wcfReply(
        "86",
        `<AuthenticateResponse xmlns="${ns("86")}"><Response><UserType>InternalAssociate</UserType><Associate>JO</Associate><AssociateId>5</AssociateId><FunctionRights xmlns:a="http://schemas.microsoft.com/2003/10/Serialization/Arrays"><a:string>admin</a:string><a:string>cs</a:string></FunctionRights><SecondaryGroups xmlns:a="http://schemas.microsoft.com/2003/10/Serialization/Arrays"><a:int>2</a:int></SecondaryGroups></Response><Credentials><Ticket>7T:NewTicket==</Ticket></Credentials><AuthenticationSucceeded>true</AuthenticationSucceeded></AuthenticateResponse>`
      )
    })
    const exit = await login("86")
    if (Exit.isFailure(exit)) throw new Error(Cause.pretty(exit.cause))
    expect(Redacted.value(exit.value.ticket)).toBe("7T:NewTicket==")
    expect(exit.value.principal).toMatchObject({
      Associate: "JO",
      AssociateId: 5,
      FunctionRights: ["admin", "cs"],
      SecondaryGroups: [2]
    })
    const sent = server.requests[server.requests.length - 1]!
    expect(sent.url).toBe("/Remote/Services86/SoPrincipal.svc")
    expect(sent.headers.soapaction).toBe(`"${ns("86")}/SoPrincipal/AuthenticateUsernamePassword"`)
    expect(sent.body).not.toContain("Credentials")
    expect(sent.body).toContain(`<tns:ApplicationToken>${Redacted.value(APP_TOKEN)}</tns:ApplicationToken>`)
  })

  it("AuthenticationSucceeded=false is InvalidCredentials, and the password appears nowhere", async () => {
    server.reply({
      body: wcfReply(
        "88",
        `<AuthenticateResponse xmlns="${ns("88")}" xmlns:i="http://www.w3.org/2001/XMLSchema-instance"><Response i:nil="true"/><Credentials i:nil="true"/><AuthenticationSucceeded>false</AuthenticationSucceeded></AuthenticateResponse>`
      )
    })
    const e = failure(await login())
    expect(e).toMatchObject({ _tag: "InvalidCredentials", via: "AuthenticationFailed" })
    for (const r of renderings(e)) for (const s of secretValues) expect(r).not.toContain(s)
  })

  it("a fault echoing the password is scrubbed", async () => {
    server.reply({
      status: 500,
      body: wcfFault(`Login failed for jo/${Redacted.value(PASSWORD)}: authentication failed`)
    })
    const e = failure(await login())
    expect(e._tag).toBe("InvalidCredentials")
    for (const r of renderings(e)) for (const s of secretValues) expect(r).not.toContain(s)
  })

  it("rejects a bad endpoint with a typed error", async () => {
    const exit = await Effect.runPromiseExit(
      SoPrincipal.make({ endpoint: "not a url", version: "88", applicationToken: APP_TOKEN }).pipe(
        Effect.provide(NodeHttpClient.layerUndici)
      )
    )
    expect(failure(exit)).toMatchObject({ _tag: "InvalidConfig", field: "endpoint" })
  })
})
