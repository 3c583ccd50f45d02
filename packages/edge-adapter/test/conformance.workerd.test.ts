/**
 * The shared conformance suite inside the real workerd runtime, over the edge adapter's
 * fetch layer: the Worker calls the simulator and the fixture peer, which run here in
 * Node on loopback. One test per scenario, so the count shows per adapter.
 */
import { Suite } from "@sessionwire/conformance"
import { type RunningServers, startServers } from "@sessionwire/conformance/node"
import { bundleWorker, startWorkerd, type WorkerdHandle } from "@sessionwire/workerd-harness"
import { afterAll, beforeAll, describe, expect, it } from "vitest"

interface WorkerResult {
  readonly name: string
  readonly passed: boolean
  readonly failure?: string
  readonly runtime: string
  readonly clientId: number
}

describe("conformance: edge-adapter (fetch) in workerd", () => {
  let servers: RunningServers
  let worker: WorkerdHandle
  const clientIds = new Set<number>()

  beforeAll(async () => {
    servers = await startServers()
    const bundle = await bundleWorker({ entry: new URL("./conformance-worker.ts", import.meta.url) })
    worker = await startWorkerd({
      bundle,
      // The suite needs no Node built-in; workerd proves it by running without nodejs_compat.
      compatibilityFlags: [],
      bindings: { SIMULATOR_URL: servers.simulatorUrl, PEER_URL: servers.peerUrl }
    })
  })

  afterAll(async () => {
    await worker?.dispose()
    await servers?.stop()
  })

  it("lists the same scenarios as the suite", async () => {
    const names = (await (await worker.fetch("/scenarios")).json()) as ReadonlyArray<string>
    expect(names).toEqual(Suite.scenarios.map((s) => s.name))
  })

  for (const scenario of Suite.scenarios) {
    it(scenario.name, async () => {
      const response = await worker.fetch(`/scenario/${encodeURIComponent(scenario.name)}`)
      const text = await response.text()
      expect(response.status, text).toBe(200)
      const result = JSON.parse(text) as WorkerResult
      expect(result.runtime).toContain("Cloudflare-Workers")
      clientIds.add(result.clientId)
      if (!result.passed) throw new Error(result.failure ?? "failed")
    })
  }

  it("built the HTTP layer once for every request", () => {
    expect([...clientIds]).toEqual([1])
  })
})
