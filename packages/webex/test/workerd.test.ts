import { describe, expect, it } from "@effect/vitest"
import { bundleWorker, runInWorkerd } from "@sessionwire/workerd-harness"
import { Effect } from "effect"
import * as Namespaces from "../src/Namespaces.ts"
import * as WebExOperation from "../src/WebExOperation.ts"
import { cannedServer } from "./support/server.ts"

interface WorkerResult {
  readonly sessionKey: string
  readonly failure: string
  readonly exceptionID: string
  readonly runtime: string
}

describe("webex in workerd", () => {
  it.live("creates a support session and maps a FAILURE inside the Workers runtime, without nodejs_compat", () =>
    Effect.scoped(
      Effect.gen(function* () {
        const server = yield* cannedServer((_, i) =>
          i === 0
            ? {
                body: `<serv:message xmlns:serv="${Namespaces.SERV}" xmlns:sc="${Namespaces.SC}"><serv:header><serv:response><serv:result>SUCCESS</serv:result></serv:response></serv:header><serv:body><serv:bodyContent><sc:sessionKey>9007199254740993</sc:sessionKey></serv:bodyContent></serv:body></serv:message>`
              }
            : { body: WebExOperation.encodeFailure({ exceptionID: "030002", reason: "Incorrect user or password" }) }
        )
        const run = yield* Effect.promise(() =>
          runInWorkerd<WorkerResult>({
            entry: new URL("./workerd-entry.ts", import.meta.url),
            bindings: { WEBEX_URL: server.url },
            compatibilityFlags: []
          })
        )
        expect(run.result).toEqual({
          sessionKey: "9007199254740993",
          failure: "InvalidCredentials",
          exceptionID: "030002",
          runtime: expect.stringContaining("Cloudflare-Workers")
        })
        expect(run.bundle.nodeBuiltins).toEqual([])
        const first = server.received[0]!
        expect(first.headers["content-type"]).toBe("text/xml; charset=UTF-8")
        expect(first.body).toContain(`xmlns:xsi="${Namespaces.XSI}"`)
        expect(first.body).toContain("<trackingCode1>edge</trackingCode1>")
      })
    )
  )

  it("keeps the package entry free of Node built-ins", async () => {
    const bundle = await bundleWorker({ entry: new URL("../src/index.ts", import.meta.url), measureMinified: true })
    console.info(
      `[workerd] webex entry: ${bundle.bytes} B (gzip ${bundle.gzipBytes} B), ` +
        `minified ${bundle.minifiedSize!.bytes} B (gzip ${bundle.minifiedSize!.gzipBytes} B)`
    )
    expect(bundle.nodeBuiltins).toEqual([])
  })
})
