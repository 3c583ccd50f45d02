/**
 * `sessionwire webex <operation>`: AuthenticateUser, CreateSupportSession, GetFeedbackInfo,
 * LstsupportsessionHistory, LstsupportattendeeHistory, GetAPIVersion. `--all` pages
 * through every record of a list operation.
 *
 * The security context comes from `WEBEX_SITE_NAME`/`WEBEX_SITE_ID`, `WEBEX_ID`/`WEBEX_EMAIL`
 * (or `--site`, `--user`), and one credential from `WEBEX_SESSION_TICKET`,
 * `WEBEX_ACCESS_TOKEN` or `WEBEX_PASSWORD` — or a password prompt. Never from argv.
 *
 * @since 0.1.0
 */
import { Args, Command, Options } from "@effect/cli"
import { HttpClient } from "@effect/platform"
import {
  Attendee,
  GeneralSession,
  History,
  SupportSession,
  User,
  WebExClient,
  WebExConfig,
  type WebExOperation
} from "@sessionwire/webex"
import { Chunk, Effect, Either, Option, type Redacted, Stream } from "effect"
import { InvalidInput } from "./CliError.ts"
import * as Common from "./Common.ts"
import * as Input from "./Input.ts"
import * as Output from "./Output.ts"
import * as Secrets from "./Secrets.ts"
import * as Suggest from "./Suggest.ts"

/** The operations the CLI runs, by wire name. */
export const operations: Readonly<Record<string, WebExOperation.Any>> = {
  AuthenticateUser: User.authenticateUser,
  CreateSupportSession: SupportSession.createSupportSession,
  GetFeedbackInfo: Attendee.getFeedbackInfo,
  LstsupportsessionHistory: History.lstsupportsessionHistory,
  LstsupportattendeeHistory: History.lstsupportattendeeHistory,
  GetAPIVersion: GeneralSession.getAPIVersion
}

const opt = (flag: Option.Option<string>, env: string): string | undefined =>
  Option.getOrUndefined(Option.orElse(flag, () => Option.fromNullable(Secrets.env(env))))

export const command = Command.make(
  "webex",
  {
    operation: Args.text({ name: "operation" }).pipe(
      Args.withDescription(`One of ${Object.keys(operations).join(", ")}, or list`)
    ),
    endpoint: Common.endpoint(
      "WEBEX_ENDPOINT",
      "The XMLService URL (else https://{site}.webex.com/WBXService/XMLService)"
    ),
    site: Options.text("site").pipe(Options.optional, Options.withDescription("Site name (default: $WEBEX_SITE_NAME)")),
    user: Options.text("user").pipe(Options.optional, Options.withDescription("WebEx ID (default: $WEBEX_ID)")),
    all: Options.boolean("all").pipe(Options.withDescription("List operations: page through every record")),
    input: Common.input,
    param: Common.param,
    timeout: Common.timeout,
    json: Common.json
  },
  (args) =>
    Effect.gen(function* () {
      const wanted = args.operation.trim().toLowerCase()
      if (wanted === "list") return yield* Common.emit("WebEx operations", Object.keys(operations), args.json)
      const name = Object.keys(operations).find((n) => n.toLowerCase() === wanted)
      if (name === undefined) {
        return yield* new InvalidInput({
          reason: `No WebEx operation ${args.operation}.${Suggest.didYouMean(args.operation, Object.keys(operations))} One of ${Object.keys(operations).join(", ")}.`
        })
      }
      const op = operations[name]!
      const pairs = yield* Effect.forEach(args.param, (p) => Input.splitParam(p))
      const bad = pairs.find(([k]) => /password|ticket|token|saml/i.test(k))
      if (bad !== undefined) {
        return yield* new InvalidInput({
          reason: `--param ${bad[0]}: secrets are read from WEBEX_PASSWORD, WEBEX_ACCESS_TOKEN or WEBEX_SESSION_TICKET, or a prompt, never from the command line`
        })
      }
      const params = yield* Effect.flatMap(Input.readInput(Option.getOrUndefined(args.input)), (base) =>
        Input.withParams(base, pairs)
      )
      const input = yield* Input.decode(op.request.schema, name, params)

      const siteName = opt(args.site, "WEBEX_SITE_NAME")
      const webExID = opt(args.user, "WEBEX_ID")
      const ticket = Secrets.optional("WEBEX_SESSION_TICKET")
      const token = Secrets.optional("WEBEX_ACCESS_TOKEN")
      let password = Secrets.optional("WEBEX_PASSWORD")
      // Only a password can be typed at a prompt; tickets and tokens are not for typing.
      if (op.requirement !== "site" && Option.isNone(ticket) && Option.isNone(token) && Option.isNone(password)) {
        password = Option.some(yield* Secrets.required("WEBEX_PASSWORD", `WebEx password for ${webExID ?? "the user"}`))
      }
      const credential: {
        password?: Redacted.Redacted<string>
        webExAccessToken?: Redacted.Redacted<string>
        sessionTicket?: Redacted.Redacted<string>
      } =
        op.requirement === "login"
          ? Option.isSome(token)
            ? { webExAccessToken: token.value }
            : Option.isSome(password)
              ? { password: password.value }
              : {}
          : Option.isSome(ticket)
            ? { sessionTicket: ticket.value }
            : Option.isSome(token)
              ? { webExAccessToken: token.value }
              : Option.isSome(password)
                ? { password: password.value }
                : {}
      const config = yield* Either.mapLeft(
        WebExConfig.make({
          siteName,
          siteID: Secrets.env("WEBEX_SITE_ID"),
          webExID,
          email: Secrets.env("WEBEX_EMAIL"),
          partnerID: Option.getOrUndefined(Secrets.optional("WEBEX_PARTNER_ID")),
          endpoint: opt(args.endpoint, "WEBEX_ENDPOINT"),
          timeout: Common.timeoutOf(args.timeout),
          deadline: Common.timeoutOf(args.timeout),
          ...credential
        }),
        (e) => (e._tag === "InvalidEndpoint" ? new InvalidInput({ reason: e.message }) : e)
      )
      const http = yield* HttpClient.HttpClient
      const client = yield* WebExClient.make(config).pipe(Effect.provideService(HttpClient.HttpClient, http))
      const spin = <A, E, R>(e: Effect.Effect<A, E, R>) => (args.json ? e : Output.withSpinner(`WebEx ${name}`, e))
      const secrets = Object.values(credential)

      if (args.all && (name === "LstsupportsessionHistory" || name === "LstsupportattendeeHistory")) {
        const stream =
          name === "LstsupportsessionHistory"
            ? History.streamSupportSessions(input as History.LstsupportsessionHistory)
            : History.streamSupportAttendees(input as History.LstsupportattendeeHistory)
        const all = yield* spin(
          Stream.runCollect(stream as Stream.Stream<unknown, unknown, WebExClient.WebExClient>).pipe(
            Effect.provideService(WebExClient.WebExClient, client)
          )
        )
        const records = Chunk.toReadonlyArray(all)
        return yield* Common.emit(
          `WebEx ${name}: ${records.length} record(s)`,
          { operation: name, records },
          args.json,
          secrets
        )
      }
      const body = yield* spin(client.call(op, input))
      return yield* Common.emit(`WebEx ${name}: SUCCESS`, { operation: name, body }, args.json, secrets)
    })
).pipe(Command.withDescription("Call a WebEx XML API operation"))
