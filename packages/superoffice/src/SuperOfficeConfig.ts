/**
 * Where and as whom to call SuperOffice: the tenant's base URL, the NetServer
 * version, the ApplicationToken and the Ticket. Built directly, or read through
 * Effect `Config` so Node environment variables and Worker bindings (via a
 * `ConfigProvider`) work the same way.
 *
 * @since 0.1.0
 */
import { Config, ConfigError, Context, Data, Duration, Either, Layer, Option, Redacted } from "effect"
import type { Version as GeneratedVersion } from "./generated/index.ts"
import { defaultStateApiUrl, type Environment, environments, isEnvironment, type TenantLocation } from "./Tenant.ts"

/** A NetServer web-service version this package was generated for: `"86"`, `"87"` or `"88"`. */
export type Version = GeneratedVersion

// Spelled out rather than read from the generated index, which would pull every version's
// codecs into any bundle that reads configuration; the check below fails if they drift.
const supported = ["86", "87", "88"] as const satisfies ReadonlyArray<Version>
type MissingVersion = Exclude<Version, (typeof supported)[number]>
const allVersionsListed: [MissingVersion] extends [never] ? true : MissingVersion = true

/** Every supported version, oldest first. */
export const versions: ReadonlyArray<Version> = allVersionsListed ? supported : []

export const isVersion = (u: unknown): u is Version =>
  typeof u === "string" && (versions as ReadonlyArray<string>).includes(u)

/** The `TimeZone` request header: NetServer's own time zone id and/or location code. */
export interface TimeZone {
  readonly SoTimeZoneId?: number
  readonly SoTimeZoneLocationCode?: string
}

/**
 * Retries of idempotent operations after a transient failure: exponential from
 * `base`, jittered, at most `times` retries after the first attempt.
 */
export interface RetryPolicy {
  readonly times: number
  readonly base: Duration.Duration
}

export const defaultRetry: RetryPolicy = { times: 3, base: Duration.millis(100) }
/** Per attempt. */
export const defaultTimeout: Duration.Duration = Duration.seconds(30)
/** Per call: every attempt and every pause between them (see `Deadline` in protocol). */
export const defaultDeadline: Duration.Duration = Duration.seconds(60)

/** A validated configuration. */
export interface SuperOfficeConfigShape {
  /** The tenant's base URL without a trailing slash, e.g. `https://online3.superoffice.com/Cust12345`. */
  readonly endpoint: string
  readonly version: Version
  readonly applicationToken: Redacted.Redacted<string>
  /** A SoPrincipal ticket (`7T:…`) or an OAuth access token (`8A:…`); both travel in `Credentials/Ticket`. */
  readonly ticket: Redacted.Redacted<string>
  readonly timeZone?: TimeZone | undefined
  /** Bounds each attempt. */
  readonly timeout: Duration.Duration
  /** Bounds the whole call, retries and pauses included; CreateSession and RemoveSession too. */
  readonly deadline: Duration.Duration
  readonly retry: RetryPolicy
  /**
   * SuperOffice Online by context identifier: every call looks the tenant's endpoint up
   * from the state API (cached until `ValidUntil`); `endpoint` then only names the tenant
   * for messages.
   */
  readonly tenant?: TenantLocation | undefined
}

/**
 * A SuperOffice Online tenant by context identifier, instead of a fixed endpoint.
 * `stateApiUrl` defaults to `https://{environment}.superoffice.com`.
 *
 * @since 0.2.0
 * @category models
 */
export interface TenantInput {
  readonly contextId: string
  readonly environment: Environment
  readonly stateApiUrl?: string | URL | undefined
}

/** What a caller supplies; everything but the endpoint, version and secrets has a default. */
export interface SuperOfficeConfigInput {
  /** The tenant's base URL; leave it out when `tenant` is given. */
  readonly endpoint?: string | URL | undefined
  /** SuperOffice Online by context identifier and environment, as an alternative to `endpoint`. */
  readonly tenant?: TenantInput | undefined
  readonly version: Version
  readonly applicationToken: Redacted.Redacted<string>
  readonly ticket: Redacted.Redacted<string>
  readonly timeZone?: TimeZone | string | number | undefined
  readonly timeout?: Duration.DurationInput | undefined
  /** Default 60 s (or `timeout`, when that is longer); never less than `timeout`. Given alone, it caps the default timeout. */
  readonly deadline?: Duration.DurationInput | undefined
  readonly retry?: { readonly times?: number; readonly base?: Duration.DurationInput } | undefined
}

/** The configuration cannot work; `field` names the setting. Values are never quoted: some are secrets. */
export class InvalidConfig extends Data.TaggedError("InvalidConfig")<{
  readonly field: string
  readonly message: string
}> {}

export class SuperOfficeConfig extends Context.Tag("@sessionwire/superoffice/SuperOfficeConfig")<
  SuperOfficeConfig,
  SuperOfficeConfigShape
