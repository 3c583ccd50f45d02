/**
 * Where a SuperOffice Online tenant lives now. Online moves tenants between numbered
 * hosts (`online2` → `online3`, and in incidents to hosts such as `disasterrecovery`)
 * and answers 421 "Wrong subdomain used to access tenant" on the old one, so the
 * endpoint is looked up from the state API (`GET {stateApi}/api/state/{contextId}`)
 * and cached until the reply's `ValidUntil`. A 421 means the request was not
 * processed, so every operation (CreateSession included) may be sent once more to the
 * refreshed endpoint; a second 421 is reported as `MisdirectedTenant`.
 *
 * @since 0.2.0
 */
import { HttpClient, HttpClientRequest } from "@effect/platform"
import { Bound } from "@sessionwire/protocol"
import { Clock, Context, Duration, Effect, Either, Layer, Option, Schema, SynchronizedRef } from "effect"
import { TenantLookupFailed, TenantUnavailable } from "./SuperOfficeError.ts"

/**
 * The SuperOffice Online environments: `online` (production), `sod` (development),
 * `qaonline` (stage).
 *
 * @since 0.2.0
 * @category models
 */
export type Environment = "online" | "sod" | "qaonline"

/**
 * Every environment, in the order SuperOffice lists them.
 *
 * @since 0.2.0
 * @category constants
 */
export const environments: ReadonlyArray<Environment> = ["online", "sod", "qaonline"]

/**
 * Whether a value names an environment.
 *
 * @since 0.2.0
 * @category guards
 */
export const isEnvironment = (u: unknown): u is Environment =>
  typeof u === "string" && (environments as ReadonlyArray<string>).includes(u)

/**
 * A tenant named by its context identifier in an environment. `stateApiUrl` is where
 * the state API is asked: `https://{environment}.superoffice.com` unless overridden
 * (tests point it at a simulator on loopback).
 *
 * @since 0.2.0
 * @category models
 */
export interface TenantLocation {
  readonly contextId: string
  readonly environment: Environment
  readonly stateApiUrl: string
}

/**
 * The state API's base URL for an environment.
 *
 * @since 0.2.0
 * @category constructors
 */
export const defaultStateApiUrl = (environment: Environment): string => `https://${environment}.superoffice.com`

/**
 * The tenant states and their numbers, as the state API documents them.
 *
 * @since 0.2.0
 * @category constants
 */
export const States = {
  Unknown: 0,
  Provisioning: 1,
  Running: 2,
  Deleted: 3,
  Suspended: 4,
  OnlineMaintenance: 5,
  OfflineMaintenance: 6,
  ProvisioningFailed: 8,
  Deleting: 10,
  DeleteFailed: 11,
  MigrationPending: 12
} as const

/**
 * A tenant state's name.
 *
 * @since 0.2.0
 * @category models
 */
export type State = keyof typeof States

const stateName = (n: number): string =>
  (Object.entries(States).find(([, v]) => v === n)?.[0] as string | undefined) ?? `Unknown(${n})`

/**
 * Only these states serve APIs; `IsRunning` is true for exactly these.
 *
 * @since 0.2.0
 * @category predicates
 */
export const isRunning = (state: string): boolean => state === "Running" || state === "OnlineMaintenance"

/**
 * The state API's reply. `State` comes as a name or as its number; it is kept as a name.
 *
 * @since 0.2.0
 * @category schemas
 */
export const TenantStatus = Schema.Struct({
  ContextIdentifier: Schema.String,
  Endpoint: Schema.String,
  State: Schema.Union(
    Schema.String,
    Schema.transform(Schema.Number, Schema.String, {
      strict: true,
      decode: stateName,
      encode: (name) => (States as Record<string, number>)[name] ?? 0
    })
  ),
  IsRunning: Schema.optional(Schema.Boolean),
  ValidUntil: Schema.optional(Schema.String),
  Api: Schema.optional(Schema.String),
  Version: Schema.optional(Schema.String)
})

/**
 * @since 0.2.0
 * @category models
 */
export type TenantStatus = typeof TenantStatus.Type

/**
 * The part of the `{Api}` document this library reads: the newest SOAP service version
 * the tenant serves (`"Services88"`).
 *
 * @since 0.2.0
 * @category schemas
 */
