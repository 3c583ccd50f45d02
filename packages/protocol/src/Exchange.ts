/**
 * One XML request/response exchange over the abstract `HttpClient`.
 * Every dialect (SOAP 1.1, SOAP 1.2, WebEx messages) sends through here, so status,
 * media-type and body checks are made once, the same way, on every runtime.
 *
 * @since 0.1.0
 */
import { HttpClient, HttpClientRequest, type HttpClientResponse } from "@effect/platform"
import type { HttpClientError } from "@effect/platform/HttpClientError"
import { Clock, Context, Duration, Effect, Stream } from "effect"
import * as Excerpt from "./Excerpt.ts"
import { RequestTimeout, TransportError, UnexpectedResponse } from "./ExchangeError.ts"
import { XmlLimitExceeded, type XmlReadError } from "./XmlError.ts"
import type { XmlElement } from "./XmlNode.ts"
import * as XmlReader from "./XmlReader.ts"

/**
 * @since 0.1.0
 * @category models
 */
export interface ExchangeRequest {
  readonly url: string
  readonly body: string
  /** Lower-case header names; `content-type` is required. */
  readonly headers: Readonly<Record<string, string>>
  /** Values to scrub from any excerpt or message: the call's ticket, token, password. */
  readonly secrets?: ReadonlyArray<Excerpt.Secret> | undefined
  readonly timeout?: Duration.DurationInput | undefined
  readonly limits?: XmlReader.ReadOptions["limits"]
}

/**
 * @since 0.1.0
 * @category models
 */
export interface ExchangeResponse {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly root: XmlElement
}

/**
 * A reply that passed the exchange's checks (status, media type, HTML, empty body),
 * still as bytes: the caller reads it with the charset the transport announced.
 *
 * @since 0.2.0
 * @category models
 */
export interface RawResponse {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly bytes: Uint8Array
  /** From the `Content-Type` parameter, for bytes whose XML declaration names none. */
  readonly charset: string | undefined
}

/**
 * Set by a runtime layer whose `HttpClient` enforces {@link AttemptDeadline} itself
 * (one timer per request that aborts it). Without it the exchange times itself,
 * which costs an extra fiber per call.
 *
 * @since 0.2.0
 * @category deadlines
 */
export class TransportEnforcesDeadline extends Context.Reference<TransportEnforcesDeadline>()(
  "@sessionwire/protocol/Exchange/TransportEnforcesDeadline",
  { defaultValue: (): boolean => false }
) {}

/**
 * The epoch millisecond by which the exchange in flight must have its last byte,
 * with the figure reported in a `RequestTimeout`; read by transports that enforce it.
 *
 * @since 0.2.0
 * @category deadlines
 */
export class AttemptDeadline extends Context.Reference<AttemptDeadline>()(
  "@sessionwire/protocol/Exchange/AttemptDeadline",
  { defaultValue: (): { readonly at: number; readonly timeoutMillis: number } | undefined => undefined }
) {}

const hostOf = (url: string): string => {
  try {
    return new URL(url).host
  } catch {
    return "(invalid url)"
  }
}

const XML_TYPES = /^(text\/xml|application\/(soap\+)?xml|application\/[\w.+-]+\+xml)\b/i

const latin1Prefix = (bytes: Uint8Array, n: number): string => {
  let s = ""
  const end = Math.min(bytes.length, n)
  for (let i = 0; i < end; i++) s += String.fromCharCode(bytes[i]!)
  return s
}

/** Skips a BOM and leading whitespace so a sniff sees the first markup. */
const firstMarkup = (bytes: Uint8Array): string => {
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x09)) i++
  return latin1Prefix(bytes.subarray(i), 64)
}

const retryAfterSeconds = (headers: Readonly<Record<string, string>>): number | undefined => {
  const v = headers["retry-after"]
  if (v === undefined) return undefined
  const n = Number(v)
  if (Number.isFinite(n)) return n
  const d = Date.parse(v)
  return Number.isNaN(d) ? undefined : Math.max(0, Math.round((d - Date.now()) / 1000))
}

const charsetOf = (contentType: string): string | undefined =>
  /;\s*charset\s*=\s*"?([\w.:-]+)"?/i.exec(contentType)?.[1]

