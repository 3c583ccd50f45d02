/**
 * SuperOffice Online's tenant registry, simulated: which host each tenant lives on and
 * what state it is in, served as the state API (`GET /api/state/{contextId}`) and the
 * `{Api}` document. Hosts are simulated as path prefixes on the one loopback server:
 * a tenant on host `online2` has the endpoint `{url}/~online2/{contextId}`, and a
 * request to `/~online3/{contextId}/Remote/…` while it lives on `online2` is answered
 * 421 "Wrong subdomain used to access tenant", as Online answers since November 2023.
 *
 * @since 0.2.0
 */

/**
 * The state names the state API reports, with their numbers.
 *
 * @since 0.2.0
 */
export const STATES: Readonly<Record<string, number>> = {
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
}

/**
 * One tenant as the registry holds it.
 *
 * @since 0.2.0
 */
export interface TenantEntry {
  readonly contextId: string
  /** The simulated host name, e.g. `online2`. */
  readonly host: string
  readonly state: string
  /** Seconds a state reply stays valid (`ValidUntil`). */
  readonly validSeconds: number
  /** The newest service version it serves, for the `{Api}` document. */
  readonly servicesCurrent: string
}

/**
 * What a caller may give when adding or changing a tenant.
 *
 * @since 0.2.0
 */
export interface TenantInput {
  readonly contextId: string
  readonly host?: string | undefined
  readonly state?: string | undefined
  readonly validSeconds?: number | undefined
  readonly servicesCurrent?: string | undefined
}

/**
 * The path that addresses a tenant's SOAP services: `/~{host}/{contextId}/Remote/…`.
 *
 * @since 0.2.0
 */
export const HOSTED_PATH = /^\/~([\w.-]+)\/([\w-]+)\/Remote\//

const STATE_PATH = /^\/api\/state\/([\w-]+)$/
const API_PATH = /^\/~([\w.-]+)\/([\w-]+)\/api$/

/**
 * The registry, with the tenants `Cust12345` (on `online2`) and `Cust54321` (on `online3`) by default.
 *
 * @since 0.2.0
 */
export class Tenants {
  readonly #tenants = new Map<string, TenantEntry>()
  readonly #now: () => number

  constructor(initial: ReadonlyArray<TenantInput> | undefined, now: () => number) {
    this.#now = now
    for (const t of initial ?? [
      { contextId: "Cust12345", host: "online2" },
      { contextId: "Cust54321", host: "online3" }
    ]) {
      this.set(t)
    }
  }

  /** Adds a tenant or changes one; unknown state names are refused. */
  set(input: TenantInput): TenantEntry {
    const known = this.#tenants.get(input.contextId)
    const state = input.state ?? known?.state ?? "Running"
    if (!(state in STATES)) throw new Error(`Unknown tenant state ${state}`)
    const host = input.host ?? known?.host ?? "online2"
    if (!/^[\w.-]+$/.test(host)) throw new Error(`Not a host name: ${host}`)
    const entry: TenantEntry = {
      contextId: input.contextId,
      host,
      state,
      validSeconds: input.validSeconds ?? known?.validSeconds ?? 300,
      servicesCurrent: input.servicesCurrent ?? known?.servicesCurrent ?? "Services88"
    }
    this.#tenants.set(input.contextId, entry)
    return entry
  }

  /** Moves a tenant to another host; the old one answers 421 from now on. */
  move(contextId: string, host: string): TenantEntry {
    return this.set({ contextId, host })
  }

  /** Sets a tenant's state (`OfflineMaintenance`, `Suspended`, …). */
  setState(contextId: string, state: string): TenantEntry {
    return this.set({ contextId, state })
  }

  get(contextId: string): TenantEntry | undefined {
    return this.#tenants.get(contextId)
  }

  list(): ReadonlyArray<TenantEntry> {
    return [...this.#tenants.values()]
  }

  /** The tenant's endpoint on a simulator at `baseUrl`. */
  endpoint(baseUrl: string, t: TenantEntry): string {
    return `${baseUrl}/~${t.host}/${t.contextId}`
  }

  /** The state API's reply for a tenant, as documented. */
  status(baseUrl: string, t: TenantEntry): Record<string, unknown> {
    const endpoint = this.endpoint(baseUrl, t)
    return {
      ContextIdentifier: t.contextId,
      Endpoint: endpoint,
      State: t.state,
      IsRunning: t.state === "Running" || t.state === "OnlineMaintenance",
      ValidUntil: new Date(this.#now() + t.validSeconds * 1000).toISOString(),
      Api: `${endpoint}/api`,
      Version: "Release_11.10_sessionwire-simulator"
    }
  }

  /**
   * The reply for a state-API or `{Api}` request, or `undefined` when the path is not one.
   */
  answer(baseUrl: string, method: string, path: string): { status: number; body: unknown } | undefined {
    const state = STATE_PATH.exec(path)
    if (state !== null) {
      if (method !== "GET") return { status: 405, body: { error: "GET only" } }
      const t = this.#tenants.get(state[1]!)
      return t === undefined
        ? { status: 404, body: { error: `No tenant ${state[1]}` } }
        : { status: 200, body: this.status(baseUrl, t) }
    }
    const api = API_PATH.exec(path)
    if (api !== null) {
      const t = this.#tenants.get(api[2]!)
      if (t === undefined || t.host !== api[1]) return { status: 421, body: WRONG_SUBDOMAIN }
      return {
        status: 200,
        body: {
          Services: "Services87",
          ServicesCurrent: t.servicesCurrent,
          NetServerVersion: "11.10.sessionwire",
          v1: `${this.endpoint(baseUrl, t)}/api/v1`
        }
      }
    }
    return undefined
  }

  /**
   * Whether a request to `path` reaches its tenant: `"misdirected"` when it addresses a
   * known tenant on a host it does not live on, else `"ok"` (other paths are not checked).
   */
  route(path: string): "ok" | "misdirected" {
    const m = HOSTED_PATH.exec(path)
    if (m === null) return "ok"
    const t = this.#tenants.get(m[2]!)
    return t !== undefined && t.host !== m[1] ? "misdirected" : "ok"
  }
}

/**
 * The text SuperOffice Online sends with a 421.
 *
 * @since 0.2.0
 */
export const WRONG_SUBDOMAIN = "Wrong subdomain used to access tenant"
