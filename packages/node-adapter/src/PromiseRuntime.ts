/**
 * Running Effect programs for code that uses Promises: one runtime per client, errors
 * thrown as the library's own tagged error classes (not wrapped), and cancellation
 * through an `AbortSignal`.
 *
 * @since 0.1.0
 */
import { Cause, Data, Effect, Exit, type Layer, ManagedRuntime, Runtime } from "effect"

/**
 * The call was cancelled through its `AbortSignal`, or the client was closed while it ran.
 * The request was aborted.
 *
 * @since 0.1.0
 */
export class Aborted extends Data.TaggedError("Aborted")<{ readonly operation: string }> {
  override get message(): string {
    return `${this.operation} was aborted`
  }
}

/**
 * The client was used after `close()`.
 *
 * @since 0.1.0
 */
export class ClientClosed extends Data.TaggedError("ClientClosed")<{ readonly client: string }> {
  override get message(): string {
    return `The ${this.client} client is closed`
  }
}

/**
 * Every error a Promise-facade call rejects with carries a string `_tag` (the same as
 * in the Effect API: `InvalidCredentials`, `RequestTimeout`, `WebExFailure`, …) and a
 * secret-free `message`.
 *
 * @since 0.1.0
 */
export interface TaggedError extends Error {
  readonly _tag: string
}

/** @since 0.1.0 */
export const isTaggedError = (u: unknown): u is TaggedError =>
  u instanceof Error && typeof (u as { _tag?: unknown })._tag === "string"

/** @since 0.1.0 */
export interface CallOptions {
  /**
   * Aborting it rejects the call with {@link Aborted} at whatever stage it is: waiting for
   * the client's first-use setup (the pool, a SoPrincipal login), or running, where it
   * interrupts the call and so aborts its HTTP request. A CS session being opened or
   * closed is finished first (at most the call deadline), so none is left behind.
   */
  readonly signal?: AbortSignal | undefined
}

/**
 * A runtime over `layer`, built on first use, with `run` turning an Effect into a
 * Promise that rejects with the Effect's own error.
 *
 * @since 0.1.0
 */
export interface PromiseRuntime<R> {
  readonly run: <A, E>(operation: string, effect: Effect.Effect<A, E, R>, options?: CallOptions) => Promise<A>
  readonly runtime: () => Promise<Runtime.Runtime<R>>
  readonly close: () => Promise<void>
}

/** The error to throw for a failed exit: the typed failure itself, never a FiberFailure wrapper. */
export const toThrowable = (operation: string, cause: Cause.Cause<unknown>): unknown => {
  const failure = Cause.failureOption(cause)
  if (failure._tag === "Some") return failure.value
  if (Cause.isInterruptedOnly(cause)) return new Aborted({ operation })
  return Cause.squash(cause)
}

/**
 * `promise`, or a rejection with {@link Aborted} as soon as `signal` aborts.
 *
 * @since 0.2.0
 * @category combinators
 */
export const untilAborted = <A>(
  promise: Promise<A>,
  signal: AbortSignal | undefined,
  operation: string
): Promise<A> => {
  if (signal === undefined) return promise
  if (signal.aborted) return Promise.reject(new Aborted({ operation }))
  return new Promise<A>((resolve, reject) => {
    const onAbort = () => reject(new Aborted({ operation }))
    signal.addEventListener("abort", onAbort, { once: true })
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort)
        resolve(value)
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort)
        reject(error)
      }
    )
  })
}

/**
 * Builds the runtime on first use. A layer that fails to build (a login refused, a
 * host unreachable) fails that call with the build's error and is built afresh by the
 * next call, rather than failing every call for the life of the client.
 *
 * @since 0.1.0
 */
export const make = <R, E>(client: string, layer: Layer.Layer<R, E>): PromiseRuntime<R> => {
  let current = ManagedRuntime.make(layer)
  let closed: Promise<void> | undefined
  // The built runtime, kept once the layer has been built: every call after the first starts at once.
  let ready: { readonly from: ManagedRuntime.ManagedRuntime<R, E>; readonly runtime: Runtime.Runtime<R> } | undefined
  const built = async (operation: string): Promise<Runtime.Runtime<R>> => {
    if (closed !== undefined) throw new ClientClosed({ client })
    const rt = current
    if (ready !== undefined && ready.from === rt) return ready.runtime
    const exit = await Effect.runPromiseExit(rt.runtimeEffect)
    if (Exit.isSuccess(exit)) {
      ready = { from: rt, runtime: exit.value }
      return exit.value
    }
    if (current === rt) {
      current = ManagedRuntime.make(layer)
      void rt.dispose()
    }
    throw toThrowable(operation, exit.cause)
  }
  return {
    run: async (operation, effect, options) => {
      const signal = options?.signal
      if (signal?.aborted) throw new Aborted({ operation })
      // The setup is shared by every caller, so one caller's abort stops its wait, not the
      // setup: the next call reuses it. The setup's own calls are bounded by their deadline.
      const runtime =
        closed === undefined && ready !== undefined && ready.from === current
          ? ready.runtime
          : await untilAborted(built(operation), signal, operation)
      if (signal?.aborted) throw new Aborted({ operation })
      const exit = await Runtime.runPromiseExit(runtime, effect, signal ? { signal } : undefined)
      if (Exit.isSuccess(exit)) return exit.value
      // A failure that raced the abort (a timeout cut short, say) is still the abort's doing.
      if (signal?.aborted) throw new Aborted({ operation })
      throw toThrowable(operation, exit.cause)
    },
    runtime: () => built("start"),
    close: () => {
      closed ??= current.dispose()
      return closed
    }
  }
}
