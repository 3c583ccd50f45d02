import { readdirSync } from "node:fs"
import { Cli, Color, Decode, ExitCode, Input, Output, Suggest } from "@sessionwire/cli"
import { Generated } from "@sessionwire/superoffice"
import { readShared, sharedPath } from "@sessionwire/testkit"
import { Effect, Either, Redacted } from "effect"
import { describe, expect, it } from "vitest"

describe("Output", () => {
  it("prints bigints as strings and credentials as <redacted>, wherever they are", () => {
    const value = {
      sessionKey: 11916961n,
      ticket: Redacted.make("7T:abcdefghijklmnop"),
      Credentials: { Ticket: "7T:abcdefghijklmnop" },
      nested: [{ password: "hunter2", note: "uses 8A:tokentokentoken inline" }],
      [Symbol.for("unknown")]: "dropped"
    }
    const json = Output.toJson(value, ["hunter2"])
    expect(JSON.parse(json)).toEqual({
      sessionKey: "11916961",
      ticket: "<redacted>",
      Credentials: { Ticket: "<redacted>" },
      nested: [{ password: "<redacted>", note: "uses <redacted> inline" }]
    })
    expect(Output.toText(value)).not.toMatch(/7T:|8A:|hunter2/)
  })

  it("an error's JSON has its _tag, fields and message, and never its stack", () => {
    const e = Object.assign(new Error("boom 7T:abcdefghijkl"), { _tag: "Boom", code: 3 })
    const j = Output.errorJson(e)
    expect(j).toEqual({ _tag: "Boom", code: 3, message: "boom <redacted>" })
  })
})

describe("exit codes", () => {
  it("are distinct per error class and documented", () => {
    const codes = ExitCode.table.map((r) => r.code)
    expect(new Set(codes).size).toBe(codes.length)
    expect(codes.every((c) => c > 1 && c < 128)).toBe(true)
    expect(ExitCode.of({ _tag: "InvalidCredentials" })).toBe(4)
    expect(ExitCode.of({ _tag: "MisdirectedTenant" })).toBe(7)
    expect(ExitCode.of({ _tag: "Nope" })).toBe(ExitCode.UNEXPECTED)
    expect(ExitCode.of(new Error("x"))).toBe(ExitCode.UNEXPECTED)
  })

  it("`superoffice --version 88` is the NetServer version, not @effect/cli's built-in", () => {
    expect(Cli.normalize(["node", "m", "superoffice", "list", "--version", "86", "--json"])).toEqual([
      "node",
      "m",
      "superoffice",
      "list",
      "--services",
      "86",
      "--json"
    ])
    expect(Cli.normalize(["node", "m", "--version"])).toEqual(["node", "m", "--version"])
  })
})

describe("Input", () => {
  const createSession = Generated.versions["88"].CustomerService.operations.CreateSession
  const removeSession = Generated.versions["88"].CustomerService.operations.RemoveSession

  it("merges --input and --param and decodes through the operation's schema", () => {
    const params = Either.getOrThrow(Input.withParams({ RemoteIp: "a" }, [["RemoteIp", "192.0.2.1"]]))
    expect(Either.getOrThrow(Input.decode(createSession.request.schema, "CreateSession", params))).toEqual({
      RemoteIp: "192.0.2.1"
    })
    expect(Either.getOrThrow(Input.decode(removeSession.request.schema, "RemoveSession", { LoginId: 1001 }))).toEqual({
      LoginId: 1001
    })
  })

  it("refuses unknown fields and bad values with a message naming the field, not the value", () => {
    const typo = Input.decode(createSession.request.schema, "CreateSession", { RemoteIP: "x" })
    expect(Either.isLeft(typo) && typo.left.reason).toContain("RemoteIP")
    const bad = Input.decode(removeSession.request.schema, "RemoveSession", { LoginId: "s3cr3t-value" })
    expect(Either.isLeft(bad) && bad.left.reason).not.toContain("s3cr3t-value")
    expect(Either.isLeft(Input.withParams({}, [["__proto__.x", "1"]]))).toBe(true)
    expect(Either.isLeft(Input.splitParam("novalue"))).toBe(true)
  })
})

