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
export const defaultTimeout: Duration.Duration = Duration.seconds(30)

/** A validated configuration. */
export interface SuperOfficeConfigShape {
  /** The tenant's base URL without a trailing slash, e.g. `https://online3.superoffice.com/Cust12345`. */
  readonly endpoint: string
  readonly version: Version
  readonly applicationToken: Redacted.Redacted<string>
  /** A SoPrincipal ticket (`7T:…`) or an OAuth access token (`8A:…`); both travel in `Credentials/Ticket`. */
  readonly ticket: Redacted.Redacted<string>
  readonly timeZone?: TimeZone | undefined
  readonly timeout: Duration.Duration
  readonly retry: RetryPolicy
}

/** What a caller supplies; everything but the endpoint, version and secrets has a default. */
export interface SuperOfficeConfigInput {
  readonly endpoint: string | URL
  readonly version: Version
  readonly applicationToken: Redacted.Redacted<string>
  readonly ticket: Redacted.Redacted<string>
  readonly timeZone?: TimeZone | string | number | undefined
  readonly timeout?: Duration.DurationInput | undefined
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
  let url: URL
  try {
    url = new URL(String(input.endpoint))
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
  const timeout = input.timeout === undefined ? defaultTimeout : Duration.decode(input.timeout)
  if (!Duration.greaterThan(timeout, Duration.zero)) return fail("timeout", "The timeout must be positive")
  return Either.right({
    endpoint: url.href.replace(/\/+$/, ""),
    version: input.version,
    applicationToken: input.applicationToken,
    ticket: input.ticket,
    timeZone: input.timeZone === undefined ? undefined : parseTimeZone(input.timeZone),
    timeout,
    retry: { times, base: input.retry?.base === undefined ? defaultRetry.base : Duration.decode(input.retry.base) }
  })
}

/** A layer from a configuration built in code. */
export const layer = (input: SuperOfficeConfigInput): Layer.Layer<SuperOfficeConfig, InvalidConfig> =>
  Layer.effect(SuperOfficeConfig, make(input))

/**
 * The configuration read through `Config`: `SUPEROFFICE_ENDPOINT`, `SUPEROFFICE_VERSION`
 * (default `88`), `SUPEROFFICE_APP_TOKEN`, `SUPEROFFICE_TICKET` and the optional
 * `SUPEROFFICE_TIMEZONE` (a time zone id or location code). Secrets are read as `Redacted`.
 */
export const config: Config.Config<SuperOfficeConfigShape> = Config.all({
  endpoint: Config.string("SUPEROFFICE_ENDPOINT"),
  version: Config.literal(...(versions as [Version, ...Array<Version>]))("SUPEROFFICE_VERSION").pipe(
    Config.withDefault("88" as Version)
  ),
  // On-site installations do not check the application token; Online does (see make).
  applicationToken: Config.redacted("SUPEROFFICE_APP_TOKEN").pipe(Config.withDefault(Redacted.make(""))),
  ticket: Config.redacted("SUPEROFFICE_TICKET"),
  timeZone: Config.option(Config.string("SUPEROFFICE_TIMEZONE"))
}).pipe(
  Config.mapOrFail((raw) =>
    Either.mapLeft(make({ ...raw, timeZone: Option.getOrUndefined(raw.timeZone) }), (e) =>
      ConfigError.InvalidData([configName(e.field)], e.message)
    )
  )
)

const configName = (field: string): string =>
  ({
    endpoint: "SUPEROFFICE_ENDPOINT",
    version: "SUPEROFFICE_VERSION",
    applicationToken: "SUPEROFFICE_APP_TOKEN",
    ticket: "SUPEROFFICE_TICKET",
    timeZone: "SUPEROFFICE_TIMEZONE"
  })[field] ?? field

/** A layer reading {@link config} from the current `ConfigProvider`. */
export const layerConfig: Layer.Layer<SuperOfficeConfig, ConfigError.ConfigError> = Layer.effect(
  SuperOfficeConfig,
  config
)

/** The URL of a service of a version: `{endpoint}/Remote/Services88/CustomerService.svc`. */
export const serviceUrl = (endpoint: string, path: string): string => `${endpoint.replace(/\/+$/, "")}/${path}`
