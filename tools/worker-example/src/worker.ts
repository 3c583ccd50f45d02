/**
 * The example Worker: the Node example's two routes on the edge adapter, plus CS
 * sessions kept between requests by a Durable Object.
 *
 *   POST   /support-session    → WebEx CreateSupportSession → { "sessionKey": "…" }
 *   POST   /cs-session         → a SuperOffice CS session, opened and removed → { "loginId": … }
 *   POST   /cs-session/:name   → opens the session `name`, or joins it → its state
 *   GET    /cs-session/:name   → its state (404 when none is open)
 *   DELETE /cs-session/:name   → removes it
 *
 * A named session lives in the `CsSessionKeeper` Durable Object of that name, which keeps
 * it alive with alarms and removes it once idle. Its state never includes the session key.
 *
 * It imports `@sessionwire/superoffice/88`, so only Services88 is bundled. Configuration
 * comes from `env` (wrangler.jsonc `vars` and secrets) through the same `Config`
 * descriptors a Node service reads from environment variables.
 */
import { EdgeHttp, WorkerHandler } from "@sessionwire/edge-adapter"
import { CsSessionKeeper as Keeper, KeeperRpc } from "@sessionwire/edge-adapter/cloudflare"
import { CsSession, SuperOfficeConfig } from "@sessionwire/superoffice/88"
import { SupportSession, WebExClient, WebExConfig } from "@sessionwire/webex"
import { Effect, Layer } from "effect"

const superOffice = () => SuperOfficeConfig.layerConfig.pipe(Layer.provideMerge(EdgeHttp.layerConfig()))

/** The Durable Object class the `CS_SESSIONS` binding names; see wrangler.jsonc. */
export class CsSessionKeeper extends Keeper.make<Env>({ catalog: CsSession.catalog, layer: superOffice }) {}

const services = Layer.mergeAll(
  WebExClient.layer.pipe(Layer.provide(WebExConfig.layerConfig())),
  SuperOfficeConfig.layerConfig
).pipe(Layer.provideMerge(EdgeHttp.layerConfig()))

/** Upstream failures, by tag, as this Worker's status; the body carries the tag and a secret-free message. */
const statusFor = (tag: string): number =>
  tag === "RequestTimeout" || tag === "KeeperUnavailable"
    ? 504
    : tag === "RateLimited" || tag === "ServiceUnavailable"
      ? 503
      : tag === "SessionExpired"
        ? 410
        : 502

const failed = (error: { readonly _tag: string; readonly message: string }) =>
  Response.json({ error: error._tag, message: error.message }, { status: statusFor(error._tag) })

const supportSession = SupportSession.create().pipe(
  Effect.map((created) => Response.json({ sessionKey: String(created.sessionKey) })),
  Effect.catchAll((e) => Effect.succeed(failed(e)))
)

const remoteIp = (request: Request) => request.headers.get("cf-connecting-ip") ?? "127.0.0.1"

const csSession = (request: Request) =>
  CsSession.use(remoteIp(request), (session) =>
    Effect.succeed(Response.json({ loginId: session.loginId, userId: session.userId, version: session.version }))
  ).pipe(Effect.catchAll((e) => Effect.succeed(failed(e))))

/** Session names become Durable Object names; a bounded, plain alphabet keeps them predictable. */
const sessionName = /^\/cs-session\/([A-Za-z0-9._-]{1,128})$/

const keptSession = (request: Request, env: Env, name: string) => {
  const keeper = KeeperRpc.client(env.CS_SESSIONS.getByName(name))
  const answer: Effect.Effect<Response, KeeperRpc.KeeperError> =
    request.method === "POST"
      ? Effect.map(keeper.open(remoteIp(request)), (state) =>
          Response.json(state, { status: state.joined ? 200 : 201 })
        )
      : request.method === "GET"
        ? Effect.map(keeper.state, (state) =>
            state === null ? Response.json({ error: "NotFound" }, { status: 404 }) : Response.json(state)
          )
        : request.method === "DELETE"
          ? Effect.map(keeper.close, (result) => Response.json(result))
          : Effect.succeed(Response.json({ error: "MethodNotAllowed" }, { status: 405 }))
  return Effect.catchAll(answer, (e) => Effect.succeed(failed(e)))
}

export default WorkerHandler.make({
  layer: services,
  handle: (request, env: Env) => {
    const { pathname } = new URL(request.url)
    const named = sessionName.exec(pathname)
    if (named?.[1] !== undefined) return keptSession(request, env, named[1])
    if (pathname !== "/support-session" && pathname !== "/cs-session") {
      return Effect.succeed(Response.json({ error: "NotFound" }, { status: 404 }))
    }
    if (request.method !== "POST") return Effect.succeed(Response.json({ error: "MethodNotAllowed" }, { status: 405 }))
    return pathname === "/support-session" ? supportSession : csSession(request)
  }
})
