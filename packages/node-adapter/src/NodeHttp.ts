/**
 * The Node HTTP layer: an `HttpClient` over one pooled, keep-alive `undici.Agent`,
 * with connect and request timeouts, closed with the Layer's scope. It talks to
 * undici directly rather than through the platform's adapter, which costs more per
 * call than the rest of the call together (`npm run bench:e2e -w @sessionwire/bench`).
 *
 * undici was chosen over the platform's `node:http` client by measurement
 * (`npm run bench:http -w @sessionwire/bench`): about twice the calls per second
 * on loopback at concurrency 1 and 16. See the package README for the figures.
 *
 * @since 0.1.0
 */
import type { HttpClient } from "@effect/platform"
import { HttpClient as Client } from "@effect/platform"
// The module itself, not the package index, which would also load workers, clusters and servers.
import * as Undici from "@effect/platform-node/Undici"
import { Exchange } from "@sessionwire/protocol"
import { Config, type ConfigError, Duration, Effect, Layer, Option, type Scope } from "effect"
import * as UndiciClient from "./internal/undiciClient.ts"

/** Pool and timeout settings. Every field has a default suited to SOAP calls to a SaaS host. */
export interface Options {
  /** Keep-alive connections kept per origin (host:port). Default 16. */
  readonly connections?: number | undefined
  /** Time allowed for TCP and TLS to connect. Default 10 s. */
  readonly connectTimeout?: Duration.DurationInput | undefined
  /**
   * Time allowed for a whole exchange, from sending the request to the last byte of the
   * reply. The request is aborted when it runs out and the call fails with `RequestTimeout`.
   * A per-call `timeout` given to the protocol layer applies as well; the shorter wins. Default 60 s.
   */
  readonly requestTimeout?: Duration.DurationInput | undefined
  /** How long an idle connection stays open for reuse. Default 30 s. */
  readonly keepAliveTimeout?: Duration.DurationInput | undefined
  /** How long closing the scope waits for calls still in flight before cutting them off. Default 5 s. */
  readonly shutdownGrace?: Duration.DurationInput | undefined
}

/** The effective settings, in milliseconds. */
export interface Resolved {
  readonly connections: number
  readonly connectTimeoutMillis: number
  readonly requestTimeoutMillis: number
  readonly keepAliveTimeoutMillis: number
  readonly shutdownGraceMillis: number
}

const millis = (d: Duration.DurationInput | undefined, fallback: number): number =>
  d === undefined ? fallback : Duration.toMillis(Duration.decode(d))

/** Applies the defaults and checks the values; throws a `RangeError` naming the bad setting. */
export const resolve = (options: Options = {}): Resolved => {
  const resolved: Resolved = {
    connections: options.connections ?? 16,
    connectTimeoutMillis: millis(options.connectTimeout, 10_000),
    requestTimeoutMillis: millis(options.requestTimeout, 60_000),
    keepAliveTimeoutMillis: millis(options.keepAliveTimeout, 30_000),
    shutdownGraceMillis: millis(options.shutdownGrace, 5_000)
  }
  if (!Number.isInteger(resolved.connections) || resolved.connections < 1) {
    throw new RangeError(`connections must be a positive integer, got ${resolved.connections}`)
  }
  for (const key of ["connectTimeoutMillis", "requestTimeoutMillis", "keepAliveTimeoutMillis"] as const) {
    if (!(resolved[key] > 0) || !Number.isFinite(resolved[key])) {
      throw new RangeError(`${key.replace("Millis", "")} must be a positive, finite duration`)
    }
  }
  return resolved
}

/** A pooled keep-alive `undici.Agent`, closed (gracefully, then forcibly) with the scope. */
export const makeAgent = (options: Options = {}): Effect.Effect<Undici.Agent, never, Scope.Scope> => {
  const o = resolve(options)
  return Effect.acquireRelease(
    Effect.sync(
      () =>
        new Undici.Agent({
          connections: o.connections,
          keepAliveTimeout: o.keepAliveTimeoutMillis,
          connect: { timeout: o.connectTimeoutMillis }
        })
    ),
    (agent) =>
      Effect.promise(() => agent.close()).pipe(
        Effect.timeout(o.shutdownGraceMillis),
        Effect.catchAll(() => Effect.promise(() => agent.destroy()))
      )
  )
}

/** The `HttpClient` over a pooled agent; the agent closes when the scope does. */
export const make = (options: Options = {}): Effect.Effect<HttpClient.HttpClient, never, Scope.Scope> => {
  const timeoutMillis = resolve(options).requestTimeoutMillis
  return Effect.map(makeAgent(options), (agent) => UndiciClient.make(agent, timeoutMillis))
}

/**
 * The Node `HttpClient` layer. Build it once per process (or per test) and share it:
 * every call through it reuses the same keep-alive connections. Bad options throw a
 * `RangeError` here, when the layer is described, not on the first call.
 *
 * @example
 * ```ts
 * const main = program.pipe(Effect.provide(NodeHttp.layer({ connections: 32, requestTimeout: "20 seconds" })))
 * ```
 */
export const layer = (options: Options = {}): Layer.Layer<HttpClient.HttpClient> => {
  resolve(options)
  // The client enforces each call's deadline itself, so the protocol need not race a timer fiber against it.
  return Layer.merge(
    Layer.scoped(Client.HttpClient, make(options)),
    Layer.succeed(Exchange.TransportEnforcesDeadline, true)
  )
}

const positive = (name: string) =>
  Config.validate({
    message: `${name} must be positive`,
    validation: (d: Duration.Duration) => Duration.toMillis(d) > 0
  })

/**
 * Reads {@link Options} from configuration; with the default provider these are the
 * environment variables `SESSIONWIRE_HTTP_CONNECTIONS`, `SESSIONWIRE_HTTP_CONNECT_TIMEOUT`,
 * `SESSIONWIRE_HTTP_REQUEST_TIMEOUT` and `SESSIONWIRE_HTTP_KEEP_ALIVE_TIMEOUT` (durations
 * such as `30 seconds` or `500 millis`). Unset ones take the defaults.
 */
export const config: Config.Config<Options> = Config.all({
  connections: Config.option(
    Config.integer("SESSIONWIRE_HTTP_CONNECTIONS").pipe(
      Config.validate({ message: "must be a positive integer", validation: (n) => n >= 1 })
    )
  ),
  connectTimeout: Config.option(Config.duration("SESSIONWIRE_HTTP_CONNECT_TIMEOUT").pipe(positive("connect timeout"))),
  requestTimeout: Config.option(Config.duration("SESSIONWIRE_HTTP_REQUEST_TIMEOUT").pipe(positive("request timeout"))),
  keepAliveTimeout: Config.option(
    Config.duration("SESSIONWIRE_HTTP_KEEP_ALIVE_TIMEOUT").pipe(positive("keep-alive timeout"))
  )
}).pipe(
  Config.map((c) => ({
    connections: Option.getOrUndefined(c.connections),
    connectTimeout: Option.getOrUndefined(c.connectTimeout),
    requestTimeout: Option.getOrUndefined(c.requestTimeout),
    keepAliveTimeout: Option.getOrUndefined(c.keepAliveTimeout)
  }))
)

/** {@link layer} with its options read from {@link config}. */
export const layerConfig = (
  from: Config.Config<Options> = config
): Layer.Layer<HttpClient.HttpClient, ConfigError.ConfigError> => Layer.unwrapEffect(Effect.map(from, layer))
