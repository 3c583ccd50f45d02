import { bundleWorker, runInWorkerd } from "@sessionwire/workerd-harness"
import { describe, expect, it } from "vitest"

interface SmokeResult {
  readonly roundTrip: boolean
  readonly bytesRoundTrip: boolean
  readonly xmlBuilder2RoundTrip: boolean
  readonly writersAgree: boolean
  readonly hostileTag: string
  readonly runtime: string
}

describe("protocol in workerd", () => {
  it("writes, reads back and refuses a DOCTYPE inside the Workers runtime", async () => {
    const run = await runInWorkerd<SmokeResult>({ entry: new URL("./workerd-entry.ts", import.meta.url) })
    console.info(
      `[workerd] protocol smoke: ${run.bundle.bytes} B (gzip ${run.bundle.gzipBytes} B), ` +
        `ready ${run.timings.readyMs} ms, first response ${run.timings.coldStartMs} ms`
    )
    expect(run.result).toEqual({
      roundTrip: true,
      bytesRoundTrip: true,
      xmlBuilder2RoundTrip: true,
      writersAgree: true,
      hostileTag: "XmlForbiddenConstruct",
      runtime: expect.stringContaining("Cloudflare-Workers")
    })
  })

  it("keeps the main entry free of Node built-ins and of xmlbuilder2", async () => {
    const bundle = await bundleWorker({ entry: new URL("../src/index.ts", import.meta.url), measureMinified: true })
    console.info(
      `[workerd] protocol main entry: ${bundle.bytes} B (gzip ${bundle.gzipBytes} B), ` +
        `minified ${bundle.minifiedSize!.bytes} B (gzip ${bundle.minifiedSize!.gzipBytes} B)`
    )
    expect(bundle.nodeBuiltins).toEqual([])
    expect(bundle.inputs.filter((path) => path.includes("/node_modules/xmlbuilder2/"))).toEqual([])
  })
})