/**
 * A runtime adapter enforcing its own request timeout reports it as a `RequestTimeout`
 * cause of the client error, so the caller sees the same tag whoever gave up first.
 */
const fromClientError =
  (host: string, secrets: ReadonlyArray<Excerpt.Secret>) =>
  (e: HttpClientError): TransportError | RequestTimeout =>
    e.cause instanceof RequestTimeout
      ? new RequestTimeout({ host, timeoutMillis: e.cause.timeoutMillis })
      : transportError(host, secrets, e)

const transportError = (host: string, secrets: ReadonlyArray<Excerpt.Secret>, e: HttpClientError) =>
  new TransportError({
    reason:
      e._tag === "RequestError"
        ? e.reason === "InvalidUrl"
          ? "InvalidUrl"
          : e.reason === "Transport"
            ? "Connect"
            : "Unknown"
        : "Body",
    host,
    message: Excerpt.scrub(e.description ?? causeMessage(e.cause) ?? `${e._tag} ${e.reason}`, secrets)
  })

/**
 * The platform clients leave `description` empty and put the runtime's error in
 * `cause` (`ECONNREFUSED`, "other side closed"); that is what a user needs to see.
 */
const causeMessage = (cause: unknown): string | undefined => {
  for (let c = cause, depth = 0; c instanceof Error && depth < 4; c = (c as { cause?: unknown }).cause, depth++) {
    const code = (c as { code?: unknown }).code
    const text = `${typeof code === "string" ? `${code}: ` : ""}${c.message}`.trim()
    if (text !== "" && text !== "fetch failed") return text.slice(0, 200)
  }
  return undefined
}

const tooLarge = (max: number): XmlLimitExceeded =>
  new XmlLimitExceeded({ limit: "maxBytes", max, message: `reply is larger than ${max} bytes`, line: 1, column: 0 })

/**
 * The reply body, refused as soon as it is known to outgrow `maxBytes` (from
 * `Content-Length`, or while it streams in), so a runaway or hostile reply is never
 * held in memory whole before the reader's own limit could refuse it.
 */
const readBody = <E>(
  response: HttpClientResponse.HttpClientResponse,
  maxBytes: number,
  onError: (e: HttpClientError) => E
): Effect.Effect<Uint8Array, E | XmlLimitExceeded> => {
  const declared = Number(response.headers["content-length"])
  if (Number.isFinite(declared)) {
    if (declared > maxBytes) return Effect.fail(tooLarge(maxBytes))
    // A declared length bounds the body already, and one read is far cheaper than a stream.
    if (response.headers["content-length"] !== "") {
      return Effect.map(Effect.mapError(response.arrayBuffer, onError), (buffer) => new Uint8Array(buffer))
    }
  }
  const chunks: Array<Uint8Array> = []
  return response.stream.pipe(
    Stream.mapError(onError),
    Stream.runFoldEffect(0, (size, chunk): Effect.Effect<number, XmlLimitExceeded> => {
      const total = size + chunk.length
      if (total > maxBytes) return Effect.fail(tooLarge(maxBytes))
      chunks.push(chunk)
      return Effect.succeed(total)
    }),
    Effect.map((total) => {
      if (chunks.length === 1) return chunks[0]!
      const out = new Uint8Array(total)
      let at = 0
      for (const chunk of chunks) {
        out.set(chunk, at)
        at += chunk.length
      }
      return out
    })
  )
}

/**
 * POSTs an XML body and returns the reply's bytes once it has passed the checks every
 * dialect needs: an XML reply is returned whatever its status (SOAP faults ride on
 * HTTP 500); an HTML page, an empty body or another media type becomes a typed
 * {@link UnexpectedResponse}. The body is refused as soon as it outgrows `maxBytes`.
 * Interrupting the effect, or running out of time, aborts the request.
 *
 * @since 0.2.0
 * @category exchange
 */
