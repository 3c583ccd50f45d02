/**
 * Large and hostile replies, each decoder in a child process of its own so its heap
 * and RSS are its own:
 *
 * - a 20,000-item `FindTicketsByTitleOrId` reply generated here (about 330 B per
 *   `TicketInfo`, with `i:nil` fields, escaped text and non-ASCII), decoded the way a
 *   call decodes it (`Operation.interpreter` over the reply's bytes), beside a bare
 *   saxes walk (the floor) and node-soap's `xmlToObject` on the same bytes;
 * - 5 million empty elements, which must end in a typed limit error.
 *
 * Each decoder runs twice to warm up, then five timed runs (the median is reported), then
 * once more for memory. Peak heap is read from V8's own GC trace (`--trace-gc`: the heap size before each
 * collection), so it counts garbage as well as what is kept, which is what a process
 * must have room for. Targets: ≥ 50 MB/s and peak heap growth ≤ 3× the payload; the
 * flood within 256 MB RSS.
 *
 *   npm run bench:large -w @sessionwire/bench
 */
import { spawnSync } from "node:child_process"
import { fileURLToPath } from "node:url"

const NS = "http://www.superoffice.net/ws/crm/NetServer/Services88"
const ITEMS = Number(process.env.ITEMS ?? 20_000)
const FLOOD = Number(process.env.FLOOD ?? 5_000_000)

/** The reply, as bytes: one TicketInfo after another, varied so no two are alike. */
export const ticketsReply = (items: number): Uint8Array => {
  const parts: Array<string> = [
    `<?xml version="1.0" encoding="utf-8"?><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Header><h:ExceptionInfo i:nil="true" xmlns:h="${NS}" xmlns:i="http://www.w3.org/2001/XMLSchema-instance"/><h:Succeeded xmlns:h="${NS}">true</h:Succeeded></s:Header><s:Body><FindTicketsByTitleOrIdResponse xmlns="${NS}"><Response xmlns:i="http://www.w3.org/2001/XMLSchema-instance">`
  ]
  for (let i = 0; i < items; i++) {
    parts.push(
      `<TicketInfo><TableRight i:nil="true"/><FieldProperties i:nil="true"/><TicketId>${100000 + i}</TicketId>` +
        `<Title>Printer ${i % 17} &amp; scanner &lt;jammed&gt; — Ærø #${i}</Title>` +
        `<OwnerName>Åsa Öberg</OwnerName><CategoryName>Hardware</CategoryName>` +
        `<PriorityName i:nil="true"/><TicketUrl>https://sod/t/${i}</TicketUrl>` +
        `<PersonName>José</PersonName><ContactName>Ünïcödé ${i % 101}</ContactName></TicketInfo>`
    )
  }
  parts.push("</Response></FindTicketsByTitleOrIdResponse></s:Body></s:Envelope>")
  return new TextEncoder().encode(parts.join(""))
}

/** One child: generate, settle, then run `which` once, reporting time, result size and peak RSS. */
const child = async (which: string): Promise<void> => {
  const bytes = which === "flood" ? flood(FLOOD) : ticketsReply(ITEMS)
  const run = await decoderFor(which)
  const gc = (globalThis as { gc?: () => void }).gc!
  // Warmed up first, as a long-running service is: the first run also pays for compiling the codec and the JIT.
  const times: Array<number> = []
  if (which !== "flood") {
    for (let i = 0; i < 2; i++) run(bytes)
    for (let i = 0; i < 5; i++) {
      gc()
      const t = performance.now()
      run(bytes)
      times.push(performance.now() - t)
    }
  }
  gc()
  gc()
  const before = process.memoryUsage()
  console.log("@@start")
  const t0 = performance.now()
  const decoded = run(bytes)
  const once = performance.now() - t0
  // The median of the timed runs: one run on a shared machine can land on a neighbour's burst.
  const millis = times.length === 0 ? once : times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!
  console.log("@@end")
  gc()
  gc()
  const after = process.memoryUsage()
  const outcome = decoded.summary
  // Read after the heap figure, so the decoded value is still alive when it is taken.
  if (decoded.value === bytes) console.log("unreachable")
  console.log(
    `@@result ${JSON.stringify({
      millis,
      bytes: bytes.length,
      outcome,
      heapBefore: before.heapUsed,
      heapAfter: after.heapUsed,
      rssBefore: before.rss,
      maxRss: process.resourceUsage().maxRSS * 1024
    })}`
  )
}

