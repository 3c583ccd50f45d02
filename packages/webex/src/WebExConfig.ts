/**
 * Where and as whom to call WebEx: the security context, the endpoint, the timeout and
 * the retry budget for read-only operations.
 *
 * @since 0.1.0
 */
import { Config, type ConfigError, Context, Data, Duration, Effect, Either, Layer, Option, type Redacted } from "effect"
import * as SecurityContext from "./SecurityContext.ts"

/**
 * The generic endpoint; the site is then chosen by `securityContext/siteName`.
 *
 * @since 0.1.0
 */
export const GENERIC_ENDPOINT = "https://api.webex.com/WBXService/XMLService"

/**
 * The per-site endpoint WebEx's clients use by default.
 *
 * @since 0.1.0
 */
export const siteEndpoint = (siteName: string): string => `https://${siteName}.webex.com/WBXService/XMLService`

/**
 * How read-only operations are retried after a transient failure: up to `times` more
 * attempts, waiting `base`, then twice that, and so on (jittered).
 *
 * @since 0.1.0
 */
export interface RetryPolicy {
  readonly times: number
  readonly base: Duration.DurationInput
  /**
   * The pause after a rate limit (`000045`) that came without `Retry-After`; default
   * `Backoff.rateLimitPause` (61 s), one second past the 60-second window.
   */
  readonly rateLimitPause?: Duration.DurationInput | undefined
}

/**
 * @since 0.1.0
 */
export const defaultRetry: RetryPolicy = { times: 3, base: Duration.millis(500) }

/**
 * Per attempt.
 *
 * @since 0.2.0
 */
export const defaultTimeout: Duration.Duration = Duration.seconds(30)

/**
 * Per call: every attempt and every pause between them. Shorter than a rate-limit pause
 * (61 s), so by default a `RateLimited` is returned, not waited out; raise it to wait.
 *
 * @since 0.2.0
 */
export const defaultDeadline: Duration.Duration = Duration.seconds(60)

/**
 * The resolved configuration.
 *
 * @since 0.1.0
 */
export interface WebExConfigShape {
  readonly securityContext: SecurityContext.SecurityContext
  /** The full XMLService URL. */
  readonly endpoint: string
  /** Bounds each attempt. */
  readonly timeout: Duration.DurationInput
  /** Bounds the whole call, retries and pauses included. */
  readonly deadline: Duration.DurationInput
  readonly retry: RetryPolicy
}

/**
 * @since 0.1.0
 */
export class WebExConfig extends Context.Tag("@sessionwire/webex/WebExConfig")<WebExConfig, WebExConfigShape>() {}

/**
 * The endpoint is not an http(s) URL. The value is not quoted: a URL may carry userinfo.
 *
 * @since 0.1.0
 */
export class InvalidEndpoint extends Data.TaggedError("InvalidEndpoint")<{}> {
  override get message(): string {
    return "The WebEx endpoint must be an absolute http or https URL without credentials"
  }
}

/**
 * The timeout is not positive, or the deadline is shorter than it (the deadline covers
 * every attempt, so it cannot be).
 *
 * @since 0.2.0
 */
export class InvalidTiming extends Data.TaggedError("InvalidTiming")<{}> {
  override get message(): string {
    return "The WebEx timeout must be positive and the deadline no shorter than the timeout"
  }
}

/**
 * @since 0.1.0
 */
export interface Options extends SecurityContext.SecurityContextInput {
  /** Defaults to `https://{siteName}.webex.com/WBXService/XMLService`, or the generic endpoint without a site name. */
  readonly endpoint?: string | undefined
  readonly timeout?: Duration.DurationInput | undefined
  /** Default 60 s (or `timeout`, when that is longer); never less than `timeout`. Given alone, it caps the default timeout. */
  readonly deadline?: Duration.DurationInput | undefined
  readonly retry?: Partial<RetryPolicy> | undefined
}

const checkEndpoint = (url: string): Either.Either<string, InvalidEndpoint> => {
  try {
    const u = new URL(url)
    return (u.protocol === "https:" || u.protocol === "http:") && u.username === "" && u.password === ""
      ? Either.right(url)
      : Either.left(new InvalidEndpoint())
  } catch {
    return Either.left(new InvalidEndpoint())
  }
}

/**
 * Resolves options into a configuration, checking the context's shape (a site, valid
 * fields, at most one credential); each operation checks the rest before it sends.
 *
 * @since 0.1.0
 */
