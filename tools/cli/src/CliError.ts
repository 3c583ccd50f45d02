/**
 * The CLI's own failures: bad input found before anything is sent, a secret that is
 * neither in the environment nor obtainable by a prompt, and a demo step whose outcome
 * was not what the lifecycle requires.
 *
 * @since 0.1.0
 */
import { Data } from "effect"

/** The command line or the `--input` document cannot be used; `reason` says why, never quoting a secret. */
export class InvalidInput extends Data.TaggedError("InvalidInput")<{
  readonly reason: string
}> {
  override get message(): string {
    return this.reason
  }
}

/** A secret is needed, is not set in the environment, and there is no terminal to ask on. */
export class MissingSecret extends Data.TaggedError("MissingSecret")<{
  /** The environment variable to set. */
  readonly variable: string
}> {
  override get message(): string {
    return `${this.variable} is not set and there is no terminal to prompt on. Secrets are read from the environment or a prompt, never from the command line.`
  }
}

/** A demo step completed but with the wrong outcome (e.g. SessionIsValid still true after RemoveSession). */
export class DemoFailed extends Data.TaggedError("DemoFailed")<{
  readonly step: string
  readonly reason: string
}> {
  override get message(): string {
    return `Demo step ${this.step} failed: ${this.reason}`
  }
}