>() {}

/**
 * `"7"` or `7` is a NetServer time zone id; anything else is a location code such as `"NOOSL"`.
 */
export const parseTimeZone = (value: TimeZone | string | number): TimeZone => {
  if (typeof value === "number") return { SoTimeZoneId: value }
  if (typeof value === "string") {
    const t = value.trim()
    return /^\d+$/.test(t) ? { SoTimeZoneId: Number(t) } : { SoTimeZoneLocationCode: t }
  }
  return value
}

const fail = (field: string, message: string) => Either.left(new InvalidConfig({ field, message }))

/** Validates and normalises a configuration. */
export const make = (input: SuperOfficeConfigInput): Either.Either<SuperOfficeConfigShape, InvalidConfig> => {
  let tenant: TenantLocation | undefined
  if (input.tenant !== undefined) {
    if (input.endpoint !== undefined) {
      return fail("endpoint", "Give either the endpoint or the tenant's context identifier and environment, not both")
    }
    const made = makeTenant(input.tenant)
    if (Either.isLeft(made)) return Either.left(made.left)
    tenant = made.right
  } else if (input.endpoint === undefined) {
    return fail("endpoint", "Give the endpoint, or the tenant's context identifier and environment")
  }
  let url: URL
  try {
    url = new URL(tenant === undefined ? String(input.endpoint) : `${tenant.stateApiUrl}/${tenant.contextId}`)
  } catch {
    return fail("endpoint", "The endpoint is not an absolute URL, e.g. https://online3.superoffice.com/Cust12345")
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    return fail("endpoint", `The endpoint must use https (or http on-site), not ${url.protocol}`)
  }
  if (url.username !== "" || url.password !== "") {
    return fail("endpoint", "The endpoint must not carry credentials; use applicationToken and ticket")
  }
  if (url.search !== "" || url.hash !== "") return fail("endpoint", "The endpoint must not have a query or fragment")
  if (/\/Remote(\/|$)/i.test(url.pathname)) {
    return fail(
      "endpoint",
      "The endpoint is the tenant's base URL (e.g. https://online3.superoffice.com/Cust12345); the client appends Remote/ServicesNN/…svc"
    )
  }
  if (!isVersion(input.version)) return fail("version", `The version must be one of ${versions.join(", ")}`)
  if (Redacted.value(input.applicationToken).trim() === "" && url.hostname.endsWith("superoffice.com")) {
    return fail("applicationToken", "SuperOffice Online requires an application token")
  }
  if (Redacted.value(input.ticket).trim() === "") return fail("ticket", "The ticket is empty")
  const times = input.retry?.times ?? defaultRetry.times
  if (!Number.isInteger(times) || times < 0 || times > 10) {
    return fail("retry.times", "Retries must be a whole number from 0 to 10")
  }
  if (input.deadline !== undefined && !Duration.greaterThan(Duration.decode(input.deadline), Duration.zero)) {
    return fail("deadline", "The deadline must be positive")
  }
  // A deadline alone shortens the default timeout to fit inside it.
  const timeout =
    input.timeout !== undefined
      ? Duration.decode(input.timeout)
      : input.deadline !== undefined
        ? Duration.min(defaultTimeout, Duration.decode(input.deadline))
        : defaultTimeout
  if (!Duration.greaterThan(timeout, Duration.zero)) return fail("timeout", "The timeout must be positive")
  // A deadline shorter than one attempt would make the timeout meaningless; an explicit one is checked.
  const deadline =
    input.deadline === undefined ? Duration.max(defaultDeadline, timeout) : Duration.decode(input.deadline)
  if (!Duration.greaterThan(deadline, Duration.zero)) return fail("deadline", "The deadline must be positive")
  if (Duration.lessThan(deadline, timeout)) {
    return fail("deadline", "The deadline covers every attempt, so it must not be shorter than the timeout")
  }
  return Either.right({
    endpoint: url.href.replace(/\/+$/, ""),
    version: input.version,
    applicationToken: input.applicationToken,
    ticket: input.ticket,
    timeZone: input.timeZone === undefined ? undefined : parseTimeZone(input.timeZone),
    timeout,
    deadline,
    retry: { times, base: input.retry?.base === undefined ? defaultRetry.base : Duration.decode(input.retry.base) },
    tenant
  })
}

const makeTenant = (input: TenantInput): Either.Either<TenantLocation, InvalidConfig> => {
  const contextId = input.contextId.trim()
  if (!/^[A-Za-z][A-Za-z0-9_-]*$/.test(contextId)) {
    return fail("contextId", "The context identifier names the tenant, e.g. Cust12345")
  }
  if (!isEnvironment(input.environment)) {
    return fail("environment", `The environment must be one of ${environments.join(", ")}`)
  }
  const base = input.stateApiUrl === undefined ? defaultStateApiUrl(input.environment) : String(input.stateApiUrl)
  let url: URL
  try {
    url = new URL(base)
  } catch {
    return fail("stateApiUrl", "The state API URL is not an absolute URL, e.g. https://online.superoffice.com")
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    return fail("stateApiUrl", `The state API URL must use https, not ${url.protocol}`)
  }
  return Either.right({ contextId, environment: input.environment, stateApiUrl: url.href.replace(/\/+$/, "") })
}

