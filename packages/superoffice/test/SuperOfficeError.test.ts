import { inspect } from "node:util"
import { Inspectable, Redacted } from "effect"
import { describe, expect, it } from "vitest"
import * as Package from "../src/index.ts"
import { fromExceptionInfo, isCredentialProblem, SuperOfficeError } from "../src/SuperOfficeError.ts"
import { secretValues, TICKET } from "./support/Servers.ts"

const context = {
  operation: "Services88.CustomerService.GetMailboxes",
  host: "online3.superoffice.com",
  secrets: [TICKET]
}

describe("SuperOfficeError", () => {
  it("keeps the server stack trace out of every rendering", () => {
    const e = fromExceptionInfo(
      { Message: "boom", StackTrace: "at Secret.Place() in C:\\src\\x.cs:line 1", ExceptionType: "X.Y" },
      context
    )
    expect(e).toBeInstanceOf(SuperOfficeError)
    if (!(e instanceof SuperOfficeError)) return
    expect(e.serverStackTrace).toContain("Secret.Place")
    for (const r of [String(e), e.message, JSON.stringify(e), inspect(e), Inspectable.format(e), e.stack ?? ""]) {
      expect(r).not.toContain("Secret.Place")
    }
    expect(Object.keys(e)).not.toContain("serverStackTrace")
  })

  it("scrubs secrets from every server text, at every level", () => {
    const t = Redacted.value(TICKET)
    const e = fromExceptionInfo(
      {
        Message: `bad ${t}`,
        StackTrace: t,
        ExceptionType: "X",
        InnerException: { Message: `inner ${t}`, ExceptionType: "Y", Parameters: [{ Key: "ticket", Value: t }] }
      },
      context
    )
    for (const r of [String(e), JSON.stringify(e), inspect(e, { depth: 10 })]) {
      for (const s of secretValues) expect(r).not.toContain(s)
    }
    expect(e instanceof SuperOfficeError && e.serverStackTrace).not.toContain(t)
  })

  it("recognises credential problems at any level of the chain", () => {
    const e = fromExceptionInfo(
      {
        Message: "Could not run",
        ExceptionType: "SuperOffice.CRM.Exception",
        InnerException: { Message: "Ticket expired", ExceptionType: "SuperOffice.Security.SoSecurityException" }
      },
      context
    )
    expect(e).toMatchObject({
      _tag: "InvalidCredentials",
      via: "ExceptionInfo",
      reason: "SuperOffice.Security.SoSecurityException: Ticket expired"
    })
    for (const [type, text, expected] of [
      ["SuperOffice.Exceptions.InvalidTicketException", "", true],
      [undefined, "The application token is invalid", true],
      [undefined, "Credentials have expired", true],
      [undefined, "User is not authenticated", true],
      ["System.NullReferenceException", "Object reference not set to an instance of an object", false],
      [undefined, "Ticket 123 not found in the ticket list", false]
    ] as const) {
      expect(isCredentialProblem(type, text), `${type} ${text}`).toBe(expected)
    }
  })

  it("is exported from the package index for decoding captured replies", () => {
    const info: Package.ExceptionInfoLike = {
      Message: "Could not load mailboxes",
      ExceptionType: "SuperOffice.CS.MailboxException",
      Parameters: [{ Key: "MailboxId", Value: "9" }]
    }
    const e = Package.fromExceptionInfo(info, { ...context, succeeded: false })
    expect(e).toBeInstanceOf(Package.SuperOfficeError)
    expect(e).toMatchObject({ exceptionType: "SuperOffice.CS.MailboxException", parameters: { MailboxId: "9" } })
    expect(Package.fromExceptionInfo({ Message: "Ticket expired", ExceptionType: "X" }, context)).toBeInstanceOf(
      Package.InvalidCredentials
    )
  })
})