const flood = (n: number): Uint8Array => {
  const open = "<r>"
  const unit = new TextEncoder().encode("<a/>")
  const out = new Uint8Array(open.length + n * unit.length + 4)
  out.set(new TextEncoder().encode(open), 0)
  for (let i = 0; i < n; i++) out.set(unit, open.length + i * unit.length)
  out.set(new TextEncoder().encode("</r>"), open.length + n * unit.length)
  return out
}

interface Decoded {
  readonly summary: string
  readonly value: unknown
}

const decoderFor = async (which: string): Promise<(bytes: Uint8Array) => Decoded> => {
  switch (which) {
    case "saxes": {
      const { SaxesParser } = await import("saxes")
      return (bytes) => {
        let elements = 0
        const parser = new SaxesParser({ xmlns: true })
        // Assigned directly: saxes's on() turns the parser into a slow dictionary-mode object.
        ;(parser as unknown as { openTagHandler: () => void }).openTagHandler = () => {
          elements++
        }
        const text = new TextDecoder().decode(bytes)
        for (let i = 0; i < text.length; i += 65536) parser.write(text.slice(i, i + 65536))
        parser.close()
        return { summary: `${elements} elements`, value: elements }
      }
    }
    case "sessionwire":
    case "flood": {
      const { Generated } = await import("@sessionwire/superoffice")
      const { Operation, XmlReader } = await import("@sessionwire/protocol")
      const { Either } = await import("effect")
      const op = Generated.versions["88"].CustomerService.operations.FindTicketsByTitleOrId
      const interpret = Operation.interpreter(op)
      return (bytes) => {
        const r = interpret(
          { status: 200, headers: { "content-type": "text/xml; charset=utf-8" }, bytes, charset: "utf-8" },
          XmlReader.defaultLimits
        )
        if (Either.isLeft(r)) {
          return { summary: `${r.left._tag}${"limit" in r.left ? ` (${String(r.left.limit)})` : ""}`, value: r.left }
        }
        return { summary: `${r.right.body.Response?.length} TicketInfo`, value: r.right }
      }
    }
    case "node-soap": {
      const soap = await import("soap")
      const wsdl = fileURLToPath(
        new URL("../../../packages/superoffice/wsdl/Services88-CustomerService.wsdl", import.meta.url)
      )
      const client = await soap.createClientAsync(wsdl)
      return (bytes) => {
        const text = new TextDecoder().decode(bytes)
        const obj = client.wsdl.xmlToObject(text)
        const list = obj?.Body?.FindTicketsByTitleOrIdResponse?.Response?.TicketInfo
        return { summary: `${Array.isArray(list) ? list.length : 0} TicketInfo`, value: obj }
      }
    }
    default:
      throw new Error(`unknown decoder ${which}`)
  }
}

interface Result {
  readonly millis: number
  readonly bytes: number
  readonly outcome: string
  readonly heapBefore: number
  readonly heapAfter: number
  readonly rssBefore: number
  readonly maxRss: number
  readonly peakHeap: number
  readonly peakLive: number
}

