/**
 * SoPrincipal: logging in to get a ticket. Only the ApplicationToken header is
 * sent; the ticket comes back inside the multi-part `AuthenticateResponse` body
 * (`Response`, `Credentials`, `AuthenticationSucceeded`) and is returned `Redacted`.
 *
 * @since 0.1.0
 */
import { HttpClient } from "@effect/platform"
import type { Operation } from "@sessionwire/protocol"
import { type Duration, Effect, Either, Redacted, type Schema } from "effect"
import * as Call from "./Call.ts"
import { soPrincipalOperations, versions } from "./generated/index.ts"
import { type InvalidConfig, make as makeConfig, SuperOfficeConfig, type Version } from "./SuperOfficeConfig.ts"
import { InvalidCredentials, type SuperOfficeClientError } from "./SuperOfficeError.ts"
import type { TenantLocation } from "./Tenant.ts"

/** The principal of a version (`SoPrincipalCarrier`). */
export type Principal<V extends Version> = Schema.Schema.Type<(typeof versions)[V]["Types"]["SoPrincipalCarrier"]>
/** The system information of a version (`SoSystemInfoCarrier`). */
export type SystemInfo<V extends Version> = Schema.Schema.Type<(typeof versions)[V]["Types"]["SoSystemInfoCarrier"]>

/** A successful login. */
export interface Authenticated<V extends Version> {
  /** Goes into `SuperOfficeConfig.ticket`. */
  readonly ticket: Redacted.Redacted<string>
  /** Who logged in: associate, person, role, licenses. */
  readonly principal: Principal<V> | undefined
}

export interface SoPrincipalClient<V extends Version> {
  readonly version: V
  /** Logs in with a user name and password. */
  readonly AuthenticateUsernamePassword: (
    userName: string,
    password: Redacted.Redacted<string>
  ) => Effect.Effect<Authenticated<V>, SuperOfficeClientError>
  /** Exchanges an OAuth access token for a NetServer ticket. */
  readonly AuthenticateWithAccessToken: (
    accessToken: Redacted.Redacted<string>
  ) => Effect.Effect<Authenticated<V>, SuperOfficeClientError>
  /** Version and license information; needs no credentials. */
  readonly GetSystemInfo: () => Effect.Effect<SystemInfo<V> | undefined, SuperOfficeClientError>
}

export interface SoPrincipalOptions<V extends Version> {
  readonly endpoint: string | URL
  readonly version: V
  /** Required by SuperOffice Online; ignored on-site. */
  readonly applicationToken: Redacted.Redacted<string>
  readonly timeout?: Duration.DurationInput | undefined
  /** Bounds a login with its retries; default 60 s. */
  readonly deadline?: Duration.DurationInput | undefined
  readonly retry?: { readonly times?: number; readonly base?: Duration.DurationInput } | undefined
}

interface AuthenticateBody {
  readonly Response?: unknown
  readonly Credentials?: { readonly Ticket?: string | null } | null
  readonly AuthenticationSucceeded?: boolean
}

const authenticated = <V extends Version>(
  body: AuthenticateBody,
  operation: string,
  target: Call.Target
): Either.Either<Authenticated<V>, InvalidCredentials> => {
  const ticket = body.Credentials?.Ticket
  if (body.AuthenticationSucceeded === false || ticket === undefined || ticket === null || ticket === "") {
    return Either.left(
      new InvalidCredentials({
        operation,
        host: target.host,
        via: "AuthenticationFailed",
        reason: body.AuthenticationSucceeded === false ? "AuthenticationSucceeded=false" : "no ticket in the reply"
      })
    )
  }
  return Either.right({ ticket: Redacted.make(ticket), principal: (body.Response ?? undefined) as Principal<V> })
}

const build = <V extends Version>(
  version: V,
  target: Call.Target,
  http: HttpClient.HttpClient
): SoPrincipalClient<V> => {
  // The three versions declare these operations identically; one loose view serves them all.
  const ops = soPrincipalOperations[version] as unknown as Record<
    "AuthenticateUsernamePassword" | "AuthenticateWithAccessToken" | "GetSystemInfo",
    Operation.Operation<any, any, any, Call.ResponseHeadersLike>
  >
  const run = <A>(effect: Effect.Effect<A, SuperOfficeClientError, HttpClient.HttpClient>) =>
    Effect.provideService(effect, HttpClient.HttpClient, http)
  return {
    version,
    AuthenticateUsernamePassword: (userName, password) =>
      run(
        Effect.flatMap(
          Call.call(
            ops.AuthenticateUsernamePassword,
            { UserName: userName, Password: Redacted.value(password) },
            target,
            [password]
          ),
          (reply) =>
            authenticated<V>(
              reply.body,
              `${ops.AuthenticateUsernamePassword.service}.AuthenticateUsernamePassword`,
              target
            )
        )
      ),
    AuthenticateWithAccessToken: (accessToken) =>
      run(
        Effect.flatMap(
          Call.call(ops.AuthenticateWithAccessToken, { AccessToken: Redacted.value(accessToken) }, target, [
            accessToken
          ]),
          (reply) =>
            authenticated<V>(
              reply.body,
              `${ops.AuthenticateWithAccessToken.service}.AuthenticateWithAccessToken`,
              target
            )
        )
      ),
    GetSystemInfo: () =>
      run(
        Effect.map(
          Call.call(ops.GetSystemInfo, {}, target),
          (reply) => (reply.body.SystemInfo ?? undefined) as SystemInfo<V> | undefined
        )
      )
  }
}

const targetOf = <V extends Version>(
  version: V,
  endpoint: string,
  applicationToken: Redacted.Redacted<string>,
  timeout: Duration.Duration,
  retry: Call.Target["retry"],
  tenant?: TenantLocation | undefined,
  deadline?: Duration.Duration
): Call.Target => {
  const servicePath = versions[version].SoPrincipal.ENDPOINT_PATH
  const url = `${endpoint}/${servicePath}`
  return {
    url,
    host: Call.hostOf(url),
    version,
    timeout,
    deadline,
    retry,
    headerValues: { ApplicationToken: applicationToken },
    secrets: [applicationToken],
    tenant: tenant === undefined ? undefined : { location: tenant, servicePath }
  }
}

/** A SoPrincipal client from explicit options (no ticket needed: this is how you get one). */
export const make = <V extends Version>(
  options: SoPrincipalOptions<V>
): Effect.Effect<SoPrincipalClient<V>, InvalidConfig, HttpClient.HttpClient> =>
  Effect.gen(function* () {
    // Validate through the shared rules with a placeholder ticket, which is never sent.
    const config = yield* makeConfig({ ...options, ticket: Redacted.make("-") })
    const http = yield* HttpClient.HttpClient
    return build(
      options.version,
      targetOf(
        options.version,
        config.endpoint,
        config.applicationToken,
        config.timeout,
        config.retry,
        config.tenant,
        config.deadline
      ),
      http
    )
  })

/** A SoPrincipal client for the endpoint, version and application token of `SuperOfficeConfig`. */
export const fromConfig: Effect.Effect<
  SoPrincipalClient<Version>,
  never,
  SuperOfficeConfig | HttpClient.HttpClient
> = Effect.gen(function* () {
  const config = yield* SuperOfficeConfig
  const http = yield* HttpClient.HttpClient
  return build(
    config.version,
    targetOf(
      config.version,
      config.endpoint,
      config.applicationToken,
      config.timeout,
      config.retry,
      config.tenant,
      config.deadline
    ),
    http
  )
})
