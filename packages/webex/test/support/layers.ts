import { NodeHttpClient } from "@effect/platform-node"
import { Duration, Effect, Layer, Redacted } from "effect"
import * as WebExClient from "../../src/WebExClient.ts"
import * as WebExConfig from "../../src/WebExConfig.ts"
import { type CannedReply, type CannedServer, cannedServer, type Received } from "./server.ts"

export const HttpLive = NodeHttpClient.layerUndici

export const PASSWORD = "s3cr3t-Pa55word!"
export const TOKEN = "ZjJiMjZlMjTOKENae0e10f-access"
export const TICKET = "AAABX0k3ZmkTICKETxGKcuGfBGb9xPIKru"

export const passwordContext = {
  siteName: "acme",
  webExID: "host",
  password: Redacted.make(PASSWORD)
}

/** Fast, deterministic-enough retries for tests that run against a real socket. */
export const testRetry = { times: 3, base: Duration.millis(5), rateLimitPause: Duration.millis(5) }

/**
 * Runs `use` with a canned server and a `WebExClient` pointed at it. The HTTP client is
 * the real undici one, so requests go through the whole client path.
 */
export const withClient = <A, E>(
  handler: (request: Received, index: number) => CannedReply | Promise<CannedReply>,
  use: (server: CannedServer) => Effect.Effect<A, E, WebExClient.WebExClient>,
  options: {
    readonly context?: WebExConfig.Options
    readonly client?: Layer.Layer<
      WebExClient.WebExClient,
      never,
      WebExConfig.WebExConfig | import("@effect/platform").HttpClient.HttpClient
    >
  } = {}
): Effect.Effect<A, E> =>
  Effect.scoped(
    Effect.flatMap(cannedServer(handler), (server) =>
      use(server).pipe(
        Effect.provide(
          (options.client ?? WebExClient.layer).pipe(
            Layer.provide(
              Layer.orDie(
                WebExConfig.layer({
                  ...(options.context ?? passwordContext),
                  endpoint: server.url,
                  retry: testRetry
                })
              )
            ),
            Layer.provide(HttpLive)
          )
        )
      )
    )
  )