/** Runs one decoder in a child with the GC trace on, and reads the peak heap off the trace. */
const measure = (which: string): Result => {
  const out = spawnSync(
    process.execPath,
    [
      "--conditions=@sessionwire/source",
      "--disable-warning=ExperimentalWarning",
      "--expose-gc",
      "--trace-gc",
      fileURLToPath(import.meta.url),
      "--child",
      which
    ],
    { encoding: "utf8", maxBuffer: 64 * 1024 * 1024, env: process.env }
  )
  const lines = out.stdout.split("\n")
  const start = lines.indexOf("@@start")
  const end = lines.indexOf("@@end")
  const resultLine = lines.find((l) => l.startsWith("@@result "))
  if (start === -1 || end === -1 || resultLine === undefined) {
    throw new Error(`${which} failed: ${out.stderr.slice(0, 2000)}`)
  }
  const base = JSON.parse(resultLine.slice("@@result ".length)) as Omit<Result, "peakHeap">
  // "Scavenge 12.3 (15.0) -> 10.1 (16.0) MB": the first figure is the heap in use before that collection.
  // "Scavenge 12.3 (15.0) -> 10.1 (16.0) MB": before the arrow, the heap in use with its garbage;
  // after it, what survived: the most that was alive at once is the largest of those (or what is kept).
  let peak = Math.max(base.heapBefore, base.heapAfter)
  let live = base.heapAfter
  for (const l of lines.slice(start, end)) {
    const m = /(?:Scavenge|Mark-Compact|Mark-sweep)[^\d]*([\d.]+) \([\d.]+\) -> ([\d.]+) \(/.exec(l)
    if (m) {
      peak = Math.max(peak, Number(m[1]) * 1024 * 1024)
      live = Math.max(live, Number(m[2]) * 1024 * 1024)
    }
  }
  return { ...base, peakHeap: peak, peakLive: live }
}

const mb = (n: number) => (n / 1024 / 1024).toFixed(1)

const main = () => {
  const rows: Array<[string, Result]> = []
  for (const which of ["saxes", "sessionwire", "node-soap"]) rows.push([which, measure(which)])
  const payload = rows[0]![1].bytes
  console.log(
    `FindTicketsByTitleOrId reply: ${ITEMS} TicketInfo, ${mb(payload)} MB (${Math.round(payload / ITEMS)} B per item)`
  )
  console.log(
    "decoder              time      MB/s   peak heap growth   ×payload   peak live   ×payload  retained   peak RSS   result"
  )
  for (const [name, r] of rows) {
    const growth = r.peakHeap - r.heapBefore
    console.log(
      `${name.padEnd(18)} ${r.millis.toFixed(0).padStart(6)} ms ${(r.bytes / 1024 / 1024 / (r.millis / 1000)).toFixed(1).padStart(7)}   ${mb(growth).padStart(9)} MB ${(growth / r.bytes).toFixed(2).padStart(10)} ${mb(r.peakLive - r.heapBefore).padStart(8)} MB ${((r.peakLive - r.heapBefore) / r.bytes).toFixed(2).padStart(9)} ${mb(r.heapAfter - r.heapBefore).padStart(6)} MB   ${mb(r.maxRss).padStart(6)} MB   ${r.outcome}`
    )
  }
  const ours = rows[1]![1]
  const speed = ours.bytes / 1024 / 1024 / (ours.millis / 1000)
  const growth = (ours.peakHeap - ours.heapBefore) / ours.bytes
  const live = (ours.peakLive - ours.heapBefore) / ours.bytes
  console.log(
    `targets: ≥ 50 MB/s ${speed >= 50 ? "met" : "NOT met"} (${speed.toFixed(1)}); peak live heap growth ≤ 3× payload ${live <= 3 ? "met" : "NOT met"} (${live.toFixed(2)}×; ${growth.toFixed(2)}× counting the young generation's garbage, whose size V8 chooses)`
  )
  const f = measure("flood")
  console.log(
    `hostile: ${FLOOD.toLocaleString("en")} empty elements (${mb(f.bytes)} MB) → ${f.outcome} in ${f.millis.toFixed(0)} ms, peak RSS ${mb(f.maxRss)} MB (target ≤ 256 MB: ${f.maxRss <= 256 * 1024 * 1024 ? "met" : "NOT met"})`
  )
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv[2] === "--child") await child(process.argv[3]!)
  else main()
}