export const ApiDocument = Schema.Struct({
  Services: Schema.optional(Schema.String),
  ServicesCurrent: Schema.optional(Schema.String),
  NetServerVersion: Schema.optional(Schema.String)
})

/** How long a reply without a usable `ValidUntil` is trusted. */
const DEFAULT_VALIDITY = Duration.minutes(5)
const LOOKUP_TIMEOUT = Duration.seconds(30)

const hostOf = (url: string): string => {
  try {
    return new URL(url).host
  } catch {
    return "(invalid url)"
  }
}

/**
 * The URL the state of `location` is read from.
 *
 * @since 0.2.0
 * @category constructors
 */
export const stateUrl = (location: TenantLocation): string =>
  `${location.stateApiUrl.replace(/\/+$/, "")}/api/state/${encodeURIComponent(location.contextId)}`

const getJson = <A, I>(
  url: string,
  schema: Schema.Schema<A, I>,
  location: TenantLocation
): Effect.Effect<A, TenantLookupFailed, HttpClient.HttpClient> => {
  const failed = (reason: string) =>
    new TenantLookupFailed({ contextId: location.contextId, host: hostOf(url), reason: Bound.cap(reason, 200) })
  return Effect.gen(function* () {
    const client = yield* HttpClient.HttpClient
    const request = HttpClientRequest.get(url).pipe(HttpClientRequest.acceptJson)
    const response = yield* client.execute(request).pipe(Effect.mapError((e) => failed(e.message)))
    if (response.status === 404) return yield* failed("no tenant has this context identifier (HTTP 404)")
    if (response.status !== 200) return yield* failed(`HTTP ${response.status}`)
    const body = yield* response.json.pipe(Effect.mapError(() => failed("the reply is not JSON")))
    return yield* Schema.decodeUnknown(schema)(body).pipe(
      Effect.mapError(() => failed("the reply is not the documented state JSON"))
    )
  }).pipe(
    Effect.timeoutFail({ duration: LOOKUP_TIMEOUT, onTimeout: () => failed("no reply within 30 s") }),
    Effect.withSpan("SuperOffice.TenantState", {
      kind: "client",
      attributes: { "server.address": hostOf(url), "superoffice.context_id": location.contextId }
    })
  )
}

/**
 * Reads the tenant's state once, without the cache.
 *
 * @since 0.2.0
 * @category lookups
 */
export const lookup = (
  location: TenantLocation
): Effect.Effect<TenantStatus, TenantLookupFailed, HttpClient.HttpClient> =>
  getJson(stateUrl(location), TenantStatus, location)

/**
 * The tenant's current endpoint and the version it serves.
 *
 * @since 0.2.0
 * @category models
 */
export interface Resolved {
  /** The tenant's root without a trailing slash, e.g. `https://online3.superoffice.com/Cust12345`. */
  readonly endpoint: string
  readonly status: TenantStatus
  /** Epoch milliseconds after which the state API must be asked again. */
  readonly validUntil: number
}

/**
 * A cache of tenant endpoints, shared by every client that uses it.
 *
 * @since 0.2.0
 * @category models
 */
export interface TenantDirectoryShape {
  /** The cached endpoint while it is valid, else a fresh lookup; fails when the tenant is not running. */
  readonly resolve: (
    location: TenantLocation
  ) => Effect.Effect<Resolved, TenantLookupFailed | TenantUnavailable, HttpClient.HttpClient>
  /** Forgets the tenant's endpoint, so the next `resolve` asks the state API. */
  readonly invalidate: (location: TenantLocation) => Effect.Effect<void>
}

const keyOf = (l: TenantLocation): string => `${l.stateApiUrl}\u0000${l.contextId}`

/**
 * A new, empty directory. Concurrent resolves of one tenant share one lookup.
 *
 * @since 0.2.0
 * @category constructors
 */
