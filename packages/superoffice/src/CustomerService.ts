/**
 * The typed CustomerService client of each NetServer version. Versions are
 * distinct types: `ReportSessionActive` exists only on a Services88 client, so
 * calling it on an 86 client does not compile.
 *
 * @example
 * const cs = yield* CustomerService.make("88")
 * const reply = yield* cs.SessionIsValid({ CsSessionKey: key })
 * reply.body.Response // boolean | undefined
 * reply.headers.Succeeded
 *
 * @since 0.1.0
 */
import { HttpClient } from "@effect/platform"
import type { Operation } from "@sessionwire/protocol"
import { Context, Effect, Layer, type Redacted } from "effect"
import * as Call from "./Call.ts"
import { type CustomerServiceByVersion, customerServiceOperations, versions } from "./generated/index.ts"
import { SuperOfficeConfig, type SuperOfficeConfigShape, type Version } from "./SuperOfficeConfig.ts"
import type { SuperOfficeClientError } from "./SuperOfficeError.ts"

/**
 * The client of a version: one method per operation of that version's WSDL, each
 * returning the decoded body and the response headers (`ExceptionInfo`,
 * `ExtraInfo`, `Succeeded`, `TimeZone`). The HttpClient is captured when the client is made.
 */
export type Client<V extends Version> = CustomerServiceByVersion<SuperOfficeClientError, never>[V]

/** Builds an object of methods from an operations record, each bound to a target and an HttpClient. */
export const bind = <C>(
  operations: object,
  target: Call.Target,
  http: HttpClient.HttpClient,
  secretsOf?: (op: Operation.Any, input: unknown) => ReadonlyArray<Redacted.Redacted<string>>
): C => {
  const client: Record<string, (input: unknown) => Effect.Effect<unknown, unknown>> = {}
  for (const [name, op] of Object.entries(operations as Record<string, Operation.Any>)) {
    client[name] = (input) =>
      Call.call(op, input, target, secretsOf?.(op, input)).pipe(Effect.provideService(HttpClient.HttpClient, http))
  }
  return client as C
}

/** A client for `version` from a configuration; the URL is `{endpoint}/Remote/ServicesNN/CustomerService.svc`. */
export const fromConfig = <V extends Version>(
  version: V,
  config: SuperOfficeConfigShape,
  http: HttpClient.HttpClient
): Client<V> =>
  bind<Client<V>>(
    customerServiceOperations[version],
    Call.targetFor(config, version, versions[version].CustomerService.ENDPOINT_PATH),
    http
  )

/**
 * A client for `version`, using `SuperOfficeConfig` for the endpoint and credentials.
 * The version given here is the one called, whatever `SuperOfficeConfig.version` says:
 * the type of the client must be known at compile time.
 */
export const make = <V extends Version>(
  version: V
): Effect.Effect<Client<V>, never, SuperOfficeConfig | HttpClient.HttpClient> =>
  Effect.map(Effect.all([SuperOfficeConfig, HttpClient.HttpClient]), ([config, http]) =>
    fromConfig(version, config, http)
  )

/** The Services86 client as a service. */
export class CustomerService86 extends Context.Tag("@sessionwire/superoffice/CustomerService86")<
  CustomerService86,
  Client<"86">
>() {
  static readonly layer: Layer.Layer<CustomerService86, never, SuperOfficeConfig | HttpClient.HttpClient> =
    Layer.effect(CustomerService86, make("86"))
}

/** The Services87 client as a service. */
export class CustomerService87 extends Context.Tag("@sessionwire/superoffice/CustomerService87")<
  CustomerService87,
  Client<"87">
>() {
  static readonly layer: Layer.Layer<CustomerService87, never, SuperOfficeConfig | HttpClient.HttpClient> =
    Layer.effect(CustomerService87, make("87"))
}

/** The Services88 client as a service. */
export class CustomerService88 extends Context.Tag("@sessionwire/superoffice/CustomerService88")<
  CustomerService88,
  Client<"88">
>() {
  static readonly layer: Layer.Layer<CustomerService88, never, SuperOfficeConfig | HttpClient.HttpClient> =
    Layer.effect(CustomerService88, make("88"))
}
