/**
 * One loopback HTTP server for both vendors: SuperOffice under
 * `…/Remote/ServicesNN/{CustomerService,SoPrincipal}.svc` (any path prefix, so a
 * tenant base URL such as `http://127.0.0.1:PORT/Cust12345` works), WebEx under
 * `/WBXService/XMLService`, and the admin API under `/__admin`.
 *
 * @since 0.1.0
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http"
import type { AddressInfo, Socket } from "node:net"
import { Context, Effect, Layer, type Scope } from "effect"
import * as Admin from "./Admin.ts"
import { type Applied, type FaultRuleInput, FaultStore, type Route, type Target } from "./Faults.ts"
import { htmlPage, json, type Reply, text } from "./Reply.ts"
import * as SuperOffice from "./SuperOffice.ts"
import { type SuperOfficeOptions, SuperOfficeState } from "./SuperOfficeState.ts"
import { type TenantInput, Tenants, WRONG_SUBDOMAIN } from "./Tenants.ts"
import * as WebEx from "./WebEx.ts"
import { type WebExOptions, WebExState } from "./WebExState.ts"

export interface SimulatorOptions {
  /** Default 0: any free port. */
  readonly port?: number | undefined
  /** Default `127.0.0.1`. */
  readonly host?: string | undefined
  readonly superoffice?: SuperOfficeOptions | undefined
  readonly webex?: WebExOptions | undefined
  /** Fault rules in force from the start. */
  readonly faults?: ReadonlyArray<FaultRuleInput> | undefined
  /**
   * Host-name prefixes answered with 421 on the SuperOffice routes, as SuperOffice Online
   * answers the bare `online`/`sod` hosts; default `["online.", "sod."]`.
   */
  readonly bareHostPrefixes?: ReadonlyArray<string> | undefined
  /** The clock for tickets, idle timeouts and history; default `Date.now`. */
  readonly now?: (() => number) | undefined
  /** Called once per answered request, for logs. Never given a body or a header value. */
  readonly onRequest?: ((entry: RequestLogEntry) => void) | undefined
  /**
   * SuperOffice Online tenants for the state API; default `Cust12345` on `online2` and
   * `Cust54321` on `online3`, both Running.
   */
  readonly tenants?: ReadonlyArray<TenantInput> | undefined
  /** Largest request body accepted; default 16 MiB (larger gets 413). */
  readonly maxBodyBytes?: number | undefined
}

export interface RequestLogEntry {
  readonly method: string
  readonly path: string
  readonly route?: Route | "admin" | undefined
  readonly version?: string | undefined
  readonly operation?: string | undefined
  /** The status sent, or `reset` when the connection was cut. */
  readonly status: number | "reset"
  readonly fault?: string | undefined
  readonly millis: number
}

export interface SimulatorState {
  readonly superoffice: SuperOfficeState
  readonly webex: WebExState
  /** SuperOffice Online's tenant registry: move a tenant, set its state. */
  readonly tenants: Tenants
}

export interface RunningSimulator {
  /** `http://127.0.0.1:PORT`, no trailing slash. */
  readonly url: string
  readonly port: number
  /** The tenant base URL to give a SuperOffice client: `${url}/Cust12345`. */
  readonly superofficeUrl: string
  /** The WebEx endpoint: `${url}/WBXService/XMLService`. */
  readonly webexUrl: string
  readonly state: SimulatorState
  readonly faults: FaultStore
  /** Closes every connection and the listener; idempotent. */
  readonly stop: () => Promise<void>
}

const SVC = /\/Remote\/Services(\d\d)\/(CustomerService|SoPrincipal)\.svc$/i
const WEBEX = /^\/WBXService\/XMLService$/i

const readBody = (req: IncomingMessage, max: number): Promise<Uint8Array | "too-large"> =>
  new Promise((resolve, reject) => {
    const chunks: Array<Buffer> = []
    let size = 0
    let over = false
    req.on("data", (c: Buffer) => {
      size += c.length
      if (size > max) over = true
      else chunks.push(c)
    })
    req.on("end", () => resolve(over ? "too-large" : new Uint8Array(Buffer.concat(chunks))))
    req.on("error", reject)
  })

const lowerHeaders = (req: IncomingMessage): Record<string, string | undefined> => {
  const out: Record<string, string | undefined> = {}
  for (const [k, v] of Object.entries(req.headers)) out[k.toLowerCase()] = Array.isArray(v) ? v.join(", ") : v
  return out
}

