/**
 * CS sessions as scoped resources, on the TestClock with an in-memory HttpClient,
 * so time only moves when the test moves it.
 */
import { describe, expect, it } from "@effect/vitest"
import { Cause, Deferred, Effect, Exit, Fiber, Layer, Redacted, TestClock } from "effect"
import * as CsSession from "../src/CsSession.ts"
import {
  type CannedReply,
  configLayer,
  createSessionReply,
  emptyReply,
  type MemoryRequest,
  memoryClient,
  ns,
  SESSION_KEY,
  valueReply,
  wcfReply
} from "./support/Servers.ts"

type Version = "86" | "87" | "88"

/** A fake NetServer: answers the four session operations; `valid` decides SessionIsValid. */
const fake = (version: Version, overrides: Partial<Record<string, (req: MemoryRequest) => CannedReply>> = {}) => {
  const log: Array<MemoryRequest> = []
  const handler = (req: MemoryRequest): CannedReply => {
    const o = overrides[req.op]
    if (o) return o(req)
    switch (req.op) {
      case "CreateSession":
        return { body: createSessionReply(version) }
      case "SessionIsValid":
        return { body: valueReply(version, "SessionIsValid", "true") }
      case "ReportSessionActive":
        return { body: valueReply(version, "ReportSessionActive", "1") }
      default:
        return { body: emptyReply(version, req.op) }
    }
  }
  const layer = Layer.mergeAll(
    configLayer("https://online3.superoffice.com/Cust12345", version),
    memoryClient(handler, log)
  )
  return { log, layer, ops: () => log.map((r) => r.op) }
}

