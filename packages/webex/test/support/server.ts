import { createServer, type IncomingMessage, type ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"
import { type XmlElement, XmlReader } from "@sessionwire/protocol"
import { Effect, Either } from "effect"

/** What the canned server received: the raw request and its parsed body. */
export interface Received {
  readonly method: string
  readonly url: string
  readonly headers: IncomingMessage["headers"]
  readonly body: string
  readonly root: XmlElement
}

export interface CannedReply {
  readonly status?: number
  readonly headers?: Readonly<Record<string, string>>
  readonly body: string | Uint8Array
}

export interface CannedServer {
  readonly url: string
  readonly received: Array<Received>
}

const readBody = (req: IncomingMessage): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const chunks: Array<Buffer> = []
    req.on("data", (c: Buffer) => chunks.push(c))
    req.on("end", () => resolve(Buffer.concat(chunks)))
    req.on("error", reject)
  })

const send = (res: ServerResponse, reply: CannedReply): void => {
  res.statusCode = reply.status ?? 200
  const headers = { "content-type": "text/xml;charset=UTF-8", ...reply.headers }
  for (const [k, v] of Object.entries(headers)) res.setHeader(k, v)
  res.end(typeof reply.body === "string" ? Buffer.from(reply.body, "utf8") : Buffer.from(reply.body))
}

/**
 * A loopback HTTP server on an ephemeral port that answers every POST with `handler`'s
 * reply and records what it was sent. Closed when the scope closes.
 */
export const cannedServer = (handler: (request: Received, index: number) => CannedReply | Promise<CannedReply>) =>
  Effect.acquireRelease(
    Effect.async<{ server: ReturnType<typeof createServer>; state: CannedServer }>((resume) => {
      const received: Array<Received> = []
      const server = createServer((req, res) => {
        readBody(req)
          .then(async (bytes) => {
            const body = bytes.toString("utf8")
            const root = Either.getOrThrow(XmlReader.readSync(bytes))
            const request: Received = { method: req.method ?? "", url: req.url ?? "", headers: req.headers, body, root }
            received.push(request)
            send(res, await handler(request, received.length - 1))
          })
          .catch((e) => {
            res.statusCode = 500
            res.setHeader("content-type", "text/plain")
            res.end(String(e))
          })
      })
      server.listen(0, "127.0.0.1", () => {
        const { port } = server.address() as AddressInfo
        resume(Effect.succeed({ server, state: { url: `http://127.0.0.1:${port}/WBXService/XMLService`, received } }))
      })
    }),
    ({ server }) =>
      Effect.async<void>((resume) => {
        server.closeAllConnections()
        server.close(() => resume(Effect.void))
      })
  ).pipe(Effect.map(({ state }) => state))

/** Parses a raw HTTP capture (`# comment` lines, status line, headers, blank line, body). */
export const parseHttpCapture = (text: string): CannedReply & { readonly status: number } => {
  const lines = text.split(/\r?\n/)
  let i = 0
  while (lines[i]!.startsWith("#")) i++
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(lines[i]!)![1])
  i++
  const headers: Record<string, string> = {}
  for (; lines[i] !== ""; i++) {
    const line = lines[i]!
    const colon = line.indexOf(":")
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim()
  }
  return { status, headers, body: lines.slice(i + 1).join("\n") }
}
