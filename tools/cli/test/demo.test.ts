import { NodeHttpClient } from "@effect/platform-node"
import { it } from "@effect/vitest"
import { Demo, DemoCommand } from "@sessionwire/cli"
import { type RunningSimulator, startSimulator } from "@sessionwire/simulator"
import { Effect } from "effect"
import { afterAll, beforeAll, describe, expect } from "vitest"

let sim: RunningSimulator
beforeAll(async () => {
  sim = await startSimulator()
})
afterAll(() => sim.stop())

const options = (): Demo.Options => ({
  superoffice: DemoCommand.simulatedSuperOffice(sim, ["86", "87", "88"], "192.0.2.10"),
  webex: DemoCommand.simulatedWebEx(sim),
  keepAliveInterval: "20 millis"
})

describe("the demo walk", () => {
  it.live(
    "walks every version's lifecycle, the scoped helper and WebEx, with the outcomes the lifecycle requires",
    () =>
      Effect.gen(function* () {
        const lines: Array<string> = []
        const report = yield* Demo.run({ ...options(), ...DemoCommand.transcript((l) => lines.push(l)) })
        const names = (section: string) => report.steps.filter((s) => s.section === section).map((s) => s.name)
        const login = "SoPrincipal.AuthenticateUsernamePassword"
        expect(names("SuperOffice Services86")).toEqual([
          login,
          "CreateSession",
          "SessionIsValid",
          "RemoveSession",
          "SessionIsValid"
        ])
        expect(names("SuperOffice Services87")).toEqual([
          login,
          "CreateSession",
          "SessionIsValid",
          "RemoveSession",
          "SessionIsValid"
        ])
        expect(names("SuperOffice Services88")).toEqual([
          login,
          "CreateSession",
          "SessionIsValid",
          "ReportSessionActive",
          "RemoveSession",
          "SessionIsValid"
        ])
        for (const v of ["86", "87", "88"]) {
          const valid = report.steps.filter(
            (s) => s.section === `SuperOffice Services${v}` && s.name === "SessionIsValid"
          )
          expect(valid.map((s) => s.data?.valid)).toEqual([true, false])
        }
        const scoped = report.steps.filter((s) => s.section.startsWith("SuperOffice CsSession.scoped"))
        expect(scoped.map((s) => s.name)).toEqual([
          login,
          "acquire: CreateSession",
          "keep-alive: ReportSessionActive",
          "release: RemoveSession, then SessionIsValid"
        ])
        expect(scoped[2]!.data?.keepAlives).toBeGreaterThanOrEqual(1)
        expect(scoped[3]!.data?.valid).toBe(false)
        expect(names("WebEx")).toEqual([
          "AuthenticateUser",
          "CreateSupportSession",
          "GetFeedbackInfo",
          "LstsupportsessionHistory"
        ])
        const webex = Object.fromEntries(report.steps.filter((s) => s.section === "WebEx").map((s) => [s.name, s.data]))
        expect(typeof webex.CreateSupportSession?.sessionKey).toBe("bigint")
        expect(webex.GetFeedbackInfo).toEqual({ sessions: 1, attendees: 1 })
        // Twelve seeded sessions plus the one just created.
        expect(webex.LstsupportsessionHistory?.total).toBe(13)
        // Every session the walk opened is closed again.
        expect(sim.state.superoffice.liveSessions()).toEqual([])
        // The transcript: a heading per section, a timed line per call, no credential.
        expect(lines.filter((l) => l.startsWith("  ✓ ")).length).toBe(report.steps.length)
        expect(lines.every((l) => !/sim-superoffice-password|sim-webex-password|7T:/.test(l))).toBe(true)
        expect(lines.filter((l) => l.includes("<redacted>")).length).toBe(5)
      }).pipe(Effect.provide(NodeHttpClient.layerUndici))
  )

  it.live("stops at the first failing call with that call's typed error", () =>
    Effect.gen(function* () {
      sim.faults.add({
        route: "CustomerService",
        version: "87",
        operation: "CreateSession",
        fault: { _tag: "ConnectionReset" },
        times: 1
      })
      const error = yield* Effect.flip(Demo.run({ ...options(), webex: undefined }))
      expect(error._tag).toBe("TransportError")
      // The 86 walk before it completed and cleaned up.
      expect(sim.state.superoffice.liveSessions()).toEqual([])
    }).pipe(Effect.provide(NodeHttpClient.layerUndici))
  )
})