describe("CsSession.scoped", () => {
  it.scoped("creates the session and returns its key, redacted", () => {
    const f = fake("88")
    return Effect.gen(function* () {
      const s = yield* CsSession.scoped("10.1.2.3")
      expect(Redacted.value(s.key)).toBe(SESSION_KEY)
      expect(String(s.key)).not.toContain(SESSION_KEY)
      expect(JSON.stringify(s)).not.toContain(SESSION_KEY)
      expect([s.version, s.loginId, s.userId]).toEqual(["88", 42, 7])
      expect(f.ops()).toEqual(["CreateSession"])
      expect(f.log[0]!.url).toBe("https://online3.superoffice.com/Cust12345/Remote/Services88/CustomerService.svc")
      expect(f.log[0]!.body).toContain("<tns:RemoteIp>10.1.2.3</tns:RemoteIp>")
    }).pipe(Effect.provide(f.layer))
  })

  for (const [version, keepAlive] of [
    ["88", "ReportSessionActive"],
    ["87", "SessionIsValid"],
    ["86", "SessionIsValid"]
  ] as const) {
    it.scoped(`Services${version}: the keep-alive calls ${keepAlive} every interval (default 60 s)`, () => {
      const f = fake(version)
      return Effect.gen(function* () {
        const s = yield* CsSession.scoped("10.1.2.3")
        yield* TestClock.adjust("59 seconds")
        expect(f.ops()).toEqual(["CreateSession"])
        yield* TestClock.adjust("1 second")
        expect(f.ops()).toEqual(["CreateSession", keepAlive])
        yield* TestClock.adjust("120 seconds")
        expect(f.ops()).toEqual(["CreateSession", keepAlive, keepAlive, keepAlive])
        expect(yield* s.keepAlives).toBe(3)
        const field = version === "88" ? "SessionKey" : "CsSessionKey"
        expect(f.log[1]!.body).toContain(`<tns:${field}>${SESSION_KEY}</tns:${field}>`)
        expect(f.log[1]!.soapAction).toBe(`${ns(version)}/CustomerService/${keepAlive}`)
      }).pipe(Effect.provide(f.layer))
    })
  }

  it.scoped("the interval is configurable", () => {
    const f = fake("88")
    return Effect.gen(function* () {
      yield* CsSession.scoped("10.1.2.3", { keepAliveInterval: "15 seconds" })
      yield* TestClock.adjust("60 seconds")
      expect(f.ops().filter((o) => o === "ReportSessionActive")).toHaveLength(4)
    }).pipe(Effect.provide(f.layer))
  })

  it.effect("RemoveSession(LoginId) runs when the scope closes normally, and the keep-alive stops", () => {
    const f = fake("88")
    return Effect.gen(function* () {
      yield* Effect.scoped(Effect.zipRight(CsSession.scoped("10.1.2.3"), TestClock.adjust("60 seconds")))
      expect(f.ops()).toEqual(["CreateSession", "ReportSessionActive", "RemoveSession"])
      expect(f.log[2]!.body).toContain("<tns:LoginId>42</tns:LoginId>")
      yield* TestClock.adjust("10 minutes")
      expect(f.ops()).toHaveLength(3)
    }).pipe(Effect.provide(f.layer))
  })

  it.effect("RemoveSession runs when the work inside the scope fails", () => {
    const f = fake("87")
    return Effect.gen(function* () {
      const exit = yield* Effect.exit(Effect.scoped(Effect.zipRight(CsSession.scoped("10.1.2.3"), Effect.fail("boom"))))
      expect(exit).toEqual(Exit.fail("boom"))
      expect(f.ops()).toEqual(["CreateSession", "RemoveSession"])
    }).pipe(Effect.provide(f.layer))
  })

  it.effect("RemoveSession runs when the fiber using the session is interrupted", () => {
    const f = fake("86")
    return Effect.gen(function* () {
      const opened = yield* Deferred.make<void>()
      const fiber = yield* Effect.fork(
        Effect.scoped(
          Effect.zipRight(
            Effect.zipRight(CsSession.scoped("10.1.2.3"), Deferred.succeed(opened, undefined)),
            Effect.never
          )
        )
      )
      yield* Deferred.await(opened)
      yield* TestClock.adjust("60 seconds")
      yield* Fiber.interrupt(fiber)
      expect(f.ops()).toEqual(["CreateSession", "SessionIsValid", "RemoveSession"])
    }).pipe(Effect.provide(f.layer))
  })

  it.effect("a failing RemoveSession is logged, not raised", () => {
    const f = fake("88", {
      RemoveSession: () => ({ status: 503, contentType: "text/html", body: "<html>down</html>" })
    })
    return Effect.gen(function* () {
      const exit = yield* Effect.exit(Effect.scoped(CsSession.scoped("10.1.2.3")))
      expect(Exit.isSuccess(exit)).toBe(true)
      expect(f.ops()).toEqual(["CreateSession", "RemoveSession"])
    }).pipe(Effect.provide(f.layer))
  })

  it.effect("no session, no RemoveSession: a CreateSession without a key fails with SessionNotCreated", () => {
    const f = fake("88", {
      CreateSession: () => ({
        body: wcfReply(
          "88",
          `<CreateSessionResponse xmlns="${ns("88")}"><Response xmlns:i="http://www.w3.org/2001/XMLSchema-instance" i:nil="true"/></CreateSessionResponse>`
        )
      })
    })
    return Effect.gen(function* () {
      const exit = yield* Effect.exit(Effect.scoped(CsSession.scoped("10.1.2.3")))
      expect(Exit.isFailure(exit) && Cause.failureOption(exit.cause)).toMatchObject({
        _tag: "Some",
        value: { _tag: "SessionNotCreated" }
      })
      expect(f.ops()).toEqual(["CreateSession"])
    }).pipe(Effect.provide(f.layer))
  })
})

