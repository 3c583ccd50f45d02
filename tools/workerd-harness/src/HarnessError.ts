/**
 * Failures of the harness itself, kept apart from failures of the code under
 * test so a red test says which side broke.
 *
 * @since 0.1.0
 */
import { Data } from "effect"

/** esbuild could not bundle the entry; `message` carries esbuild's formatted diagnostics. */
export class WorkerBundleError extends Data.TaggedError("WorkerBundleError")<{
  readonly entry: string
  readonly message: string
  readonly cause?: unknown
}> {}

/** workerd refused the bundle or did not come up (bad compatibility date, missing built-in, top-level throw, ...). */
export class WorkerdStartError extends Data.TaggedError("WorkerdStartError")<{
  readonly message: string
  readonly cause?: unknown
}> {}

/** The Worker answered, but not with a usable result: non-2xx status or a body that is not JSON. */
export class WorkerdResponseError extends Data.TaggedError("WorkerdResponseError")<{
  readonly path: string
  readonly status: number
  /** The body as text, truncated, because an uncaught error in the Worker shows up here. */
  readonly body: string
  readonly message: string
}> {}

export type HarnessError = WorkerBundleError | WorkerdStartError | WorkerdResponseError
