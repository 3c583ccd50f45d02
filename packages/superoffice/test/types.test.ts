/**
 * Versions are distinct at compile time. The `@ts-expect-error` lines are checked
 * by `tsc -p tsconfig.test.json`: if Services86 ever grew ReportSessionActive,
 * the directive itself would become the error.
 */
import type { Operation } from "@sessionwire/protocol"
import type { Effect } from "effect"
import { describe, expect, expectTypeOf, it } from "vitest"
import type * as CustomerService from "../src/CustomerService.ts"
import type { Services86, Services88 } from "../src/generated/index.ts"
import { customerServiceOperations } from "../src/generated/index.ts"
import type { SuperOfficeClientError } from "../src/SuperOfficeError.ts"

type C86 = CustomerService.Client<"86">
type C87 = CustomerService.Client<"87">
type C88 = CustomerService.Client<"88">

// Compiled, never run: the calls below only have to type-check (or not).
const usage = (cs86: C86, cs87: C87, cs88: C88) => {
  cs88.ReportSessionActive({ SessionKey: "k" })
  // @ts-expect-error Services86 has no ReportSessionActive
  cs86.ReportSessionActive({ SessionKey: "k" })
  // @ts-expect-error Services87 has no ReportSessionActive
  cs87.ReportSessionActive({ SessionKey: "k" })
  // @ts-expect-error RemoteIp is a string
  cs88.CreateSession({ RemoteIp: 1 })
  // @ts-expect-error LoginId is an xs:int
  cs86.RemoveSession({ LoginId: "42" })
  cs86.SessionIsValid({ CsSessionKey: "k" })
  cs87.TestSmtpServer
  // @ts-expect-error TestSmtpServer came with Services87
  cs86.TestSmtpServer
}

describe("version-specific clients", () => {
  it("ReportSessionActive exists only on Services88", () => {
    expectTypeOf<C88>().toHaveProperty("ReportSessionActive")
    expectTypeOf<C86>().not.toHaveProperty("ReportSessionActive")
    expectTypeOf<C87>().not.toHaveProperty("ReportSessionActive")
    expect("ReportSessionActive" in customerServiceOperations["88"]).toBe(true)
    expect("ReportSessionActive" in customerServiceOperations["86"]).toBe(false)
    expect(typeof usage).toBe("function")
  })

  it("methods return the decoded body with the response headers, the client's errors, and need nothing", () => {
    expectTypeOf<ReturnType<C88["CreateSession"]>>().toEqualTypeOf<
      Effect.Effect<
        Operation.Reply<Services88.CustomerService.CreateSessionResponse, Services88.CustomerService.ResponseHeaders>,
        SuperOfficeClientError,
        never
      >
    >()
    expectTypeOf<Services86.CustomerService.ResponseHeaders>().toHaveProperty("ExceptionInfo")
    expectTypeOf<Services86.CustomerService.ResponseHeaders>().toHaveProperty("ExtraInfo")
    expectTypeOf<Services86.CustomerService.ResponseHeaders>().toHaveProperty("Succeeded")
    expectTypeOf<Services86.CustomerService.ResponseHeaders>().toHaveProperty("TimeZone")
  })

  it("same-named types are per version", () => {
    type E86 = Services86.Types.EventHandlerType
    type E88 = Services88.Types.EventHandlerType
    expectTypeOf<E88>().not.toEqualTypeOf<E86>()
  })
})
