/**
 * What the throughput benches share: a loopback server in a worker thread (so it does not
 * share the client's event loop) answering every POST with one fixed reply, a driver that
 * runs sequential loops for a while, and the raw `http.request` floor.
 */
import * as Http from "node:http"
import { Worker } from "node:worker_threads"

const serverSource = `
const http = require("node:http")
const { parentPort, workerData } = require("node:worker_threads")
const reply = Buffer.from(workerData)
const server = http.createServer({ keepAliveTimeout: 60000 }, (req, res) => {
  req.resume()
  req.on("end", () => {
    res.writeHead(200, { "content-type": "text/xml; charset=utf-8", "content-length": reply.length })
    res.end(reply)
  })
})
server.listen(0, "127.0.0.1", () => parentPort.postMessage(server.address().port))
`

/** Starts the server; `origin` is `http://127.0.0.1:<port>`. */
export const startFixedReplyServer = (reply: string): Promise<{ origin: string; stop: () => Promise<number> }> =>
  new Promise((resolve, reject) => {
    const worker = new Worker(serverSource, { eval: true, workerData: reply })
    worker.once("error", reject)
    worker.once("message", (port: number) =>
      resolve({ origin: `http://127.0.0.1:${port}`, stop: () => worker.terminate() })
    )
  })

export type Call = () => Promise<unknown>

/** `concurrency` sequential loops for `millis`; completed calls per second. */
export const drivePromise = async (call: Call, concurrency: number, millis: number): Promise<number> => {
  const end = performance.now() + millis
  let done = 0
  const loop = async () => {
    while (performance.now() < end) {
      await call()
      done++
    }
  }
  const t0 = performance.now()
  await Promise.all(Array.from({ length: concurrency }, loop))
  return done / ((performance.now() - t0) / 1000)
}

/** The floor: a keep-alive `http.request` POSTing a fixed body and reading the whole reply. */
export const rawPost = (agent: Http.Agent, url: string, request: string, headers: Record<string, string>): Call => {
  const body = Buffer.from(request)
  const target = new URL(url)
  return () =>
    new Promise((resolve, reject) => {
      const req = Http.request(
        target,
        { method: "POST", agent, headers: { ...headers, "content-length": body.length } },
        (res) => {
          const chunks: Array<Buffer> = []
          res.on("data", (c: Buffer) => chunks.push(c))
          res.on("end", () => resolve(Buffer.concat(chunks)))
          res.on("error", reject)
        }
      )
      req.on("error", reject)
      req.end(body)
    })
}