export const makeDirectory: Effect.Effect<TenantDirectoryShape> = Effect.map(
  SynchronizedRef.make(new Map<string, Resolved>()),
  (cache): TenantDirectoryShape => ({
    resolve: (location) =>
      Effect.flatMap(
        SynchronizedRef.modifyEffect(cache, (entries) =>
          Effect.gen(function* () {
            const now = yield* Clock.currentTimeMillis
            const cached = entries.get(keyOf(location))
            if (cached !== undefined && now < cached.validUntil) return [cached, entries] as const
            const status = yield* lookup(location)
            const until = status.ValidUntil === undefined ? Number.NaN : Date.parse(status.ValidUntil)
            const resolved: Resolved = {
              endpoint: status.Endpoint.replace(/\/+$/, ""),
              status,
              validUntil: Number.isFinite(until) ? until : now + Duration.toMillis(DEFAULT_VALIDITY)
            }
            const next = new Map(entries)
            next.set(keyOf(location), resolved)
            return [resolved, next] as const
          })
        ),
        (resolved) =>
          isRunning(resolved.status.State)
            ? Effect.succeed(resolved)
            : Effect.fail(new TenantUnavailable({ contextId: location.contextId, state: resolved.status.State }))
      ),
    invalidate: (location) =>
      SynchronizedRef.update(cache, (entries) => {
        const next = new Map(entries)
        next.delete(keyOf(location))
        return next
      })
  })
)

/**
 * The tenant directory as a service. Provide {@link TenantDirectory.layer} once so all
 * clients share one cache; without it, each configuration gets a cache of its own.
 *
 * @since 0.2.0
 * @category services
 */
export class TenantDirectory extends Context.Tag("@sessionwire/superoffice/TenantDirectory")<
  TenantDirectory,
  TenantDirectoryShape
>() {
  static readonly layer: Layer.Layer<TenantDirectory> = Layer.effect(TenantDirectory, makeDirectory)
}

const fallback = new WeakMap<TenantLocation, TenantDirectoryShape>()
const directoryOf = (location: TenantLocation): Effect.Effect<TenantDirectoryShape> =>
  Effect.flatMap(Effect.serviceOption(TenantDirectory), (provided) => {
    if (Option.isSome(provided)) return Effect.succeed(provided.value)
    const known = fallback.get(location)
    if (known !== undefined) return Effect.succeed(known)
    return Effect.map(makeDirectory, (made) => {
      fallback.set(location, made)
      return made
    })
  })

/**
 * How a call reaches a tenant: its location and the service path under its endpoint.
 *
 * @since 0.2.0
 * @category models
 */
export interface Route {
  readonly location: TenantLocation
  readonly servicePath: string
}

/**
 * Runs `attempt` against the tenant's current service URL. On a 421 (`MisdirectedTenant`)
 * the endpoint is looked up afresh and `attempt` runs once more; a second 421 fails.
 *
 * @since 0.2.0
 * @category routing
 */
export const routed = <A, E extends { readonly _tag: string }, R>(
  route: Route,
  attempt: (url: string) => Effect.Effect<A, E, R>
): Effect.Effect<A, E | TenantLookupFailed | TenantUnavailable, R | HttpClient.HttpClient> =>
  Effect.gen(function* () {
    const directory = yield* directoryOf(route.location)
    const url = (r: Resolved) => `${r.endpoint}/${route.servicePath}`
    const first = yield* Effect.either(attempt(url(yield* directory.resolve(route.location))))
    if (Either.isRight(first)) return first.right
    if (first.left._tag !== "MisdirectedTenant") return yield* Effect.fail(first.left)
    yield* directory.invalidate(route.location)
    return yield* attempt(url(yield* directory.resolve(route.location)))
  })

/**
 * The newest SOAP service version the tenant serves, from the `{Api}` document's
 * `ServicesCurrent` (`"Services88"` → `"88"`); `undefined` when the document does not say.
 *
 * @since 0.2.0
 * @category lookups
 */
export const currentVersion = (
  location: TenantLocation
): Effect.Effect<string | undefined, TenantLookupFailed | TenantUnavailable, HttpClient.HttpClient> =>
  Effect.gen(function* () {
    const directory = yield* directoryOf(location)
    const resolved = yield* directory.resolve(location)
    const api = resolved.status.Api ?? `${resolved.endpoint}/api`
    const doc = yield* getJson(api, ApiDocument, location)
    return /^Services(\d+)$/.exec(doc.ServicesCurrent ?? "")?.[1]
  })