export const post = (
  request: ExchangeRequest & {
    /** An absolute end (epoch ms) shared by every attempt of one logical call. */
    readonly deadlineAt?: number | undefined
    /** The call's whole deadline, reported in a `RequestTimeout` when it is what ran out. */
    readonly deadlineMillis?: number | undefined
  },
  maxBytes: number
): Effect.Effect<
  RawResponse,
  TransportError | RequestTimeout | UnexpectedResponse | XmlLimitExceeded,
  HttpClient.HttpClient
> => {
  const host = hostOf(request.url)
  const secrets = request.secrets ?? []
  const onError = fromClientError(host, secrets)
  const send = Effect.flatMap(HttpClient.HttpClient, (client) =>
    Effect.flatMap(
      Effect.mapError(
        client.execute(
          HttpClientRequest.post(request.url).pipe(
            HttpClientRequest.setHeaders(request.headers),
            HttpClientRequest.bodyText(request.body, request.headers["content-type"] ?? "text/xml; charset=utf-8")
          )
        ),
        onError
      ),
      (response) => Effect.flatMap(readBody(response, maxBytes, onError), (bytes) => check(response, bytes, secrets))
    )
  )
  const timeoutMillis = request.timeout === undefined ? undefined : Duration.toMillis(Duration.decode(request.timeout))
  if (timeoutMillis === undefined && request.deadlineAt === undefined) return send
  return Effect.flatMap(Effect.zip(TransportEnforcesDeadline, Clock.currentTimeMillis), ([enforced, now]) => {
    const byTimeout = timeoutMillis === undefined ? Number.POSITIVE_INFINITY : now + timeoutMillis
    const at = Math.min(byTimeout, request.deadlineAt ?? Number.POSITIVE_INFINITY)
    // The figure a user configured: the attempt's timeout, or the call's deadline.
    const reported = at === byTimeout ? timeoutMillis! : (request.deadlineMillis ?? Math.max(0, at - now))
    if (at <= now) return Effect.fail(new RequestTimeout({ host, timeoutMillis: reported }))
    return enforced
      ? Effect.provideService(send, AttemptDeadline, { at, timeoutMillis: reported })
      : Effect.timeoutFail(send, {
          duration: at - now,
          onTimeout: () => new RequestTimeout({ host, timeoutMillis: reported })
        })
  })
}

const check = (
  response: HttpClientResponse.HttpClientResponse,
  bytes: Uint8Array,
  secrets: ReadonlyArray<Excerpt.Secret>
): Effect.Effect<RawResponse, UnexpectedResponse> => {
  const status = response.status
  const headers = response.headers as Readonly<Record<string, string>>
  const contentType = headers["content-type"] ?? ""
  const unexpected = (kind: UnexpectedResponse["kind"]) =>
    Effect.fail(
      new UnexpectedResponse({
        kind,
        status,
        contentType,
        excerpt: Excerpt.fromBytes(bytes, secrets),
        retryAfter: retryAfterSeconds(headers)
      })
    )
  const head = firstMarkup(bytes)
  if (head === "") return unexpected("EmptyBody")
  if (/^<(!doctype\s+html|html)\b/i.test(head) || /text\/html/i.test(contentType)) return unexpected("HtmlPage")
  if (!head.startsWith("<") || (contentType !== "" && !XML_TYPES.test(contentType) && !head.startsWith("<?xml"))) {
    return unexpected(status >= 400 ? "HttpStatus" : "NotXml")
  }
  return Effect.succeed({ status, headers, bytes, charset: charsetOf(contentType) })
}

/**
 * {@link post}, then the reply read into a tree with the reader's limits (from the
 * request, else `XmlReaderLimits`).
 *
 * @since 0.1.0
 * @category exchange
 */
export const postXml = (
  request: ExchangeRequest
): Effect.Effect<
  ExchangeResponse,
  TransportError | RequestTimeout | UnexpectedResponse | XmlReadError,
  HttpClient.HttpClient
> =>
  Effect.flatMap(XmlReader.XmlReaderLimits, (base) => {
    const limits: XmlReader.XmlLimits = request.limits === undefined ? base : { ...base, ...request.limits }
    return Effect.flatMap(post(request, limits.maxBytes), (res) =>
      Effect.map(XmlReader.read(res.bytes, { limits, charset: res.charset }), (root) => ({
        status: res.status,
        headers: res.headers,
        root
      }))
    )
  })
