/**
 * `sessionwire demo` (= `npm start`): the lifecycle walk of {@link Demo.run}, against the
 * embedded simulator unless an endpoint is given; with `--superoffice-endpoint` and/or
 * `--webex-endpoint` that vendor is walked against the real server, credentials from the
 * environment (or a password prompt).
 *
 * @since 0.1.0
 */
import { Command, Options } from "@effect/cli"
import { type RunningSimulator, Simulator, SuperOfficeState, WebExState } from "@sessionwire/simulator"
import { SuperOfficeConfig } from "@sessionwire/superoffice"
import { Duration, Effect, Option, Redacted } from "effect"
import { InvalidInput } from "./CliError.ts"
import * as Common from "./Common.ts"
import * as Demo from "./Demo.ts"
import * as Output from "./Output.ts"
import * as Secrets from "./Secrets.ts"

const parseVersions = (text: string) => {
  const vs = text
    .split(",")
    .map((v) => v.trim())
    .filter((v) => v !== "")
  const bad = vs.find((v) => !SuperOfficeConfig.isVersion(v))
  return bad !== undefined || vs.length === 0
    ? Effect.fail(
        new InvalidInput({
          reason: `--versions takes a comma-separated list of ${SuperOfficeConfig.versions.join(", ")}`
        })
      )
    : Effect.succeed(vs as ReadonlyArray<SuperOfficeConfig.Version>)
}

/** The SuperOffice side against the embedded simulator, with its default user. */
export const simulatedSuperOffice = (
  sim: RunningSimulator,
  versions: ReadonlyArray<SuperOfficeConfig.Version>,
  remoteIp: string
): Demo.SuperOfficeTarget => {
  const user = SuperOfficeState.defaultUsers[0]!
  return {
    endpoint: sim.superofficeUrl,
    versions,
    applicationToken: Redacted.make(SuperOfficeState.defaultApplicationTokens[0]!),
    login: { _tag: "Password", user: user.username, password: Redacted.make(user.password) },
    remoteIp
  }
}

/** The WebEx side against the embedded simulator, with its default host. */
export const simulatedWebEx = (sim: RunningSimulator): Demo.WebExTarget => {
  const user = WebExState.defaultUsers[0]!
  return {
    endpoint: sim.webexUrl,
    siteName: "sessionwire",
    webExID: user.webExID,
    password: Redacted.make(user.password)
  }
}

const realSuperOffice = (endpoint: string, versions: ReadonlyArray<SuperOfficeConfig.Version>, remoteIp: string) =>
  Effect.gen(function* () {
    const applicationToken = Option.getOrElse(Secrets.optional("SUPEROFFICE_APP_TOKEN"), () => Redacted.make(""))
    const ticket = Secrets.optional("SUPEROFFICE_TICKET")
    const token = Secrets.optional("SUPEROFFICE_ACCESS_TOKEN")
    const user = Secrets.env("SUPEROFFICE_USER")
    const login: Demo.SuperOfficeLogin = Option.isSome(ticket)
      ? { _tag: "Ticket", ticket: ticket.value }
      : Option.isSome(token)
        ? { _tag: "AccessToken", token: token.value }
        : user !== undefined
          ? {
              _tag: "Password",
              user,
              password: yield* Secrets.required("SUPEROFFICE_PASSWORD", `SuperOffice password for ${user}`)
            }
          : yield* new InvalidInput({
              reason: "Set SUPEROFFICE_TICKET, SUPEROFFICE_ACCESS_TOKEN, or SUPEROFFICE_USER with SUPEROFFICE_PASSWORD"
            })
    return {
      endpoint,
      versions,
      applicationToken,
      login,
      remoteIp,
      timeZone: Secrets.env("SUPEROFFICE_TIMEZONE")
    } satisfies Demo.SuperOfficeTarget
  })

