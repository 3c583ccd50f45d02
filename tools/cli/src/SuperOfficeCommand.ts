/**
 * `sessionwire superoffice <operation>`: any CustomerService operation of Services86,
 * 87 or 88, and SoPrincipal login (`AuthenticateUsernamePassword`, alias `login`;
 * `AuthenticateWithAccessToken`; `GetSystemInfo`). `list` prints a version's operations.
 *
 * Credentials, in order: `SUPEROFFICE_TICKET`, `SUPEROFFICE_ACCESS_TOKEN` (an `8A:` token
 * goes in the Ticket header too), or a login as `--user`/`SUPEROFFICE_USER` with
 * `SUPEROFFICE_PASSWORD` or a prompt. Never from argv.
 *
 * @since 0.1.0
 */
import { Args, Command, Options } from "@effect/cli"
import { HttpClient } from "@effect/platform"
import type { Operation } from "@sessionwire/protocol"
import { CustomerService, Generated, SoPrincipal, SuperOfficeConfig } from "@sessionwire/superoffice"
import { Effect, Option, Redacted } from "effect"
import { InvalidInput, MissingSecret } from "./CliError.ts"
import * as Common from "./Common.ts"
import * as Input from "./Input.ts"
import * as Output from "./Output.ts"
import * as Secrets from "./Secrets.ts"
import * as Suggest from "./Suggest.ts"

const LOGIN = ["authenticateusernamepassword", "login"]
const TOKEN_LOGIN = "authenticatewithaccesstoken"
const SYSTEM_INFO = "getsysteminfo"

/** The operations of a version, by name. */
export const operationsOf = (version: SuperOfficeConfig.Version): Readonly<Record<string, Operation.Any>> =>
  Generated.customerServiceOperations[version] as unknown as Readonly<Record<string, Operation.Any>>

const findOperation = (version: SuperOfficeConfig.Version, name: string): Operation.Any | undefined => {
  const ops = operationsOf(version)
  const lower = name.toLowerCase()
  return Object.values(ops).find((op) => op.name.toLowerCase() === lower)
}

const endpointOf = (flag: Option.Option<string>) =>
  Option.match(
    Option.orElse(flag, () => Option.fromNullable(Secrets.env("SUPEROFFICE_ENDPOINT"))),
    {
      onNone: () =>
        Effect.fail(
          new InvalidInput({
            reason:
              "Set --endpoint or SUPEROFFICE_ENDPOINT to the tenant's base URL, e.g. https://online3.superoffice.com/Cust12345"
          })
        ),
      onSome: Effect.succeed
    }
  )

const versionOf = (flag: Option.Option<SuperOfficeConfig.Version>) => {
  const v = Option.getOrElse(flag, () => Secrets.env("SUPEROFFICE_VERSION") ?? "88")
  return SuperOfficeConfig.isVersion(v)
    ? Effect.succeed(v)
    : Effect.fail(
        new InvalidInput({ reason: `SUPEROFFICE_VERSION must be one of ${SuperOfficeConfig.versions.join(", ")}` })
      )
}

const appToken = () => Option.getOrElse(Secrets.optional("SUPEROFFICE_APP_TOKEN"), () => Redacted.make(""))

const userOf = (flag: Option.Option<string>) =>
  Option.orElse(flag, () => Option.fromNullable(Secrets.env("SUPEROFFICE_USER")))

/** Refuses secrets on the command line: argv is visible to every user of the machine. */
const noSecretParams = (params: ReadonlyArray<readonly [string, string]>) => {
  const bad = params.find(([k]) => /password|ticket|token/i.test(k))
  return bad === undefined
    ? Effect.void
    : Effect.fail(
        new InvalidInput({
          reason: `--param ${bad[0]}: secrets are read from the environment (SUPEROFFICE_PASSWORD, SUPEROFFICE_TICKET, SUPEROFFICE_ACCESS_TOKEN, SUPEROFFICE_APP_TOKEN) or a prompt, never from the command line`
        })
      )
}

