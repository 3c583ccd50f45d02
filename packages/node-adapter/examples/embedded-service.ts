/**
 * Embedding Sessionwire in a plain `node:http` service, no framework, through the
 * Promise facade:
 *
 *   POST /support-session  → WebEx CreateSupportSession        → { "sessionKey": "…" }
 *   POST /cs-session       → a SuperOffice CS session, opened,  → { "loginId": …, "version": "88" }
 *                            used and always removed
 *
 * Run it against real servers with the environment variables of the README
 * (SUPEROFFICE_ENDPOINT, SUPEROFFICE_APP_TOKEN, SUPEROFFICE_TICKET, WEBEX_SITE_NAME,
 * WEBEX_ID, WEBEX_PASSWORD, PORT):
 *
 *   node packages/node-adapter/examples/embedded-service.ts
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"
import { fileURLToPath } from "node:url"
import {
  createSuperOfficeClient,
  createWebExClient,
  isTaggedError,
  type SuperOfficeClient,
  type WebExClient
} from "../src/index.ts"

export interface ServiceOptions {
  readonly superoffice: SuperOfficeClient.SuperOfficeClientOptions<"88">
  readonly webex: WebExClient.WebExClientOptions
  /** Default 0 (any free port). */
  readonly port?: number | undefined
  readonly host?: string | undefined
}

export interface RunningService {
  readonly url: string
  readonly server: Server
  /** Stops accepting requests, then closes both clients' connection pools. */
  readonly close: () => Promise<void>
}

/** Upstream failures, by tag, as the status this service answers with. Messages carry no secret. */
const statusFor = (tag: string): number => {
  switch (tag) {
    case "RequestTimeout":
      return 504
    case "RateLimited":
    case "ServiceUnavailable":
      return 503
    case "Aborted":
      return 499
    default:
      return 502
  }
}

const json = (res: ServerResponse, status: number, body: unknown): void => {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(text)
  })
  res.end(text)
}

/** Aborted when the client goes away, so an abandoned request stops its upstream call too. */
const abortOnClose = (req: IncomingMessage, res: ServerResponse): AbortSignal => {
  const controller = new AbortController()
  res.on("close", () => {
    if (!res.writableFinished) controller.abort()
  })
  req.on("error", () => controller.abort())
  return controller.signal
}

export const startService = async (options: ServiceOptions): Promise<RunningService> => {
  // One client each for the life of the service: they hold the keep-alive pools.
  const superoffice = createSuperOfficeClient(options.superoffice)
  const webex = createWebExClient(options.webex)

  const routes: Record<string, (req: IncomingMessage, signal: AbortSignal) => Promise<unknown>> = {
    "/support-session": async (_req, signal) => {
      const created = await webex.createSupportSession({}, { signal })
      // An xs:long: a string in JSON, since a number would lose digits.
      return { sessionKey: String(created.sessionKey) }
    },
    "/cs-session": (req, signal) =>
      superoffice.withCsSession({ remoteIp: req.socket.remoteAddress ?? "127.0.0.1", signal }, async (session) => ({
        loginId: session.loginId,
        userId: session.userId,
        version: session.version
      }))
  }

  const server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0]!
    const route = routes[path]
    if (route === undefined) return json(res, 404, { error: "NotFound" })
    if (req.method !== "POST") return json(res, 405, { error: "MethodNotAllowed" })
    req.resume()
    route(req, abortOnClose(req, res)).then(
      (body) => json(res, 200, body),
      (error: unknown) => {
        if (res.destroyed) return
        if (isTaggedError(error)) json(res, statusFor(error._tag), { error: error._tag, message: error.message })
        else json(res, 500, { error: "InternalError" })
      }
    )
  })
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? "127.0.0.1", resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://${options.host ?? "127.0.0.1"}:${port}`,
    server,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeIdleConnections()
      })
      await Promise.all([superoffice.close(), webex.close()])
    }
  }
}

const env = (name: string): string => {
  const value = process.env[name]
  if (value === undefined || value === "") throw new Error(`Set ${name}`)
  return value
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const service = await startService({
    port: Number(process.env.PORT ?? 8080),
    superoffice: {
      endpoint: env("SUPEROFFICE_ENDPOINT"),
      applicationToken: env("SUPEROFFICE_APP_TOKEN"),
      credentials: { ticket: env("SUPEROFFICE_TICKET") }
    },
    webex: {
      siteName: env("WEBEX_SITE_NAME"),
      webExID: env("WEBEX_ID"),
      password: env("WEBEX_PASSWORD")
    }
  })
  console.log(`listening on ${service.url}`)
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => void service.close())
}
