/** The README's example, run as written against an in-memory NetServer. */
import { readFileSync } from "node:fs"
import { it } from "@effect/vitest"
import { Readme } from "@sessionwire/testkit"
import { ConfigProvider, Effect, Layer, Redacted } from "effect"
import { expect } from "vitest"
import { CsSession, SuperOfficeConfig } from "../src/index.ts"

const packageDir = new URL("..", import.meta.url).pathname
const readmeBlocks = () => Readme.tsBlocks(`${packageDir}README.md`)
const compileErrors = (sources: ReadonlyArray<string>) => Readme.compileErrors(packageDir, sources)

import {
  createSessionReply,
  emptyReply,
  type MemoryRequest,
  memoryClient,
  SESSION_KEY,
  TICKET
} from "./support/Servers.ts"

it.effect("the README example opens and closes a CS session", () => {
  const log: Array<MemoryRequest> = []
  const http = memoryClient(
    (req) => ({ body: req.op === "CreateSession" ? createSessionReply("87") : emptyReply("87", req.op) }),
    log
  )
  const env = ConfigProvider.fromMap(
    new Map([
      ["SUPEROFFICE_ENDPOINT", "https://online3.superoffice.com/Cust12345"],
      ["SUPEROFFICE_VERSION", "87"],
      ["SUPEROFFICE_APP_TOKEN", "app-token"],
      ["SUPEROFFICE_TICKET", Redacted.value(TICKET)]
    ])
  )
  let key = ""
  // As in the README, with the in-memory client in place of NodeHttpClient.layerUndici.
  const program = Effect.scoped(
    Effect.gen(function* () {
      const session = yield* CsSession.scoped("203.0.113.7")
      yield* Effect.log(`CS session ${session.loginId} for user ${session.userId}`)
      key = Redacted.value(session.key)
    })
  )
  return program.pipe(
    Effect.provide(Layer.mergeAll(SuperOfficeConfig.layerConfig, http)),
    Effect.withConfigProvider(env),
    Effect.tap(() => {
      expect(key).toBe(SESSION_KEY)
      expect(log.map((r) => r.op)).toEqual(["CreateSession", "RemoveSession"])
      expect(log[0]!.url).toBe("https://online3.superoffice.com/Cust12345/Remote/Services87/CustomerService.svc")
      const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8")
      expect(readme).toContain(`const session = yield* CsSession.scoped("203.0.113.7")`)
    })
  )
})

it("the README's TypeScript examples compile as written", { timeout: 120_000 }, () => {
  const blocks = readmeBlocks()
  expect(blocks.length).toBeGreaterThan(0)
  // The last source is a wrong call in the same setting, to show the checker is live.
  const wrong = `import { CsSession } from "@sessionwire/superoffice"\nCsSession.scoped(42)\n`
  const errors = compileErrors([...blocks, wrong])
  expect(errors.slice(0, -1)).toEqual(blocks.map(() => []))
  expect(errors.at(-1)).not.toEqual([])
})
