/**
 * A Worker `fetch` handler from an Effect program. The services the program needs are
 * built once per isolate, on the first request (when `env` is first seen), into a
 * `ManagedRuntime`, and every later request reuses them: one HTTP layer, one parsed
 * configuration, one ticket cache.
 *
 * @since 0.1.0
 */
import { Cause, Effect, Exit, Layer, ManagedRuntime } from "effect"
import * as WorkerEnv from "./WorkerEnv.ts"

/**
 * The part of the Workers `ExecutionContext` this module uses, so no Workers type
 * package is needed to compile it.
 *
 * @since 0.1.0
 */
export interface ExecutionContext {
  waitUntil(promise: Promise<unknown>): void
}

/** @since 0.1.0 */
export interface HandlerOptions<Env, R, LE> {
  /**
   * The services the program needs, built once per isolate. `Config` inside it reads the
   * Worker's `env` (see `WorkerEnv`). A function receives `env` for bindings that are not
   * configuration (KV, services, …).
   */
  readonly layer: Layer.Layer<R, LE> | ((env: Env) => Layer.Layer<R, LE>)
  /** Answers one request. Failures and defects go to `onError`. */
  readonly handle: (request: Request, env: Env, ctx: ExecutionContext) => Effect.Effect<Response, unknown, R>
  /**
   * Turns a failure (of the program or of building the layer) into a response. The default
   * answers 500 with `{ "error": tag, "message": message }`; library errors never carry
   * secrets, but a program's own errors should be reviewed before exposing them.
   */
  readonly onError?: ((cause: Cause.Cause<unknown>, request: Request) => Response) | undefined
}

/** @since 0.1.0 */
export interface FetchHandler<Env> {
  fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response>
}

const describe = (error: unknown): { readonly error: string; readonly message: string } => {
  if (typeof error === "object" && error !== null) {
    const tag = (error as { _tag?: unknown })._tag
    const message = (error as { message?: unknown }).message
    return {
      error: typeof tag === "string" ? tag : "Error",
      message: typeof message === "string" ? message : "Unexpected error"
    }
  }
  return { error: "Error", message: "Unexpected error" }
}

/**
 * The default error response: 500 with the error's tag and message as JSON. An
 * interrupted request (the client went away) gets 499, which nobody will read.
 *
 * @since 0.1.0
 */
export const defaultOnError = (cause: Cause.Cause<unknown>): Response => {
  if (Cause.isInterruptedOnly(cause)) return new Response(null, { status: 499 })
  const failure = Cause.failureOption(cause)
  const body =
    failure._tag === "Some" ? describe(failure.value) : { error: "Defect", message: "The Worker failed unexpectedly" }
  return Response.json(body, { status: 500 })
}

/**
 * Builds a Worker's `fetch` handler.
 *
 * @example
 * ```ts
 * export default WorkerHandler.make({
 *   layer: Layer.mergeAll(WebExClient.layer).pipe(
 *     Layer.provideMerge(WebExConfig.layerConfig()),
 *     Layer.provideMerge(EdgeHttp.layer())
 *   ),
 *   handle: (request) => Effect.map(SupportSession.create(), (r) => Response.json({ sessionKey: String(r.sessionKey) }))
 * })
 * ```
 *
 * @since 0.1.0
 */
export const make = <Env extends object, R, LE>(options: HandlerOptions<Env, R, LE>): FetchHandler<Env> => {
  let runtime: ManagedRuntime.ManagedRuntime<R, LE> | undefined
  const onError = options.onError ?? defaultOnError
  const runtimeFor = (env: Env): ManagedRuntime.ManagedRuntime<R, LE> => {
    if (runtime === undefined) {
      const layer = typeof options.layer === "function" ? options.layer(env) : options.layer
      runtime = ManagedRuntime.make(layer.pipe(Layer.provide(WorkerEnv.layer(env))))
    }
    return runtime
  }
  return {
    fetch: async (request, env, ctx) => {
      const rt = runtimeFor(env)
      const exit = await rt.runPromiseExit(
        Effect.suspend(() => options.handle(request, env, ctx)),
        // A client that goes away interrupts the program, which aborts its outbound calls.
        request.signal ? { signal: request.signal } : undefined
      )
      if (Exit.isSuccess(exit)) return exit.value
      // A layer that failed to build is retried by the next request rather than cached forever.
      if (runtime === rt && (await buildFailed(rt))) {
        runtime = undefined
        ctx.waitUntil(rt.dispose())
      }
      return onError(exit.cause, request)
    }
  }
}

const buildFailed = <R, E>(rt: ManagedRuntime.ManagedRuntime<R, E>): Promise<boolean> =>
  rt.runtimeEffect.pipe(
    Effect.as(false),
    Effect.catchAllCause(() => Effect.succeed(true)),
    Effect.runPromise
  )
