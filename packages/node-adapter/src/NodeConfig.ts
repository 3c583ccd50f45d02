/**
 * Configuration from environment variables. The vendor packages describe their settings
 * once, as `Config`; on Node the default `ConfigProvider` reads them from `process.env`,
 * so these layers are those descriptors plus the Node HTTP layer.
 *
 * @since 0.1.0
 */
import type { HttpClient } from "@effect/platform"
import { SuperOfficeConfig } from "@sessionwire/superoffice"
import { WebExClient, WebExConfig } from "@sessionwire/webex"
import { type ConfigError, Layer } from "effect"
import * as NodeHttp from "./NodeHttp.ts"

/** @since 0.1.0 */
export interface Variable {
  readonly name: string
  readonly vendor: "superoffice" | "webex" | "http"
  /** Read as `Redacted`: never printed, logged or put in an error. */
  readonly secret: boolean
  readonly required: boolean
  readonly description: string
}

/**
 * Every environment variable the adapters read, for documentation and tooling.
 *
 * @since 0.1.0
 */
export const variables: ReadonlyArray<Variable> = [
  {
    name: "SUPEROFFICE_ENDPOINT",
    vendor: "superoffice",
    secret: false,
    required: false,
    description:
      "Tenant base URL, e.g. https://online3.superoffice.com/Cust12345; this or SUPEROFFICE_CONTEXT_ID + SUPEROFFICE_ENVIRONMENT"
  },
  {
    name: "SUPEROFFICE_CONTEXT_ID",
    vendor: "superoffice",
    secret: false,
    required: false,
    description:
      "SuperOffice Online tenant (Cust12345): its endpoint is looked up from the state API and followed when it moves"
  },
  {
    name: "SUPEROFFICE_ENVIRONMENT",
    vendor: "superoffice",
    secret: false,
    required: false,
    description: "With SUPEROFFICE_CONTEXT_ID: online (default), sod or qaonline"
  },
  {
    name: "SUPEROFFICE_STATE_API_URL",
    vendor: "superoffice",
    secret: false,
    required: false,
    description: "With SUPEROFFICE_CONTEXT_ID: the state API's base URL (default https://{environment}.superoffice.com)"
  },
  {
    name: "SUPEROFFICE_VERSION",
    vendor: "superoffice",
    secret: false,
    required: false,
    description: "86, 87 or 88 (default 88)"
  },
  {
    name: "SUPEROFFICE_APP_TOKEN",
    vendor: "superoffice",
    secret: true,
    required: false,
    description: "ApplicationToken (required by SuperOffice Online)"
  },
  {
    name: "SUPEROFFICE_TICKET",
    vendor: "superoffice",
    secret: true,
    required: true,
    description: "Credentials/Ticket: a 7T: ticket or an 8A: OAuth access token"
  },
  {
    name: "SUPEROFFICE_TIMEZONE",
    vendor: "superoffice",
    secret: false,
    required: false,
    description: "TimeZone header: a NetServer time zone id or location code"
  },
  {
    name: "SUPEROFFICE_TIMEOUT",
    vendor: "superoffice",
    secret: false,
    required: false,
    description: "Seconds allowed for each attempt of a call (default 30)"
  },
  {
    name: "SUPEROFFICE_DEADLINE",
    vendor: "superoffice",
    secret: false,
    required: false,
    description:
      "Seconds allowed for a whole call, every retry and pause included; bounds CreateSession and RemoveSession (default 60)"
  },
  {
    name: "WEBEX_SITE_NAME",
    vendor: "webex",
    secret: false,
    required: false,
    description: "Site name (acme for acme.webex.com); this or WEBEX_SITE_ID"
  },
  {
    name: "WEBEX_SITE_ID",
    vendor: "webex",
    secret: false,
    required: false,
    description: "Numeric site id; this or WEBEX_SITE_NAME"
  },
  {
    name: "WEBEX_ID",
    vendor: "webex",
    secret: false,
    required: false,
    description: "The user's webExID; this or WEBEX_EMAIL"
  },
  {
    name: "WEBEX_EMAIL",
    vendor: "webex",
    secret: false,
    required: false,
    description: "The user's email; this or WEBEX_ID"
  },
  {
    name: "WEBEX_PASSWORD",
    vendor: "webex",
    secret: true,
    required: false,
    description: "Password; exactly one of password, session ticket, access token"
  },
  {
    name: "WEBEX_SESSION_TICKET",
    vendor: "webex",
    secret: true,
    required: false,
    description: "Session ticket from AuthenticateUser"
  },
  {
    name: "WEBEX_ACCESS_TOKEN",
    vendor: "webex",
    secret: true,
    required: false,
    description: "OAuth access token (webExAccessToken)"
  },
  { name: "WEBEX_PARTNER_ID", vendor: "webex", secret: true, required: false, description: "Optional partnerID" },
  {
    name: "WEBEX_ENDPOINT",
    vendor: "webex",
    secret: false,
    required: false,
    description: "XMLService URL (default https://{site}.webex.com/WBXService/XMLService)"
  },
  {
    name: "WEBEX_TIMEOUT",
    vendor: "webex",
    secret: false,
    required: false,
    description: "Seconds allowed for each attempt of a call (default 30)"
  },
  {
    name: "WEBEX_DEADLINE",
    vendor: "webex",
    secret: false,
    required: false,
    description: "Seconds allowed for a whole call, every retry and rate-limit pause included (default 60)"
  },
  {
    name: "SESSIONWIRE_HTTP_CONNECTIONS",
    vendor: "http",
    secret: false,
    required: false,
    description: "Keep-alive connections per origin (default 16)"
  },
  {
    name: "SESSIONWIRE_HTTP_CONNECT_TIMEOUT",
    vendor: "http",
    secret: false,
    required: false,
    description: "TCP+TLS connect timeout, e.g. 10 seconds (default)"
  },
  {
    name: "SESSIONWIRE_HTTP_REQUEST_TIMEOUT",
    vendor: "http",
    secret: false,
    required: false,
    description: "Deadline for a whole exchange, e.g. 60 seconds (default)"
  },
  {
    name: "SESSIONWIRE_HTTP_KEEP_ALIVE_TIMEOUT",
    vendor: "http",
    secret: false,
    required: false,
    description: "Idle time before a pooled connection closes (default 30 seconds)"
  }
]

/**
 * The Node HTTP layer with its pool settings from the environment.
 *
 * @since 0.1.0
 */
export const httpLayer: Layer.Layer<HttpClient.HttpClient, ConfigError.ConfigError> = NodeHttp.layerConfig()

/**
 * `SuperOfficeConfig` and the HTTP client, both from the environment: enough for
 * `CustomerService.make`, `CsSession.scoped` and `SoPrincipal.fromConfig`.
 *
 * @since 0.1.0
 */
export const superOfficeLayer: Layer.Layer<
  SuperOfficeConfig.SuperOfficeConfig | HttpClient.HttpClient,
  ConfigError.ConfigError
> = Layer.merge(SuperOfficeConfig.layerConfig, httpLayer)

/**
 * The WebEx client, configured from the environment, over the Node HTTP layer.
 *
 * @since 0.1.0
 */
export const webExLayer: Layer.Layer<
  WebExClient.WebExClient,
  | ConfigError.ConfigError
  | WebExConfig.InvalidEndpoint
  | WebExConfig.InvalidTiming
  | import("@sessionwire/webex").InvalidSecurityContext
> = WebExClient.layer.pipe(Layer.provide(WebExConfig.layerConfig()), Layer.provide(httpLayer))
