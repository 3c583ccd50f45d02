/**
 * The `sessionwire` command line: the command tree, and `main`, which runs it and turns
 * the outcome into an exit code, printing failures as JSON (`--json`) or text on stderr.
 *
 * @since 0.1.0
 */
import { Command, HelpDoc, ValidationError } from "@effect/cli"
import { Cause, Console, Effect, Exit } from "effect"
import * as Color from "./Color.ts"
import * as DecodeCommand from "./DecodeCommand.ts"
import * as DemoCommand from "./DemoCommand.ts"
import * as ExitCode from "./ExitCode.ts"
import * as Output from "./Output.ts"
import * as SimulateCommand from "./SimulateCommand.ts"
import * as SuperOfficeCommand from "./SuperOfficeCommand.ts"
import * as WebExCommand from "./WebExCommand.ts"

export const VERSION = "0.1.0"

export const root = Command.make("sessionwire").pipe(
  Command.withDescription("Create, check, keep alive and remove sessions on SuperOffice and WebEx"),
  Command.withSubcommands([
    SuperOfficeCommand.command,
    WebExCommand.command,
    DecodeCommand.command,
    SimulateCommand.command,
    DemoCommand.command
  ])
)

export const cli = Command.run(root, { name: "sessionwire", version: VERSION })

const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, "g")

/** The printable form of a failure: CLI parse errors become `UsageError`. */
const describe = (error: unknown): Record<string, unknown> =>
  ValidationError.isValidationError(error)
    ? { _tag: "UsageError", kind: error._tag, message: HelpDoc.toAnsiText(error.error).replace(ANSI, "").trim() }
    : Output.errorJson(error)

/** Prints a failure and returns its exit code. */
export const report = (error: unknown, asJson: boolean): Effect.Effect<number> =>
  Effect.sync(() => {
    const shown = describe(error)
    const code = ValidationError.isValidationError(error) ? 2 : ExitCode.of(error)
    if (asJson) process.stderr.write(`${JSON.stringify(shown)}\n`)
    // @effect/cli has already printed the usage for a parse error.
    else if (!ValidationError.isValidationError(error)) {
      process.stderr.write(`✗ ${shown._tag}: ${String(shown.message ?? "")}\n`.replace(/: \n$/, "\n"))
    }
    return code
  })

const SUBCOMMANDS = ["superoffice", "webex", "decode", "simulate", "demo"]

/** @effect/cli's usage line of a subcommand starts `$ superoffice`: name the command people type. */
export const fullUsage = (text: string): string =>
  text.replace(
    new RegExp(`^((?:${String.fromCharCode(27)}\\[[0-9;]*m)*)\\$ (${SUBCOMMANDS.join("|")})\\b`, "gm"),
    "$1$ sessionwire $2"
  )

/**
 * @effect/cli styles its help and errors unconditionally: drop the codes for a stream that
 * should get no colour (see `Color.enabled`). With --json, stdout carries only the result,
 * so @effect/cli's own printing goes to stderr.
 */
const cliConsole = (asJson: boolean) =>
  Console.consoleWith((c) => {
    const plain = (stream: NodeJS.WriteStream) => (args: ReadonlyArray<unknown>) =>
      args.map((a) => (typeof a === "string" ? fullUsage(Color.enabled(stream) ? a : Color.strip(a)) : a))
    const out = plain(process.stdout)
    const err = plain(process.stderr)
    const log = (...args: ReadonlyArray<any>) => (asJson ? c.error(...err(args)) : c.log(...out(args)))
    const error = (...args: ReadonlyArray<any>) => c.error(...err(args))
    const unsafeLog = (...args: ReadonlyArray<any>) =>
      asJson ? c.unsafe.error(...err(args)) : c.unsafe.log(...out(args))
    const unsafeError = (...args: ReadonlyArray<any>) => c.unsafe.error(...err(args))
    return Effect.succeed({
      ...c,
      log,
      info: log,
      error,
      unsafe: { ...c.unsafe, log: unsafeLog, info: unsafeLog, error: unsafeError }
    })
  })

/**
 * `--version` is @effect/cli's built-in everywhere on the line, but `superoffice --version 88`
 * is the natural way to pick a NetServer version: after `superoffice`, a `--version` with a
 * value becomes `--services`.
 */
export const normalize = (argv: ReadonlyArray<string>): ReadonlyArray<string> => {
  const at = argv.indexOf("superoffice")
  if (at < 0) return argv
  return argv.flatMap((a, i) => {
    if (i <= at) return [a]
    if (a === "--version" && /^\d+$/.test(argv[i + 1] ?? "")) return ["--services"]
    const m = /^--version=(\d+)$/.exec(a)
    return m ? [`--services=${m[1]}`] : [a]
  })
}

/** Runs the command line (`argv` as in `process.argv`) and yields the exit code. */
export const main = (argv: ReadonlyArray<string>) => {
  const asJson = argv.includes("--json")
  const run = cli(normalize(argv))
  const program = Effect.flatMap(cliConsole(asJson), (c) => Effect.withConsole(run, c))
  return program.pipe(
    Effect.exit,
    Effect.flatMap((exit) => {
      if (Exit.isSuccess(exit)) return Effect.succeed(ExitCode.SUCCESS)
      if (Cause.isInterruptedOnly(exit.cause)) return Effect.succeed(ExitCode.INTERRUPTED)
      return report(Output.failureOf(exit.cause), asJson)
    })
  )
}