export const command = Command.make(
  "superoffice",
  {
    operation: Args.text({ name: "operation" }).pipe(
      Args.withDescription("A CustomerService operation, login / AuthenticateWithAccessToken / GetSystemInfo, or list")
    ),
    // Named --services because @effect/cli reserves --version; main() maps `--version 88` here.
    version: Options.choice("services", SuperOfficeConfig.versions).pipe(
      Options.optional,
      Options.withDescription(
        "NetServer version, 86, 87 or 88 (default: $SUPEROFFICE_VERSION or 88); --version N works too"
      )
    ),
    endpoint: Common.endpoint("SUPEROFFICE_ENDPOINT", "The tenant's base URL"),
    user: Options.text("user").pipe(
      Options.optional,
      Options.withDescription("User name to log in as (default: $SUPEROFFICE_USER)")
    ),
    input: Common.input,
    param: Common.param,
    timeout: Common.timeout,
    json: Common.json
  },
  (args) =>
    Effect.gen(function* () {
      const version = yield* versionOf(args.version)
      const opName = args.operation.trim()
      if (opName.toLowerCase() === "list") {
        const names = Object.keys(operationsOf(version)).sort()
        const all = {
          version,
          CustomerService: names,
          SoPrincipal: ["AuthenticateUsernamePassword", "AuthenticateWithAccessToken", "GetSystemInfo"]
        }
        return yield* Common.emit(`Services${version} operations`, all, args.json)
      }
      // A mistyped name is reported before anything else is asked for (endpoint, credentials).
      const known = [
        ...Object.keys(operationsOf(version)),
        "login",
        "AuthenticateUsernamePassword",
        "AuthenticateWithAccessToken",
        "GetSystemInfo"
      ]
      if (
        findOperation(version, opName) === undefined &&
        !known.some((k) => k.toLowerCase() === opName.toLowerCase())
      ) {
        return yield* new InvalidInput({
          reason: `Services${version} CustomerService has no operation ${opName}.${Suggest.didYouMean(opName, known)} Run "sessionwire superoffice list --services ${version}" for all of them.`
        })
      }
      const pairs = yield* Effect.forEach(args.param, (p) => Input.splitParam(p))
      yield* noSecretParams(pairs)
      const params = yield* Effect.flatMap(Input.readInput(Option.getOrUndefined(args.input)), (base) =>
        Input.withParams(base, pairs)
      )
      const endpoint = yield* endpointOf(args.endpoint)
      const timeout = Common.timeoutOf(args.timeout)
      const applicationToken = appToken()
      const http = yield* HttpClient.HttpClient
      const lower = opName.toLowerCase()
      const spin = <A, E, R>(e: Effect.Effect<A, E, R>) =>
        args.json ? e : Output.withSpinner(`Services${version} ${opName}`, e)

      const principal = () => SoPrincipal.make({ endpoint, version, applicationToken, timeout, deadline: timeout })
      const loginWithPassword = (user: string) =>
        Effect.gen(function* () {
          const password = yield* Secrets.required("SUPEROFFICE_PASSWORD", `Password for ${user}`)
          const p = yield* principal()
          return yield* spin(p.AuthenticateUsernamePassword(user, password))
        })

      if (LOGIN.includes(lower) || lower === TOKEN_LOGIN || lower === SYSTEM_INFO) {
        if (lower === SYSTEM_INFO) {
          const info = yield* Effect.flatMap(principal(), (p) => spin(p.GetSystemInfo()))
          return yield* Common.emit(
            `SoPrincipal.GetSystemInfo (Services${version})`,
            { systemInfo: info ?? null },
            args.json
          )
        }
        const auth =
          lower === TOKEN_LOGIN
            ? yield* Effect.flatMap(
                Effect.zip(Secrets.required("SUPEROFFICE_ACCESS_TOKEN", "OAuth access token"), principal()),
                ([token, p]) => spin(p.AuthenticateWithAccessToken(token))
              )
            : yield* Option.match(
                Option.orElse(userOf(args.user), () => Option.fromNullable(params.UserName as string | undefined)),
                {
                  onNone: () => Effect.fail(new InvalidInput({ reason: "Give --user or set SUPEROFFICE_USER" })),
                  onSome: loginWithPassword
                }
              )
        return yield* Common.emit(
          `SoPrincipal login (Services${version}): authenticated`,
          { ticket: auth.ticket, principal: auth.principal ?? null },
          args.json
        )
      }

      const op = findOperation(version, opName)
      if (op === undefined) return yield* new InvalidInput({ reason: `no operation ${opName}` })
      const input = yield* Input.decode(op.request.schema, op.name, params)
      const ticket: Redacted.Redacted<string> = yield* Option.match(
        Option.orElse(Secrets.optional("SUPEROFFICE_TICKET"), () => Secrets.optional("SUPEROFFICE_ACCESS_TOKEN")),
        {
          onSome: Effect.succeed,
          onNone: () =>
            Option.match(userOf(args.user), {
              onSome: (user) => Effect.map(loginWithPassword(user), (a) => a.ticket),
              onNone: () =>
                process.stdin.isTTY === true
                  ? Secrets.required("SUPEROFFICE_TICKET", "SuperOffice ticket (7T:…) or access token (8A:…)")
                  : Effect.fail(new MissingSecret({ variable: "SUPEROFFICE_TICKET" }))
            })
        }
      )
      const config = yield* SuperOfficeConfig.make({
        endpoint,
        version,
        applicationToken,
        ticket,
        timeout,
        deadline: timeout
      })
      const client = CustomerService.fromConfig(version, config, http) as unknown as Record<
        string,
        (input: unknown) => Effect.Effect<Operation.Reply<unknown, unknown>, unknown>
      >
      const reply = yield* spin(client[op.name]!(input))
      return yield* Common.emit(
        `${op.service}.${op.name}: Succeeded`,
        { operation: `${op.service}.${op.name}`, body: reply.body, headers: reply.headers },
        args.json,
        [ticket, applicationToken]
      )
    })
).pipe(Command.withDescription("Call a SuperOffice CustomerService operation, or log in with SoPrincipal"))
