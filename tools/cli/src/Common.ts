/**
 * Options every command shares, and how a result reaches stdout.
 *
 * @since 0.1.0
 */
import { Options } from "@effect/cli"
import type { Excerpt } from "@sessionwire/protocol"
import { Duration, Effect } from "effect"
import * as Output from "./Output.ts"

export const json = Options.boolean("json").pipe(
  Options.withDescription("Print the typed result as JSON on stdout; a failure as JSON on stderr")
)

export const timeout = Options.integer("timeout").pipe(
  Options.withDefault(30),
  Options.withDescription("Seconds a call may take, every attempt and retry included")
)

export const timeoutOf = (seconds: number): Duration.Duration => Duration.seconds(Math.max(1, seconds))

export const input = Options.text("input").pipe(
  Options.optional,
  Options.withDescription("Parameters as JSON: inline ('{...}'), a file path, or - for stdin")
)

export const param = Options.text("param").pipe(
  Options.repeated,
  Options.withDescription("A parameter as Key=Value (dotted keys for nested fields); repeatable")
)

export const endpoint = (env: string, what: string) =>
  Options.text("endpoint").pipe(Options.optional, Options.withDescription(`${what} (default: $${env})`))

/** Prints a result: JSON on stdout, or indented text under a heading. */
export const emit = (
  heading: string,
  value: unknown,
  asJson: boolean,
  secrets: ReadonlyArray<Excerpt.Secret> = []
): Effect.Effect<void> =>
  Effect.sync(() => {
    if (asJson) process.stdout.write(`${Output.toJson(value, secrets)}\n`)
    else process.stdout.write(`${heading}\n${indent(Output.toText(value, secrets))}\n`)
  })

const indent = (text: string): string =>
  text
    .split("\n")
    .map((l) => `  ${l}`)
    .join("\n")
