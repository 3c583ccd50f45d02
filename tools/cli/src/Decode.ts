/**
 * What the library makes of a captured reply, for debugging real traffic: raw XML or an
 * HTTP capture (status line, headers, blank line, body; `#` comment lines first are
 * skipped). A SOAP reply is matched to its SuperOffice operation by the body element,
 * a WebEx message by its `bodyContent` type, and decoded exactly as the clients decode
 * it, failures included; a non-XML reply is classified as the exchange classifies it.
 *
 * @since 0.1.0
 */
import { HttpClient, HttpClientResponse } from "@effect/platform"
import { Envelope, Exchange, Operation, type XmlElement, XmlNode } from "@sessionwire/protocol"
import {
  CustomerService,
  Generated,
  isCredentialProblem,
  SoPrincipal,
  SuperOfficeConfig
} from "@sessionwire/superoffice"
import { Message, WebExOperation } from "@sessionwire/webex"
import { Effect, Either, Redacted } from "effect"
import * as WebExCommand from "./WebExCommand.ts"

export interface Capture {
  readonly status?: number | undefined
  readonly headers: Readonly<Record<string, string>>
  readonly body: Uint8Array
}

export interface Decoded {
  readonly dialect: "soap" | "webex" | "http"
  readonly http?: { readonly status: number; readonly contentType?: string | undefined } | undefined
  /** `Services88.CustomerService.CreateSession`, `WebEx.CreateSupportSession`. */
  readonly operation?: string | undefined
  readonly outcome: "success" | "failure" | "undecoded"
  readonly result?: unknown
  /** The typed error the client would give for this reply. */
  readonly error?: unknown
  readonly note?: string | undefined
}

const dechunk = (body: Buffer): Buffer => {
  const out: Array<Buffer> = []
  let i = 0
  for (;;) {
    const eol = body.indexOf("\n", i)
    if (eol < 0) return body
    const size = Number.parseInt(body.subarray(i, eol).toString("latin1").trim(), 16)
    if (!Number.isFinite(size)) return body
    if (size === 0) return Buffer.concat(out)
    const start = eol + 1
    out.push(body.subarray(start, start + size))
    i = start + size
    while (body[i] === 0x0d || body[i] === 0x0a) i++
  }
}