describe("decode", () => {
  const decode = (bytes: Uint8Array | string) =>
    Effect.runPromise(Decode.decode(typeof bytes === "string" ? new TextEncoder().encode(bytes) : bytes))

  const expected: Record<string, string> = {
    "000000": "MalformedRequest",
    "000001": "AccessDenied",
    "000035": "ServiceUnavailable",
    "030002": "InvalidCredentials",
    "030047": "InvalidCredentials",
    "060001": "WebExFailure",
    "060026": "WebExFailure"
  }

  it("every captured WebEx FAILURE decodes to its tag, HTTP captures with status 200", async () => {
    const dir = sharedPath("webex/examples/failures")
    for (const file of readdirSync(dir)) {
      const d = await decode(readShared("webex/examples/failures", file))
      const id = file.slice(0, 6)
      expect(d.outcome, file).toBe("failure")
      expect(d.error, file).toMatchObject({ _tag: expected[id], exceptionID: id })
      if (file.endsWith(".http")) expect(d.http?.status).toBe(200)
    }
  })

  it("a SuperOffice reply is decoded by the client, its ExceptionInfo becoming the client's error", async () => {
    const ok = await decode(
      `<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Header><Succeeded xmlns="http://www.superoffice.net/ws/crm/NetServer/Services86">true</Succeeded></s:Header><s:Body><CreateSessionResponse xmlns="http://www.superoffice.net/ws/crm/NetServer/Services86"><Response><Key>k</Key><LoginId>7</LoginId></Response></CreateSessionResponse></s:Body></s:Envelope>`
    )
    expect(ok).toMatchObject({ outcome: "success", operation: "Services86.CustomerService.CreateSession" })
    expect((ok.result as { body: { Response: { LoginId: number } } }).body.Response.LoginId).toBe(7)
    const failed = await decode(
      `<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Header><ExceptionInfo xmlns="http://www.superoffice.net/ws/crm/NetServer/Services88"><Message>Mailbox 3 not found</Message><ExceptionType>SoException</ExceptionType></ExceptionInfo><Succeeded xmlns="http://www.superoffice.net/ws/crm/NetServer/Services88">false</Succeeded></s:Header><s:Body><GetMailboxEntityResponse xmlns="http://www.superoffice.net/ws/crm/NetServer/Services88"/></s:Body></s:Envelope>`
    )
    expect(failed.error).toMatchObject({ _tag: "SuperOfficeError", exceptionType: "SoException" })
  })

  it("an HTML error page in an HTTP capture is what the exchange calls it", async () => {
    const d = await decode("HTTP/1.1 502 Bad Gateway\r\nContent-Type: text/html\r\n\r\n<html><title>502</title></html>")
    expect(d.error).toMatchObject({ _tag: "UnexpectedResponse", kind: "HtmlPage", status: 502 })
  })
})

describe("Suggest", () => {
  const known = ["CreateSession", "RemoveSession", "SessionIsValid", "ReportSessionActive", "GetMailboxes"]
  it("names the closest operations to a typo, case-insensitively", () => {
    expect(Suggest.closest("CreatSession", known)).toEqual(["CreateSession"])
    expect(Suggest.closest("sessionisvalid", known)).toEqual(["SessionIsValid"])
    expect(Suggest.didYouMean("RemoveSesion", known)).toBe(" Did you mean RemoveSession?")
  })
  it("suggests nothing for a name far from every known one", () => {
    expect(Suggest.closest("Frobnicate", known)).toEqual([])
    expect(Suggest.didYouMean("x", known)).toBe("")
  })
})

describe("Color", () => {
  it("colours a terminal only, unless NO_COLOR or FORCE_COLOR says otherwise", () => {
    expect(Color.enabled({ isTTY: true }, {})).toBe(true)
    expect(Color.enabled({ isTTY: false }, {})).toBe(false)
    expect(Color.enabled({ isTTY: true }, { NO_COLOR: "1" })).toBe(false)
    expect(Color.enabled({ isTTY: true }, { NO_COLOR: "" })).toBe(true)
    expect(Color.enabled({ isTTY: false }, { FORCE_COLOR: "1" })).toBe(true)
    expect(Color.enabled({ isTTY: true }, { FORCE_COLOR: "0" })).toBe(false)
    expect(Color.enabled({ isTTY: false }, { FORCE_COLOR: "0" })).toBe(false)
    expect(Color.strip("\x1b[0;1msessionwire\x1b[0m")).toBe("sessionwire")
  })
})

describe("usage lines", () => {
  it("name the full command, with or without colour codes", () => {
    expect(Cli.fullUsage("$ superoffice [--json] <operation>")).toBe("$ sessionwire superoffice [--json] <operation>")
    expect(Cli.fullUsage("\x1b[0m$ webex <operation>")).toBe("\x1b[0m$ sessionwire webex <operation>")
    expect(Cli.fullUsage("  (default: $SUPEROFFICE_VERSION)")).toBe("  (default: $SUPEROFFICE_VERSION)")
  })
})
