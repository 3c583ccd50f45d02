/**
 * `sessionwire simulate`: the simulators in the foreground until Ctrl-C, logging each
 * request (never a body or a header value).
 *
 * @since 0.1.0
 */
import { Command, Options } from "@effect/cli"
import {
  Faults as FaultRules,
  type Faults,
  type RequestLogEntry,
  Simulator,
  SuperOfficeState,
  WebExState
} from "@sessionwire/simulator"
import { Effect, Either } from "effect"
import { InvalidInput } from "./CliError.ts"
import * as Common from "./Common.ts"

const line = (e: RequestLogEntry): string => {
  const what = [e.route, e.version, e.operation].filter(Boolean).join(" ")
  return `${new Date().toISOString().slice(11, 23)} ${e.method} ${e.path}${what ? ` [${what}]` : ""} → ${e.status}${
    e.fault ? ` (fault: ${e.fault})` : ""
  } ${e.millis} ms`
}

export const command = Command.make(
  "simulate",
  {
    port: Options.integer("port").pipe(
      Options.withDefault(0),
      Options.withDescription("Port to listen on; 0 picks a free one")
    ),
    host: Options.text("host").pipe(Options.withDefault("127.0.0.1"), Options.withDescription("Address to listen on")),
    fault: Options.text("fault").pipe(
      Options.repeated,
      Options.withDescription(
        'A fault rule as JSON, e.g. \'{"route":"CustomerService","fault":{"_tag":"Latency","millis":500}}\'; repeatable'
      )
    ),
    idleTimeout: Options.integer("session-idle-timeout").pipe(
      Options.withDefault(1200),
      Options.withDescription("Seconds before an idle CS session expires")
    ),
    quiet: Options.boolean("quiet").pipe(Options.withDescription("Do not log requests")),
    json: Common.json
  },
  (args) =>
    Effect.gen(function* () {
      const faults: Array<Faults.FaultRuleInput> = []
      for (const raw of args.fault) {
        let parsed: unknown
        try {
          parsed = JSON.parse(raw)
        } catch {
          return yield* new InvalidInput({ reason: "--fault is not valid JSON" })
        }
        const rules = FaultRules.parseRules(parsed)
        if (Either.isLeft(rules)) return yield* new InvalidInput({ reason: `--fault: ${rules.left}` })
        faults.push(...rules.right)
      }
      const out = (s: string) => process.stdout.write(`${s}\n`)
      const sim = yield* Simulator.scoped({
        port: args.port,
        host: args.host,
        faults,
        superoffice: { sessionIdleTimeoutMillis: args.idleTimeout * 1000 },
        onRequest: args.quiet ? undefined : (e) => out(args.json ? JSON.stringify(e) : line(e))
      })
      const so = SuperOfficeState.defaultUsers[0]!
      const wx = WebExState.defaultUsers[0]!
      if (args.json) {
        out(
          JSON.stringify({
            url: sim.url,
            superofficeUrl: sim.superofficeUrl,
            webexUrl: sim.webexUrl,
            admin: `${sim.url}/__admin`
          })
        )
      } else {
        // Ready to paste into another shell. The ticket is issued now, for the first demo user,
        // so examples that need `SUPEROFFICE_TICKET` run without a login step.
        const ticket = sim.state.superoffice.login(so.username, so.password)?.ticket ?? ""
        out(`# sessionwire simulator listening on ${sim.url}  (Ctrl-C stops it)`)
        out(`# SuperOffice Services86/87/88 CustomerService + SoPrincipal`)
        out(`export SUPEROFFICE_ENDPOINT=${sim.superofficeUrl}`)
        out(`export SUPEROFFICE_APP_TOKEN=${SuperOfficeState.defaultApplicationTokens[0]}`)
        out(`export SUPEROFFICE_USER=${so.username}`)
        out(`export SUPEROFFICE_PASSWORD=${so.password}`)
        out(`export SUPEROFFICE_TICKET='${ticket}'`)
        out(`# WebEx XML API (AuthenticateUser, CreateSupportSession, GetFeedbackInfo, history, GetAPIVersion)`)
        out(`export WEBEX_ENDPOINT=${sim.webexUrl}`)
        out(`export WEBEX_SITE_NAME=sessionwire`)
        out(`export WEBEX_ID=${wx.webExID}`)
        out(`export WEBEX_PASSWORD=${wx.password}`)
        out(`# Admin: ${sim.url}/__admin/faults (GET, POST, PUT, DELETE) · ${sim.url}/__admin/state`)
        out("# These are the simulator's built-in demo credentials, not secrets.")
        out("")
      }
      return yield* Effect.never
    }).pipe(Effect.scoped)
).pipe(Command.withDescription("Run the SuperOffice and WebEx simulators in the foreground"))
