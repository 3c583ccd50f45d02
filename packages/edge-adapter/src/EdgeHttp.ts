/**
 * The edge HTTP layer: @effect/platform's `FetchHttpClient` over the runtime's own
 * `fetch` (workerd, Deno, Bun, browsers, Node), with a deadline for the whole exchange
 * carried by an `AbortSignal`.
 *
 * @since 0.1.0
 */
import { FetchHttpClient, type HttpClient } from "@effect/platform"
import { RequestTimeout } from "@sessionwire/protocol"
import { Config, type ConfigError, Duration, Effect, Layer, Option } from "effect"

/** @since 0.1.0 */
export interface Options {
  /**
   * Time allowed for a whole exchange, from sending the request to the last byte of the
   * reply. The request is aborted when it runs out and the call fails with `RequestTimeout`.
   * A per-call `timeout` given to the protocol layer applies as well; the shorter wins. Default 30 s.
   */
  readonly requestTimeout?: Duration.DurationInput | undefined
  /** The `fetch` to use; defaults to `globalThis.fetch`, looked up per call. */
  readonly fetch?: typeof globalThis.fetch | undefined
}

const hostOf = (input: RequestInfo | URL): string => {
  try {
    return new URL(typeof input === "string" || input instanceof URL ? input : input.url).host
  } catch {
    return "(invalid url)"
  }
}

/**
 * `fetch` with a deadline. The platform client passes its own signal (interruption);
 * this one is linked to it and also aborts when the time is up, with a
 * {@link RequestTimeout} as the reason: `fetch` rejects with it, or the half-read body
 * errors with it, and the protocol layer reports it as such.
 *
 * @since 0.1.0
 */
export const withDeadline =
  (timeoutMillis: number, base?: typeof globalThis.fetch): typeof globalThis.fetch =>
  (input, init) => {
    const controller = new AbortController()
    const outer = init?.signal ?? undefined
    const onOuterAbort = () => controller.abort(outer?.reason)
    if (outer?.aborted) controller.abort(outer.reason)
    else outer?.addEventListener("abort", onOuterAbort, { once: true })
    const timer = setTimeout(
      () => controller.abort(new RequestTimeout({ host: hostOf(input), timeoutMillis })),
      timeoutMillis
    )
    // Node keeps its event loop alive for a pending timer; a Worker has no such notion.
    ;(timer as { unref?: () => void }).unref?.()
    const release = () => {
      clearTimeout(timer)
      outer?.removeEventListener("abort", onOuterAbort)
    }
    // The deadline also covers the body, so the timer is left to run after the headers
    // arrive; aborting an exchange that has already finished does nothing.
    return (base ?? globalThis.fetch)(input, { ...init, signal: controller.signal }).catch((error: unknown) => {
      release()
      throw error
    })
  }

const resolveMillis = (options: Options): number => {
  const millis = Duration.toMillis(Duration.decode(options.requestTimeout ?? Duration.seconds(30)))
  if (!(millis > 0) || !Number.isFinite(millis))
    throw new RangeError("requestTimeout must be a positive, finite duration")
  return millis
}

/**
 * The fetch `HttpClient` layer with a request deadline. Cheap to build; build it once
 * per isolate all the same (see `WorkerHandler`). Bad options throw a `RangeError` here.
 *
 * @since 0.1.0
 */
export const layer = (options: Options = {}): Layer.Layer<HttpClient.HttpClient> => {
  const millis = resolveMillis(options)
  return FetchHttpClient.layer.pipe(
    Layer.provide(Layer.succeed(FetchHttpClient.Fetch, withDeadline(millis, options.fetch)))
  )
}

/**
 * Reads {@link Options} from configuration: `SESSIONWIRE_HTTP_REQUEST_TIMEOUT` (a duration
 * such as `20 seconds`), unset meaning the default. In a Worker, a `vars` entry.
 *
 * @since 0.1.0
 */
export const config: Config.Config<Options> = Config.option(
  Config.duration("SESSIONWIRE_HTTP_REQUEST_TIMEOUT").pipe(
    Config.validate({ message: "must be positive", validation: (d) => Duration.toMillis(d) > 0 })
  )
).pipe(Config.map((d) => ({ requestTimeout: Option.getOrUndefined(d) })))

/**
 * {@link layer} with its options read from {@link config}.
 *
 * @since 0.1.0
 */
export const layerConfig = (
  from: Config.Config<Options> = config
): Layer.Layer<HttpClient.HttpClient, ConfigError.ConfigError> => Layer.unwrapEffect(Effect.map(from, layer))
