/**
 * An `HttpClient` that talks to an undici dispatcher directly.
 *
 * The platform's `HttpClient.make` wraps every request in its own span (with
 * trace-propagation headers), an `AbortController` that is aborted — allocating a
 * `DOMException` — whenever a body is read as a stream, a finalization registry
 * entry and an extra response wrapper. Measured end to end those cost more than
 * the codec and the socket together, and the library already opens one span per
 * logical call. Built with `HttpClient.makeWith`, this client keeps the same
 * service and error types and pays only for what a call uses: interruption still
 * aborts the request, and the whole-exchange deadline still applies.
 */
import * as Cookies from "@effect/platform/Cookies"
import * as Headers from "@effect/platform/Headers"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientError from "@effect/platform/HttpClientError"
import type * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as HttpIncomingMessage from "@effect/platform/HttpIncomingMessage"
import * as UrlParams from "@effect/platform/UrlParams"
import * as NodeStream from "@effect/platform-node/NodeStream"
import type * as Undici from "@effect/platform-node/Undici"
import { Exchange as ProtocolExchange, RequestTimeout } from "@sessionwire/protocol"
import { Context, Effect, Either, Inspectable, Option, type Stream } from "effect"

type ResponseData = Undici.Dispatcher.ResponseData<null>
type Body = Exclude<Undici.Dispatcher.DispatchOptions["body"], undefined>

const hostOf = (url: URL): string => url.host

const noop = () => {}

/**
 * Aborts the request with `reason`, and the body too once it is streaming: undici
 * destroys a half-read body with the signal's reason.
 */
class Exchange {
  readonly controller = new AbortController()
  private timer: ReturnType<typeof setTimeout> | undefined

  constructor(host: string, waitMillis: number, reportedMillis: number) {
    this.timer = setTimeout(
      () => this.controller.abort(new RequestTimeout({ host, timeoutMillis: reportedMillis })),
      waitMillis
    )
    // An idle pool must not keep the process alive for a deadline nobody waits on.
    this.timer.unref()
  }

  done(): void {
    if (this.timer !== undefined) {
      clearTimeout(this.timer)
      this.timer = undefined
    }
  }
}

const bodyOf = (body: HttpClientRequest.HttpClientRequest["body"]): Effect.Effect<Body> => {
  switch (body._tag) {
    case "Empty":
      return Effect.succeed(null)
    case "Uint8Array":
    case "Raw":
      return Effect.succeed(body.body as Body)
    case "FormData":
      return Effect.succeed(body.formData as unknown as Body)
    case "Stream":
      return Effect.orDie(NodeStream.toReadable(body.stream))
  }
}

// A service calls a handful of URLs over and over; parsing each once is enough.
const parsed = new Map<string, URL>()
const MAX_PARSED = 256

const urlOf = (request: HttpClientRequest.HttpClientRequest): Either.Either<URL, unknown> => {
  if (Option.isNone(request.hash) && request.urlParams.length === 0) {
    const known = parsed.get(request.url)
    if (known !== undefined) return Either.right(known)
    try {
      const url = new URL(request.url)
      if (parsed.size >= MAX_PARSED) parsed.clear()
      parsed.set(request.url, url)
      return Either.right(url)
    } catch (cause) {
      return Either.left(cause)
    }
  }
  return UrlParams.makeUrl(request.url, request.urlParams, request.hash)
}

/**
 * The client: one request per call on `dispatcher`, aborted on interruption and
 * when `timeoutMillis` runs out (the whole exchange, last body byte included), or
 * earlier at the call's {@link ProtocolExchange.AttemptDeadline}: one timer serves both.
 */