const servicePage = (version: string, service: string): Reply =>
  text(
    200,
    "text/html; charset=UTF-8",
    `<html><head><title>${service} Service</title></head><body><h1>${service} Service</h1><p>You have created a service: Services${version} ${service}, simulated by sessionwire. Send SOAP 1.1 POST requests to this address.</p></body></html>`
  )

/** What a terminal fault turns the reply into; `undefined` for the faults that act on the socket. */
const faultReply = (fault: NonNullable<Applied["terminal"]>, route: Route): Reply | undefined => {
  switch (fault._tag) {
    case "HtmlError": {
      const status = fault.status ?? 502
      return status === 502
        ? htmlPage(
            502,
            "502 Bad Gateway",
            "The server, while acting as a gateway or proxy, received an invalid response from the upstream server."
          )
        : htmlPage(status, `${status} Error`, "The server could not handle the request.")
    }
    case "ServiceUnavailable":
      return htmlPage(503, "Service Unavailable", "HTTP Error 503. The service is unavailable.", {
        "retry-after": String(fault.retryAfter ?? 30)
      })
    case "MisdirectedRequest":
      return misdirected()
    case "RateLimited":
      return route === "XMLService"
        ? withRetryAfter(WebEx.failure(WebEx.Failures.rateLimited), fault.retryAfter)
        : htmlPage(429, "Too Many Requests", "The rate limit for this tenant has been exceeded.", {
            "retry-after": String(fault.retryAfter ?? 60)
          })
    default:
      return undefined
  }
}

// WebEx itself sends no Retry-After with 000045; a gateway in front of it may, so a rule can ask for one.
const withRetryAfter = (reply: Reply, seconds: number | undefined): Reply =>
  seconds === undefined ? reply : { ...reply, headers: { ...reply.headers, "retry-after": String(seconds) } }

const misdirected = (): Reply =>
  text(
    421,
    "text/plain; charset=utf-8",
    "Misdirected Request: this host serves no tenant. Use the tenant's own host, such as online3.superoffice.com."
  )

const wrongSubdomain = (): Reply => text(421, "text/plain; charset=utf-8", WRONG_SUBDOMAIN)

