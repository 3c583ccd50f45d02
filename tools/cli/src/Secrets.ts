/**
 * Secrets come from the environment or, on a terminal, from a prompt that does not
 * echo — never from argv, which any user on the machine can read with `ps`.
 *
 * @since 0.1.0
 */
import { Prompt } from "@effect/cli"
import { Effect, Option, Redacted } from "effect"
import { MissingSecret } from "./CliError.ts"

/** The environment, read once per call so tests can set it per process. */
export const env = (name: string): string | undefined => {
  const v = process.env[name]
  return v === undefined || v === "" ? undefined : v
}

export const optional = (name: string): Option.Option<Redacted.Redacted<string>> =>
  Option.map(Option.fromNullable(env(name)), Redacted.make)

/** `name` from the environment, else a prompt on a terminal, else {@link MissingSecret}. */
export const required = (
  name: string,
  label: string
): Effect.Effect<Redacted.Redacted<string>, MissingSecret, Prompt.Prompt.Environment> => {
  const fromEnv = env(name)
  if (fromEnv !== undefined) return Effect.succeed(Redacted.make(fromEnv))
  if (process.stdin.isTTY !== true) return Effect.fail(new MissingSecret({ variable: name }))
  return Prompt.password({ message: `${label} (or set ${name})` }).pipe(
    Prompt.run,
    Effect.mapError(() => new MissingSecret({ variable: name }))
  )
}