export const make = (
  options: Options
): Either.Either<WebExConfigShape, SecurityContext.InvalidSecurityContext | InvalidEndpoint | InvalidTiming> =>
  Either.gen(function* () {
    const securityContext = yield* SecurityContext.validateShape(options)
    const endpoint = yield* checkEndpoint(
      options.endpoint ??
        (securityContext.siteName === undefined ? GENERIC_ENDPOINT : siteEndpoint(securityContext.siteName))
    )
    // A deadline alone shortens the default timeout to fit inside it.
    const timeout =
      options.timeout !== undefined
        ? Duration.decode(options.timeout)
        : options.deadline !== undefined
          ? Duration.min(defaultTimeout, Duration.decode(options.deadline))
          : defaultTimeout
    const deadline =
      options.deadline === undefined ? Duration.max(defaultDeadline, timeout) : Duration.decode(options.deadline)
    if (!Duration.greaterThan(timeout, Duration.zero) || Duration.lessThan(deadline, timeout)) {
      return yield* Either.left(new InvalidTiming())
    }
    return { securityContext, endpoint, timeout, deadline, retry: { ...defaultRetry, ...options.retry } }
  })

/**
 * A layer from explicit options.
 *
 * @since 0.1.0
 */
export const layer = (
  options: Options
): Layer.Layer<WebExConfig, SecurityContext.InvalidSecurityContext | InvalidEndpoint | InvalidTiming> =>
  Layer.effect(WebExConfig, make(options))

// Seconds, possibly fractional; zero or less is refused by `make` as InvalidTiming.
const seconds = (n: number): Duration.Duration => (n > 0 ? Duration.millis(n * 1000) : Duration.zero)

const opt = <A>(c: Config.Config<A>): Config.Config<A | undefined> =>
  Config.map(Config.option(c), Option.getOrUndefined)

/**
 * The configuration read from `WEBEX_SITE_NAME`, `WEBEX_SITE_ID`, `WEBEX_ID`, `WEBEX_EMAIL`,
 * `WEBEX_PASSWORD`, `WEBEX_SESSION_TICKET`, `WEBEX_ACCESS_TOKEN`, `WEBEX_PARTNER_ID`,
 * `WEBEX_ENDPOINT`, `WEBEX_TIMEOUT` (per attempt, seconds, default 30) and `WEBEX_DEADLINE`
 * (per call, seconds, default 60); secrets are read as `Redacted`.
 *
 * @since 0.1.0
 */
export const config: Config.Config<Options> = Config.all({
  siteName: opt(Config.string("WEBEX_SITE_NAME")),
  siteID: opt(Config.string("WEBEX_SITE_ID")),
  webExID: opt(Config.string("WEBEX_ID")),
  email: opt(Config.string("WEBEX_EMAIL")),
  password: opt(Config.redacted("WEBEX_PASSWORD")) as Config.Config<Redacted.Redacted<string> | undefined>,
  sessionTicket: opt(Config.redacted("WEBEX_SESSION_TICKET")) as Config.Config<Redacted.Redacted<string> | undefined>,
  webExAccessToken: opt(Config.redacted("WEBEX_ACCESS_TOKEN")) as Config.Config<Redacted.Redacted<string> | undefined>,
  partnerID: opt(Config.redacted("WEBEX_PARTNER_ID")) as Config.Config<Redacted.Redacted<string> | undefined>,
  endpoint: opt(Config.string("WEBEX_ENDPOINT")),
  timeout: opt(Config.number("WEBEX_TIMEOUT").pipe(Config.map(seconds))),
  deadline: opt(Config.number("WEBEX_DEADLINE").pipe(Config.map(seconds)))
})

/**
 * A layer reading {@link config} from the `ConfigProvider`; `overrides` (timeout, deadline,
 * retry) win over the environment.
 *
 * @since 0.1.0
 */
export const layerConfig = (
  overrides: Pick<Options, "timeout" | "deadline" | "retry"> = {}
): Layer.Layer<
  WebExConfig,
  ConfigError.ConfigError | SecurityContext.InvalidSecurityContext | InvalidEndpoint | InvalidTiming
> =>
  Layer.effect(
    WebExConfig,
    Effect.flatMap(config, (options) =>
      make({
        ...options,
        ...overrides,
        timeout: overrides.timeout ?? options.timeout,
        deadline: overrides.deadline ?? options.deadline
      })
    )
  )