/** Starts the simulator and resolves once it is listening. */
export const startSimulator = async (options: SimulatorOptions = {}): Promise<RunningSimulator> => {
  const now = options.now ?? Date.now
  const state: SimulatorState = {
    superoffice: new SuperOfficeState(options.superoffice ?? {}, now),
    webex: new WebExState(options.webex ?? {}, now),
    tenants: new Tenants(options.tenants, now)
  }
  const faults = new FaultStore(options.faults ?? [])
  const bare = (options.bareHostPrefixes ?? ["online.", "sod."]).map((p) => p.toLowerCase())
  const maxBody = options.maxBodyBytes ?? 16 * 1024 * 1024
  const timers = new Set<NodeJS.Timeout>()
  const sockets = new Set<Socket>()
  let stopped = false
  // Known once listening; the state API names endpoints on this server.
  let baseUrl = ""

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        timers.delete(t)
        resolve()
      }, ms)
      timers.add(t)
    })

  const send = (res: ServerResponse, r: Reply) => {
    if (res.destroyed || res.writableEnded) return
    const body = Buffer.from(r.body, "utf8")
    res.writeHead(r.status, { ...r.headers, "content-length": String(body.length) })
    res.end(body)
  }

  const serve = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const started = performance.now()
    const method = req.method ?? "GET"
    const path = (req.url ?? "/").split("?")[0]!
    const headers = lowerHeaders(req)
    const raw = await readBody(req, maxBody)
    const log = (entry: Omit<RequestLogEntry, "method" | "path" | "millis">) =>
      options.onRequest?.({ method, path, millis: Math.round(performance.now() - started), ...entry })

    if (path.startsWith(Admin.PREFIX)) {
      const r = Admin.handle(method, path, raw === "too-large" ? "" : Buffer.from(raw).toString("utf8"), {
        faults,
        ...state
      })
      send(res, r)
      return log({ route: "admin", status: r.status })
    }

    const tenantReply = state.tenants.answer(baseUrl, method, path)
    if (tenantReply !== undefined) {
      const r = tenantReply.status === 421 ? wrongSubdomain() : json(tenantReply.status, tenantReply.body as object)
      send(res, r)
      return log({ status: r.status })
    }

    const svc = SVC.exec(path)
    const isWebEx = WEBEX.test(path)
    if (svc === null && !isWebEx) {
      const r = text(404, "text/html", "<html><body><h1>404 Not Found</h1></body></html>")
      send(res, r)
      return log({ status: 404 })
    }
    if (raw === "too-large") {
      send(res, text(413, "text/html", "<html><body><h1>413 Request Entity Too Large</h1></body></html>"))
      return log({ status: 413 })
    }

    let target: Target
    let answer: () => Reply
    if (svc !== null) {
      const version = svc[1]!
      const service = (
        svc[2]!.toLowerCase() === "soprincipal" ? "SoPrincipal" : "CustomerService"
      ) as SuperOffice.ServiceName
      const soapReq = { headers, body: raw }
      target = { route: service, version, operation: SuperOffice.operationOf(soapReq) }
      const host = (headers.host ?? "").toLowerCase()
      if (bare.some((p) => host.startsWith(p))) {
        send(res, misdirected())
        return log({ ...target, status: 421, fault: "bare host" })
      }
      if (state.tenants.route(path) === "misdirected") {
        send(res, wrongSubdomain())
        return log({ ...target, status: 421, fault: "tenant moved" })
      }
      answer =
        method === "GET"
          ? () => (SuperOffice.catalog[version] ? servicePage(version, service) : text(404, "text/html", ""))
          : method !== "POST"
            ? () => text(405, "text/html", "")
            : () => SuperOffice.handle({ version, service }, soapReq, state.superoffice)
    } else {
      const parsed = method === "POST" ? WebEx.parse(raw) : undefined
      target = { route: "XMLService", operation: parsed && WebEx.operationOf(parsed) }
      answer = parsed === undefined ? () => text(405, "text/html", "") : () => WebEx.handle(parsed, state.webex, now())
    }

    const applied = faults.take(target)
    if (applied.latencyMillis > 0) await sleep(applied.latencyMillis)
    if (stopped || res.destroyed) return
    const terminal = applied.terminal
    if (terminal?._tag === "ConnectionReset") {
      req.socket.resetAndDestroy()
      return log({ ...target, status: "reset", fault: terminal._tag })
    }
    const injected = terminal && faultReply(terminal, target.route)
    const r = injected ?? answer()
    if (terminal?._tag === "TruncatedBody") {
      const body = Buffer.from(r.body, "utf8")
      const keep = Math.min(body.length - 1, terminal.keepBytes ?? Math.floor(body.length / 2))
      res.writeHead(r.status, { ...r.headers, "content-length": String(body.length) })
      res.write(body.subarray(0, Math.max(0, keep)), () => req.socket.destroy())
      return log({ ...target, status: r.status, fault: terminal._tag })
    }
    send(res, r)
    log({
      ...target,
      status: r.status,
      fault: terminal?._tag ?? (applied.latencyMillis > 0 ? `Latency ${applied.latencyMillis} ms` : undefined)
    })
  }

  const server = createServer((req, res) => {
    serve(req, res).catch(() => {
      if (!res.headersSent && !res.destroyed) send(res, text(500, "text/plain", "simulator error"))
      else res.destroy()
    })
  })
  server.on("connection", (s) => {
    sockets.add(s)
    s.on("close", () => sockets.delete(s))
  })
  const host = options.host ?? "127.0.0.1"
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject)
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject)
      resolve()
    })
  })
  const port = (server.address() as AddressInfo).port
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`
  baseUrl = url
  let closing: Promise<void> | undefined
  const stop = () => {
    closing ??= new Promise<void>((resolve) => {
      stopped = true
      for (const t of timers) clearTimeout(t)
      timers.clear()
      server.close(() => resolve())
      for (const s of sockets) s.destroy()
      server.closeAllConnections()
    })
    return closing
  }
  return {
    url,
    port,
    superofficeUrl: `${url}/Cust12345`,
    webexUrl: `${url}/WBXService/XMLService`,
    state,
    faults,
    stop
  }
}

/** The running simulator, for programs that want it as a service. */
export class Simulator extends Context.Tag("@sessionwire/simulator/Simulator")<Simulator, RunningSimulator>() {}

/** Starts the simulator for the life of the scope. */
export const scoped = (options: SimulatorOptions = {}): Effect.Effect<RunningSimulator, never, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.promise(() => startSimulator(options)),
    (sim) => Effect.promise(() => sim.stop())
  )

/** A layer holding a running simulator, stopped when the layer is released. */
export const layer = (options: SimulatorOptions = {}): Layer.Layer<Simulator> =>
  Layer.scoped(Simulator, scoped(options))