const realWebEx = (endpoint: string) =>
  Effect.gen(function* () {
    const token = Secrets.optional("WEBEX_ACCESS_TOKEN")
    const webExID = Secrets.env("WEBEX_ID")
    const email = Secrets.env("WEBEX_EMAIL")
    return {
      endpoint,
      siteName: Secrets.env("WEBEX_SITE_NAME"),
      siteID: Secrets.env("WEBEX_SITE_ID"),
      webExID,
      email,
      ...(Option.isSome(token)
        ? { accessToken: token.value }
        : {
            password: yield* Secrets.required("WEBEX_PASSWORD", `WebEx password for ${webExID ?? email ?? "the user"}`)
          })
    } satisfies Demo.WebExTarget
  })

const pad = (s: string, n: number) => (s.length >= n ? s : s + " ".repeat(n - s.length))

/** Human transcript callbacks: a heading per section, one line per call with its timing. */
export const transcript = (write: (line: string) => void): Pick<Demo.Options, "onSection" | "onStep"> => ({
  onSection: (title, where) => write(`\n${title}  ·  ${where}`),
  onStep: (s) => write(`  ✓ ${pad(s.name, 46)} ${pad(s.summary, 64)} ${String(s.millis).padStart(5)} ms`)
})

export const command = Command.make(
  "demo",
  {
    superofficeEndpoint: Options.text("superoffice-endpoint").pipe(
      Options.optional,
      Options.withDescription("Walk SuperOffice against this tenant base URL instead of the simulator")
    ),
    webexEndpoint: Options.text("webex-endpoint").pipe(
      Options.optional,
      Options.withDescription("Walk WebEx against this XMLService URL instead of the simulator")
    ),
    versions: Options.text("versions").pipe(
      Options.withDefault("86,87,88"),
      Options.withDescription("SuperOffice versions to walk, comma-separated")
    ),
    only: Options.choice("only", ["superoffice", "webex"]).pipe(
      Options.optional,
      Options.withDescription("Walk one vendor only")
    ),
    remoteIp: Options.text("remote-ip").pipe(
      Options.withDefault("192.0.2.10"),
      Options.withDescription("The customer address sent in CreateSession")
    ),
    keepAlive: Options.integer("keep-alive-ms").pipe(
      Options.withDefault(250),
      Options.withDescription("Keep-alive interval of the scoped session, in milliseconds")
    ),
    timeout: Common.timeout,
    json: Common.json
  },
  (args) =>
    Effect.gen(function* () {
      const versions = yield* parseVersions(args.versions)
      const only = Option.getOrUndefined(args.only)
      const wantSo = only !== "webex"
      const wantWx = only !== "superoffice"
      const needSim =
        (wantSo && Option.isNone(args.superofficeEndpoint)) || (wantWx && Option.isNone(args.webexEndpoint))
      const sim = needSim ? yield* Simulator.scoped() : undefined
      const superoffice = !wantSo
        ? undefined
        : Option.isSome(args.superofficeEndpoint)
          ? yield* realSuperOffice(args.superofficeEndpoint.value, versions, args.remoteIp)
          : simulatedSuperOffice(sim!, versions, args.remoteIp)
      const webex = !wantWx
        ? undefined
        : Option.isSome(args.webexEndpoint)
          ? yield* realWebEx(args.webexEndpoint.value)
          : simulatedWebEx(sim!)
      const write = (line: string) => process.stdout.write(`${line}\n`)
      if (!args.json) {
        write(
          sim !== undefined
            ? `sessionwire demo — embedded simulator at ${sim.url}`
            : "sessionwire demo — against the configured servers"
        )
      }
      const report = yield* Demo.run({
        superoffice,
        webex,
        keepAliveInterval: Duration.millis(Math.max(10, args.keepAlive)),
        timeout: Common.timeoutOf(args.timeout),
        ...(args.json ? {} : transcript(write)),
        around: args.json ? undefined : (label, e) => Output.withSpinner(label, e)
      })
      if (args.json) {
        process.stdout.write(`${Output.toJson({ ok: true, simulator: sim?.url ?? null, ...report })}\n`)
      } else {
        write(`\nAll ${report.steps.length} calls succeeded in ${report.millis} ms.`)
      }
    }).pipe(Effect.scoped)
).pipe(
  Command.withDescription(
    "Walk the session lifecycle of SuperOffice and WebEx (the simulator unless endpoints are given)"
  )
)