/** Splits an HTTP capture; anything else is a bare body. */
export const parseCapture = (bytes: Uint8Array): Capture => {
  let buf: Buffer = Buffer.from(bytes)
  // Provenance comments at the top of a capture file.
  while (buf[0] === 0x23) {
    const eol = buf.indexOf("\n")
    buf = eol < 0 ? Buffer.alloc(0) : buf.subarray(eol + 1)
  }
  const head = buf.subarray(0, 16).toString("latin1")
  if (!/^HTTP\/\d(\.\d)? \d{3}/.test(head)) return { headers: {}, body: new Uint8Array(bytes) }
  const crlf = buf.indexOf("\r\n\r\n")
  const lf = buf.indexOf("\n\n")
  const [end, sep] = crlf >= 0 && (lf < 0 || crlf < lf) ? [crlf, 4] : [lf, 2]
  const headText = (end < 0 ? buf : buf.subarray(0, end)).toString("latin1")
  let body: Buffer = end < 0 ? Buffer.alloc(0) : buf.subarray(end + sep)
  const [statusLine, ...lines] = headText.split(/\r?\n/)
  const headers: Record<string, string> = {}
  for (const l of lines) {
    const i = l.indexOf(":")
    if (i > 0) headers[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim()
  }
  if (
    /chunked/i.test(headers["transfer-encoding"] ?? "") &&
    /^[0-9a-f]+\r?\n/i.test(body.subarray(0, 12).toString("latin1"))
  ) {
    body = dechunk(body)
  }
  return { status: Number(statusLine!.split(" ")[1]), headers, body: new Uint8Array(body) }
}

/** Runs the body through the exchange the clients use, so status and media-type rules apply as in a call. */
const exchange = (capture: Capture) =>
  Exchange.postXml({ url: "http://capture.invalid/", body: "", headers: { "content-type": "text/xml" } }).pipe(
    Effect.provideService(HttpClient.HttpClient, fakeHttp(capture))
  )

const responseOperations = (): ReadonlyArray<Operation.Any> =>
  Object.values(Generated.versions).flatMap((v) => [
    ...(Object.values(v.CustomerService.operations) as ReadonlyArray<Operation.Any>),
    ...(Object.values(v.SoPrincipal.operations) as ReadonlyArray<Operation.Any>)
  ])

const fakeHttp = (capture: Capture) => {
  const status = capture.status ?? 200
  const headers = { "content-type": "text/xml; charset=utf-8", ...capture.headers }
  return HttpClient.make((request) =>
    Effect.succeed(
      HttpClientResponse.fromWeb(
        request,
        new Response(status === 204 || status === 304 ? null : new Uint8Array(capture.body).buffer, { status, headers })
      )
    )
  )
}

/** Runs `op` through the real client, its HTTP answered with the capture: exactly what a call would give. */
const viaClient = (op: Operation.Any, capture: Capture): Effect.Effect<unknown, unknown> => {
  const version = op.service.slice("Services".length, "Services".length + 2) as SuperOfficeConfig.Version
  const placeholder = Redacted.make("capture")
  const endpoint = "http://capture.invalid/Tenant"
  const http = fakeHttp(capture)
  if (op.service.endsWith(".SoPrincipal")) {
    return Effect.flatMap(
      SoPrincipal.make({ endpoint, version, applicationToken: placeholder, retry: { times: 0 } }),
      (p): Effect.Effect<unknown, unknown> =>
        op.name === "AuthenticateUsernamePassword"
          ? p.AuthenticateUsernamePassword("capture", placeholder)
          : op.name === "AuthenticateWithAccessToken"
            ? p.AuthenticateWithAccessToken(placeholder)
            : p.GetSystemInfo()
    ).pipe(Effect.provideService(HttpClient.HttpClient, http))
  }
  return Effect.flatMap(
    SuperOfficeConfig.make({
      endpoint,
      version,
      applicationToken: placeholder,
      ticket: placeholder,
      retry: { times: 0 }
    }),
    (config) => {
      const client = CustomerService.fromConfig(version, config, http) as unknown as Record<
        string,
        (input: unknown) => Effect.Effect<unknown, unknown>
      >
      return client[op.name]!({})
    }
  )
}

const decodeSoap = (root: XmlElement, capture: Capture, http: Decoded["http"]): Effect.Effect<Decoded> => {
  const parsed = Envelope.fromXml(root)
  if (Either.isLeft(parsed)) return Effect.succeed({ dialect: "soap", http, outcome: "undecoded", error: parsed.left })
  const env = parsed.right
  const first = env.body[0]
  const op =
    first &&
    (responseOperations().find((o) => o.response.element.local === first.local && o.response.element.ns === first.ns) ??
      responseOperations().find((o) => o.response.element.local === first.local))
  if (
    op === undefined ||
    (op.service.endsWith(".SoPrincipal") &&
      !["AuthenticateUsernamePassword", "AuthenticateWithAccessToken", "GetSystemInfo"].includes(op.name))
  ) {
    if (env.fault !== undefined) {
      return Effect.succeed({
        dialect: "soap",
        http,
        outcome: "failure",
        error: env.fault,
        note: isCredentialProblem(env.fault.code, env.fault.reason)
          ? "The SuperOffice client reports this Fault as InvalidCredentials."
          : undefined
      })
    }
    return Effect.succeed({
      dialect: "soap",
      http,
      outcome: "undecoded",
      result: { version: env.version, headers: env.headers.map((h) => h.local), body: env.body.map((b) => b.local) },
      note: "No generated SuperOffice operation answers with this body element."
    })
  }
  const operation = `${op.service}.${op.name}`
  return Effect.match(viaClient(op, capture), {
    onSuccess: (result): Decoded => ({ dialect: "soap", http, operation, outcome: "success", result }),
    onFailure: (error): Decoded => {
      // Doc pages show SOAP 1.2 envelopes; the client refuses them, but their content is still worth seeing.
      const lenient =
        (error as { _tag?: string })._tag === "SoapVersionMismatch" ? Operation.decodeResponse(op, env) : undefined
      return lenient !== undefined && Either.isRight(lenient)
        ? {
            dialect: "soap",
            http,
            operation,
            outcome: "failure",
            error,
            result: lenient.right,
            note: "A SOAP 1.2 envelope: the client refuses it (SuperOffice speaks SOAP 1.1); `result` is its content read leniently."
          }
        : { dialect: "soap", http, operation, outcome: "failure", error }
    }
  })
}

const decodeWebEx = (root: XmlElement, http: Decoded["http"]): Decoded => {
  const message = Message.parse(root)
  if (Either.isLeft(message)) return { dialect: "webex", http, outcome: "undecoded", error: message.left }
  const type = message.right.bodyContents[0]?.xsiType
  const ops = Object.values(WebExCommand.operations)
  const op =
    (type && ops.find((o) => o.response.type.local === type.local)) ??
    // A FAILURE has an empty bodyContent: any operation reads its header the same way.
    (type === undefined ? { ...ops[0]!, name: "(capture)" } : undefined)
  if (op === undefined) {
    const first = message.right.responses[0]
    const header = first === undefined ? undefined : Either.getOrUndefined(Message.decodeResponseHeader(first))
    return {
      dialect: "webex",
      http,
      outcome: "undecoded",
      result: header === undefined ? undefined : { response: header },
      note: `No WebEx operation this library implements answers with ${type?.local}`
    }
  }
  const decoded = WebExOperation.decodeResponse(op, root)
  const operation = type === undefined ? undefined : `WebEx.${op.name}`
  return Either.match(decoded, {
    onLeft: (error) => ({ dialect: "webex" as const, http, operation, outcome: "failure" as const, error }),
    onRight: (r) => ({ dialect: "webex" as const, http, operation, outcome: "success" as const, result: r })
  })
}

/** Decodes a capture. Never fails: what cannot be read is reported as `undecoded` with the reader's error. */
export const decode = (bytes: Uint8Array): Effect.Effect<Decoded> => {
  const capture = parseCapture(bytes)
  const http =
    capture.status === undefined ? undefined : { status: capture.status, contentType: capture.headers["content-type"] }
  return Effect.match(exchange(capture), {
    onFailure: (error): Decoded | Effect.Effect<Decoded> => ({
      dialect: "http",
      http,
      outcome: error._tag === "UnexpectedResponse" ? "failure" : "undecoded",
      error,
      note:
        error._tag === "UnexpectedResponse" && error.status === 421
          ? "The SuperOffice client reports HTTP 421 as MisdirectedTenant: use the tenant's numbered host."
          : undefined
    }),
    onSuccess: ({ root }): Effect.Effect<Decoded> => {
      if (root.local === "Envelope") return decodeSoap(root, capture, http)
      if (root.local === "message") return Effect.succeed(decodeWebEx(root, http))
      return Effect.succeed({
        dialect: "http",
        http,
        outcome: "undecoded",
        note: `An XML document whose root is <${XmlNode.clark(root)}>, neither a SOAP Envelope nor a WebEx serv:message`
      })
    }
  }).pipe(Effect.flatMap((d) => (Effect.isEffect(d) ? d : Effect.succeed(d))))
}
