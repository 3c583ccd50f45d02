/**
 * A Worker that calls a canned WebEx server through the package's public API, so
 * "runs unchanged on Cloudflare Workers" is checked by the real runtime: the request
 * is written, sent with the platform's fetch, and the reply read inside workerd.
 */
import { FetchHttpClient } from "@effect/platform"
import { Effect, Layer, Redacted } from "effect"
import { SupportSession, WebExClient, WebExConfig, WebExError } from "../src/index.ts"

export default {
  async fetch(_request: Request, env: { readonly WEBEX_URL: string }): Promise<Response> {
    const client = WebExClient.layer.pipe(
      Layer.provide(
        Layer.orDie(
          WebExConfig.layer({
            siteName: "acme",
            webExID: "host",
            password: Redacted.make("worker-password"),
            endpoint: env.WEBEX_URL
          })
        )
      ),
      Layer.provide(FetchHttpClient.layer)
    )
    const program = Effect.gen(function* () {
      const created = yield* SupportSession.create({
        metaData: { sessionType: 13 },
        tracking: { trackingCode1: "edge" }
      })
      const failed = yield* Effect.flip(SupportSession.create())
      return {
        sessionKey: String(created.sessionKey),
        failure: failed._tag,
        exceptionID: WebExError.isWebExFailure(failed) ? failed.exceptionID : "",
        runtime: navigator.userAgent
      }
    })
    return Response.json(await Effect.runPromise(Effect.provide(program, client)))
  }
}
