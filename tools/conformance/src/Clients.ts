/**
 * Vendor clients configured for the simulator (or the fixture peer), built the way an
 * application builds them, over whatever `HttpClient` the adapter under test provides.
 *
 * @since 0.1.0
 */
import type { HttpClient } from "@effect/platform"
import { CustomerService, SoPrincipal, SuperOfficeConfig } from "@sessionwire/superoffice"
import { WebExClient, WebExConfig } from "@sessionwire/webex"
import { type Duration, Effect, Layer, Redacted } from "effect"
import * as Fixtures from "./Fixtures.ts"
import type { Endpoints } from "./Scenario.ts"

/** @since 0.1.0 */
export type Version = SuperOfficeConfig.Version

/** The tenant base URL on the simulator, or under a fixture-peer path. @since 0.1.0 */
export const tenantUrl = (endpoints: Endpoints, peerPath?: string): string =>
  peerPath === undefined
    ? `${endpoints.simulatorUrl}${Fixtures.superoffice.tenantPath}`
    : `${endpoints.peerUrl}${peerPath}`

/** @since 0.1.0 */
export interface SoOptions {
  readonly endpoint?: string | undefined
  readonly timeout?: Duration.DurationInput | undefined
  readonly deadline?: Duration.DurationInput | undefined
  readonly retries?: number | undefined
  readonly ticket?: Redacted.Redacted<string> | undefined
}

/** A SoPrincipal client of `version` for the simulator. @since 0.1.0 */
export const soPrincipal = <V extends Version>(endpoints: Endpoints, version: V, options: SoOptions = {}) =>
  SoPrincipal.make({
    endpoint: options.endpoint ?? tenantUrl(endpoints),
    version,
    applicationToken: Redacted.make(Fixtures.superoffice.applicationToken),
    timeout: options.timeout,
    retry: { times: options.retries ?? 0, base: "10 millis" }
  })

/** Logs in with the conformance user's password and returns the ticket. @since 0.1.0 */
export const login = (endpoints: Endpoints, version: Version = "88") =>
  Effect.flatMap(soPrincipal(endpoints, version), (so) =>
    so.AuthenticateUsernamePassword(Fixtures.superoffice.username, Redacted.make(Fixtures.superoffice.password))
  )

/** A `SuperOfficeConfig` layer with a fresh ticket from SoPrincipal, unless one is given. @since 0.1.0 */
export const superOfficeConfig = (
  endpoints: Endpoints,
  version: Version,
  options: SoOptions = {}
): Layer.Layer<SuperOfficeConfig.SuperOfficeConfig, unknown, HttpClient.HttpClient> =>
  Layer.effect(
    SuperOfficeConfig.SuperOfficeConfig,
    Effect.gen(function* () {
      const ticket = options.ticket ?? (yield* login(endpoints, version)).ticket
      return yield* SuperOfficeConfig.make({
        endpoint: options.endpoint ?? tenantUrl(endpoints),
        version,
        applicationToken: Redacted.make(Fixtures.superoffice.applicationToken),
        ticket,
        timeout: options.timeout,
        deadline: options.deadline,
        retry: { times: options.retries ?? 0, base: "10 millis" }
      })
    })
  )

/** The CustomerService client of `version` with a fresh ticket. @since 0.1.0 */
export const customerService = <V extends Version>(endpoints: Endpoints, version: V, options: SoOptions = {}) =>
  Effect.provide(CustomerService.make(version), superOfficeConfig(endpoints, version, options))

/** @since 0.1.0 */
export interface WebExOptions {
  readonly endpoint?: string | undefined
  readonly timeout?: Duration.DurationInput | undefined
  readonly deadline?: Duration.DurationInput | undefined
  readonly retries?: number | undefined
  readonly password?: string | undefined
}

/** A `WebExConfig` for the conformance user on the simulator. @since 0.1.0 */
export const webExConfig = (endpoints: Endpoints, options: WebExOptions = {}) =>
  WebExConfig.layer({
    siteName: Fixtures.webex.siteName,
    webExID: Fixtures.webex.webExID,
    password: Redacted.make(options.password ?? Fixtures.webex.password),
    endpoint: options.endpoint ?? `${endpoints.simulatorUrl}/WBXService/XMLService`,
    timeout: options.timeout,
    deadline: options.deadline,
    retry: { times: options.retries ?? 0, base: "10 millis" }
  })

/** The WebEx client (password in the security context) as a layer. @since 0.1.0 */
export const webExClient = (
  endpoints: Endpoints,
  options: WebExOptions = {}
): Layer.Layer<WebExClient.WebExClient, unknown, HttpClient.HttpClient> =>
  WebExClient.layer.pipe(Layer.provide(webExConfig(endpoints, options)))

/** The CustomerService client type of a version. @since 0.1.0 */
export type CustomerServiceClient<V extends Version> = CustomerService.Client<V>