describe("session expiry", () => {
  it.scoped("Services87: SessionIsValid=false fails `expired` with SessionExpired", () => {
    let valid = true
    const f = fake("87", {
      SessionIsValid: () => ({ body: valueReply("87", "SessionIsValid", String(valid)) })
    })
    return Effect.gen(function* () {
      const s = yield* CsSession.scoped("10.1.2.3")
      const waiting = yield* Effect.fork(Effect.exit(s.expired))
      yield* TestClock.adjust("60 seconds")
      expect(waiting.unsafePoll()).toBeNull()
      valid = false
      yield* TestClock.adjust("60 seconds")
      const exit = yield* Fiber.join(waiting)
      expect(Exit.isFailure(exit) && Cause.failureOption(exit.cause)).toMatchObject({
        _tag: "Some",
        value: { _tag: "SessionExpired", version: "87", loginId: 42, reason: "SessionIsValid returned false" }
      })
      // The keep-alive stops once the session is gone.
      yield* TestClock.adjust("10 minutes")
      expect(f.ops().filter((o) => o === "SessionIsValid")).toHaveLength(2)
    }).pipe(Effect.provide(f.layer))
  })

  it.effect("CsSession.use interrupts the work and fails with SessionExpired; RemoveSession still runs", () => {
    const f = fake("86", { SessionIsValid: () => ({ body: valueReply("86", "SessionIsValid", "false") }) })
    return Effect.gen(function* () {
      const fiber = yield* Effect.fork(CsSession.use("10.1.2.3", () => Effect.never))
      yield* TestClock.adjust("60 seconds")
      const exit = yield* Fiber.await(fiber)
      expect(Exit.isFailure(exit) && Cause.failureOption(exit.cause)).toMatchObject({
        _tag: "Some",
        value: { _tag: "SessionExpired" }
      })
      expect(f.ops()).toEqual(["CreateSession", "SessionIsValid", "RemoveSession"])
    }).pipe(Effect.provide(f.layer))
  })

  it.effect("Services88: a ReportSessionActive the server refuses expires the session", () => {
    const f = fake("88", {
      ReportSessionActive: () => ({
        body: wcfReply(
          "88",
          `<ReportSessionActiveResponse xmlns="${ns("88")}"/>`,
          `<ExceptionInfo xmlns="${ns("88")}"><Message>Unknown CS session</Message><ExceptionType>SuperOffice.CS.SessionException</ExceptionType></ExceptionInfo><Succeeded xmlns="${ns("88")}">false</Succeeded>`
        )
      })
    })
    return Effect.gen(function* () {
      const fiber = yield* Effect.fork(CsSession.use("10.1.2.3", () => Effect.never))
      yield* TestClock.adjust("60 seconds")
      const exit = yield* Fiber.await(fiber)
      expect(Exit.isFailure(exit) && Cause.failureOption(exit.cause)).toMatchObject({
        _tag: "Some",
        value: { _tag: "SessionExpired", reason: "ReportSessionActive failed: SuperOffice.CS.SessionException" }
      })
      expect(f.ops()).toEqual(["CreateSession", "ReportSessionActive", "RemoveSession"])
    }).pipe(Effect.provide(f.layer))
  })

  it.scoped("a keep-alive lost to the network does not expire the session; the next one goes out", () => {
    let down = true
    const f = fake("88", {
      ReportSessionActive: () =>
        down
          ? { status: 503, contentType: "text/html", body: "<html>unavailable</html>" }
          : { body: valueReply("88", "ReportSessionActive", "1") }
    })
    return Effect.gen(function* () {
      const s = yield* CsSession.scoped("10.1.2.3")
      const waiting = yield* Effect.fork(s.expired)
      // The tick at 60 s and its retries (exponential from 100 ms, jittered) within the next second.
      yield* TestClock.adjust("61 seconds")
      // One attempt and three retries (ReportSessionActive is idempotent), then wait for the next tick.
      expect(f.ops().filter((o) => o === "ReportSessionActive")).toHaveLength(4)
      expect(waiting.unsafePoll()).toBeNull()
      down = false
      yield* TestClock.adjust("60 seconds")
      expect(yield* s.keepAlives).toBe(1)
      expect(waiting.unsafePoll()).toBeNull()
    }).pipe(Effect.provide(f.layer))
  })

  it.effect("a rejected ticket during keep-alive surfaces as InvalidCredentials", () => {
    const f = fake("87", {
      SessionIsValid: () => ({
        status: 500,
        body: `<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><s:Fault><faultcode>s:Client</faultcode><faultstring>Ticket has expired</faultstring></s:Fault></s:Body></s:Envelope>`
      })
    })
    return Effect.gen(function* () {
      const fiber = yield* Effect.fork(CsSession.use("10.1.2.3", () => Effect.never))
      yield* TestClock.adjust("60 seconds")
      const exit = yield* Fiber.await(fiber)
      expect(Exit.isFailure(exit) && Cause.failureOption(exit.cause)).toMatchObject({
        _tag: "Some",
        value: { _tag: "InvalidCredentials", via: "SoapFault" }
      })
    }).pipe(Effect.provide(f.layer))
  })
})