export const make = (dispatcher: Undici.Dispatcher, timeoutMillis: number): HttpClient.HttpClient =>
  HttpClient.makeWith<HttpClientError.HttpClientError, never, HttpClientError.HttpClientError, never>(
    (effect) =>
      Effect.flatMap(effect, (request) => {
        const url = urlOf(request)
        if (Either.isLeft(url)) {
          return Effect.fail(new HttpClientError.RequestError({ request, reason: "InvalidUrl", cause: url.left }))
        }
        const target = url.right
        return Effect.flatMap(bodyOf(request.body), (body) =>
          Effect.withFiberRuntime<HttpClientResponse.HttpClientResponse, HttpClientError.HttpClientError>((fiber) =>
            Effect.async<HttpClientResponse.HttpClientResponse, HttpClientError.HttpClientError>((resume) => {
              const deadline = Context.get(fiber.currentContext, ProtocolExchange.AttemptDeadline)
              const left = deadline === undefined ? Number.POSITIVE_INFINITY : Math.max(0, deadline.at - Date.now())
              const exchange =
                left < timeoutMillis
                  ? new Exchange(hostOf(target), left, deadline!.timeoutMillis)
                  : new Exchange(hostOf(target), timeoutMillis, timeoutMillis)
              let settled = false
              const sent: Promise<ResponseData> = dispatcher.request({
                signal: exchange.controller.signal,
                method: request.method,
                headers: request.headers,
                origin: target.origin,
                path: target.pathname + target.search + target.hash,
                body,
                // The exchange deadline above times the whole call.
                headersTimeout: 0,
                bodyTimeout: 0
              })
              sent.then(
                (response: ResponseData) => {
                  settled = true
                  response.body.on("error", noop)
                  // Ends on the last byte, an error and an abort alike.
                  response.body.once("close", () => exchange.done())
                  resume(Effect.succeed(new Response(request, response, exchange)))
                },
                (cause: unknown) => {
                  settled = true
                  exchange.done()
                  resume(Effect.fail(new HttpClientError.RequestError({ request, reason: "Transport", cause })))
                }
              )
              return Effect.sync(() => {
                if (!settled) {
                  exchange.controller.abort()
                  exchange.done()
                }
              })
            })
          )
        )
      }),
    Effect.succeed
  )

class Response extends Inspectable.Class implements HttpClientResponse.HttpClientResponse {
  readonly [HttpIncomingMessage.TypeId]: HttpIncomingMessage.TypeId = HttpIncomingMessage.TypeId
  readonly [HttpClientResponse.TypeId]: HttpClientResponse.TypeId = HttpClientResponse.TypeId
  readonly request: HttpClientRequest.HttpClientRequest
  private readonly source: ResponseData
  private readonly exchange: Exchange
  private cachedHeaders: Headers.Headers | undefined

  constructor(request: HttpClientRequest.HttpClientRequest, source: ResponseData, exchange: Exchange) {
    super()
    this.request = request
    this.source = source
    this.exchange = exchange
  }

  get status(): number {
    return this.source.statusCode
  }

  get headers(): Headers.Headers {
    if (this.cachedHeaders === undefined) this.cachedHeaders = Headers.fromInput(this.source.headers as Headers.Input)
    return this.cachedHeaders
  }

  get cookies(): Cookies.Cookies {
    const header = this.source.headers["set-cookie"]
    return header === undefined ? Cookies.empty : Cookies.fromSetCookie(Array.isArray(header) ? header : [header])
  }

  get remoteAddress(): Option.Option<string> {
    return Option.none()
  }

  private decodeError(cause: unknown) {
    return new HttpClientError.ResponseError({ request: this.request, response: this, reason: "Decode", cause })
  }

  /** A body read as a whole; interrupting the read destroys the body, which releases the socket. */
  private consume<A>(read: () => Promise<A>): Effect.Effect<A, HttpClientError.ResponseError> {
    return Effect.async<A, HttpClientError.ResponseError>((resume) => {
      read().then(
        (a) => resume(Effect.succeed(a)),
        (cause: unknown) => resume(Effect.fail(this.decodeError(cause)))
      )
      return Effect.sync(() => {
        this.exchange.controller.abort()
      })
    })
  }

  get arrayBuffer(): Effect.Effect<ArrayBuffer, HttpClientError.ResponseError> {
    return this.consume(() => this.source.body.arrayBuffer())
  }

  get text(): Effect.Effect<string, HttpClientError.ResponseError> {
    return this.consume(() => this.source.body.text())
  }

  get json(): Effect.Effect<unknown, HttpClientError.ResponseError> {
    return Effect.flatMap(this.text, (text) =>
      Effect.try({ try: () => (text === "" ? null : JSON.parse(text)), catch: (cause) => this.decodeError(cause) })
    )
  }

  get urlParamsBody(): Effect.Effect<UrlParams.UrlParams, HttpClientError.ResponseError> {
    return Effect.map(this.text, (text) => UrlParams.fromInput(new URLSearchParams(text)))
  }

  get formData(): Effect.Effect<FormData, HttpClientError.ResponseError> {
    return this.consume(() => this.source.body.formData() as Promise<FormData>)
  }

  get stream(): Stream.Stream<Uint8Array, HttpClientError.ResponseError> {
    return NodeStream.fromReadable<HttpClientError.ResponseError, Uint8Array>(
      () => this.source.body,
      (cause) => this.decodeError(cause)
    )
  }

  override toJSON(): unknown {
    return HttpIncomingMessage.inspect(this, {
      _id: "@effect/platform/HttpClientResponse",
      request: this.request.toJSON(),
      status: this.status
    })
  }
}