/** A layer from a configuration built in code. */
export const layer = (input: SuperOfficeConfigInput): Layer.Layer<SuperOfficeConfig, InvalidConfig> =>
  Layer.effect(SuperOfficeConfig, make(input))

/**
 * The configuration read through `Config`: `SUPEROFFICE_ENDPOINT` (or, for SuperOffice
 * Online, `SUPEROFFICE_CONTEXT_ID` + `SUPEROFFICE_ENVIRONMENT` and optionally
 * `SUPEROFFICE_STATE_API_URL`), `SUPEROFFICE_VERSION`
 * (default `88`), `SUPEROFFICE_APP_TOKEN`, `SUPEROFFICE_TICKET` and the optional
 * `SUPEROFFICE_TIMEZONE` (a time zone id or location code), `SUPEROFFICE_TIMEOUT` (per
 * attempt, seconds, default 30) and `SUPEROFFICE_DEADLINE` (per call, seconds, default 60).
 * Secrets are read as `Redacted`.
 */
export const config: Config.Config<SuperOfficeConfigShape> = Config.all({
  endpoint: Config.option(Config.string("SUPEROFFICE_ENDPOINT")),
  contextId: Config.option(Config.string("SUPEROFFICE_CONTEXT_ID")),
  environment: Config.option(Config.string("SUPEROFFICE_ENVIRONMENT")),
  stateApiUrl: Config.option(Config.string("SUPEROFFICE_STATE_API_URL")),
  version: Config.literal(...(versions as [Version, ...Array<Version>]))("SUPEROFFICE_VERSION").pipe(
    Config.withDefault("88" as Version)
  ),
  // On-site installations do not check the application token; Online does (see make).
  applicationToken: Config.redacted("SUPEROFFICE_APP_TOKEN").pipe(Config.withDefault(Redacted.make(""))),
  ticket: Config.redacted("SUPEROFFICE_TICKET"),
  timeZone: Config.option(Config.string("SUPEROFFICE_TIMEZONE")),
  timeout: Config.option(Config.number("SUPEROFFICE_TIMEOUT")),
  deadline: Config.option(Config.number("SUPEROFFICE_DEADLINE"))
}).pipe(
  Config.mapOrFail(({ contextId, environment, stateApiUrl, ...raw }) =>
    Either.mapLeft(
      make({
        ...raw,
        endpoint: Option.getOrUndefined(raw.endpoint),
        tenant:
          Option.isNone(contextId) && Option.isNone(environment)
            ? undefined
            : {
                contextId: Option.getOrElse(contextId, () => ""),
                // SUPEROFFICE_CONTEXT_ID alone means production.
                environment: Option.getOrElse(environment, () => "online") as Environment,
                stateApiUrl: Option.getOrUndefined(stateApiUrl)
              },
        timeZone: Option.getOrUndefined(raw.timeZone),
        timeout: Option.getOrUndefined(Option.map(raw.timeout, seconds)),
        deadline: Option.getOrUndefined(Option.map(raw.deadline, seconds))
      }),
      (e) => ConfigError.InvalidData([configName(e.field)], e.message)
    )
  )
)

// Seconds, possibly fractional; NaN and negatives reach `make`, which names the setting.
const seconds = (n: number): Duration.Duration => (n > 0 ? Duration.millis(n * 1000) : Duration.zero)

const configName = (field: string): string =>
  ({
    endpoint: "SUPEROFFICE_ENDPOINT",
    version: "SUPEROFFICE_VERSION",
    applicationToken: "SUPEROFFICE_APP_TOKEN",
    ticket: "SUPEROFFICE_TICKET",
    timeZone: "SUPEROFFICE_TIMEZONE",
    contextId: "SUPEROFFICE_CONTEXT_ID",
    environment: "SUPEROFFICE_ENVIRONMENT",
    stateApiUrl: "SUPEROFFICE_STATE_API_URL",
    timeout: "SUPEROFFICE_TIMEOUT",
    deadline: "SUPEROFFICE_DEADLINE"
  })[field] ?? field

/** A layer reading {@link config} from the current `ConfigProvider`. */
export const layerConfig: Layer.Layer<SuperOfficeConfig, ConfigError.ConfigError> = Layer.effect(
  SuperOfficeConfig,
  config
)

/** The URL of a service of a version: `{endpoint}/Remote/Services88/CustomerService.svc`. */
export const serviceUrl = (endpoint: string, path: string): string => `${endpoint.replace(/\/+$/, "")}/${path}`
