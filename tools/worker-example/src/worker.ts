/**
 * The example Worker: the same two routes as the Node example, on the edge adapter.
 *
 *   POST /support-session  → WebEx CreateSupportSession → { "sessionKey": "…" }
 *   POST /cs-session       → a SuperOffice CS session, opened and removed → { "loginId": … }
 *
 * Configuration comes from `env` (wrangler.jsonc `vars` and secrets) through the same
 * `Config` descriptors a Node service reads from environment variables. The services are
 * built once per isolate by `WorkerHandler.make`, not per request.
 */
import { EdgeHttp, WorkerHandler } from "@sessionwire/edge-adapter"
import { CsSession, SuperOfficeConfig } from "@sessionwire/superoffice"
import { SupportSession, WebExClient, WebExConfig } from "@sessionwire/webex"
import { Effect, Layer } from "effect"

const services = Layer.mergeAll(
  WebExClient.layer.pipe(Layer.provide(WebExConfig.layerConfig())),
  SuperOfficeConfig.layerConfig
).pipe(Layer.provideMerge(EdgeHttp.layerConfig()))

/** Upstream failures, by tag, as this Worker's status; the body carries the tag and a secret-free message. */
const statusFor = (tag: string): number =>
  tag === "RequestTimeout" ? 504 : tag === "RateLimited" || tag === "ServiceUnavailable" ? 503 : 502

const failed = (error: { readonly _tag: string; readonly message: string }) =>
  Response.json({ error: error._tag, message: error.message }, { status: statusFor(error._tag) })

const supportSession = SupportSession.create().pipe(
  Effect.map((created) => Response.json({ sessionKey: String(created.sessionKey) })),
  Effect.catchAll((e) => Effect.succeed(failed(e)))
)

const csSession = (request: Request) =>
  CsSession.use(request.headers.get("cf-connecting-ip") ?? "127.0.0.1", (session) =>
    Effect.succeed(Response.json({ loginId: session.loginId, userId: session.userId, version: session.version }))
  ).pipe(Effect.catchAll((e) => Effect.succeed(failed(e))))

export default WorkerHandler.make({
  layer: services,
  handle: (request) => {
    const { pathname } = new URL(request.url)
    if (pathname !== "/support-session" && pathname !== "/cs-session") {
      return Effect.succeed(Response.json({ error: "NotFound" }, { status: 404 }))
    }
    if (request.method !== "POST") return Effect.succeed(Response.json({ error: "MethodNotAllowed" }, { status: 405 }))
    return pathname === "/support-session" ? supportSession : csSession(request)
  }
})
