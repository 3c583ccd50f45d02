/**
 * Configuration from a Worker's `env`: `vars` and secrets become a `ConfigProvider`, so
 * the same `Config` descriptors that read environment variables on Node
 * (`SUPEROFFICE_TICKET`, `WEBEX_PASSWORD`, …) read Worker bindings unchanged.
 *
 * @since 0.1.0
 */
import { ConfigProvider, Layer } from "effect"

/**
 * The provider for an `env` object. Text bindings (`vars` and secrets, set with
 * `wrangler secret put`) are read as they are; number and boolean `vars` as their text;
 * JSON `vars` objects as nested paths (`{ "WEBEX": { "SITE_NAME": "x" } }` is
 * `WEBEX.SITE_NAME`). Other bindings (KV, R2, services, …) are not configuration and are
 * skipped. Secrets are read through `Config.redacted` by the vendor packages.
 *
 * @since 0.1.0
 */
export const configProvider = (env: object): ConfigProvider.ConfigProvider => {
  const map = new Map<string, string>()
  const visit = (value: unknown, path: string, depth: number): void => {
    if (typeof value === "string") map.set(path, value)
    else if (typeof value === "number" || typeof value === "boolean") map.set(path, String(value))
    else if (
      depth < 4 &&
      value !== null &&
      typeof value === "object" &&
      Object.getPrototypeOf(value) === Object.prototype
    ) {
      for (const [k, v] of Object.entries(value)) visit(v, `${path}.${k}`, depth + 1)
    }
  }
  for (const [key, value] of Object.entries(env)) visit(value, key, 0)
  return ConfigProvider.fromMap(map)
}

/**
 * A layer that makes {@link configProvider} the provider for everything built after it.
 *
 * @since 0.1.0
 */
export const layer = (env: object): Layer.Layer<never> => Layer.setConfigProvider(configProvider(env))
