/**
 * SOAP operations: a descriptor per operation, codecs for both sides of the
 * wire, and `invoke`, which needs nothing but the abstract `HttpClient`.
 *
 * @since 0.1.0
 */
import type { HttpClient } from "@effect/platform"
import { Data, type Duration, Effect, Either, type Schema } from "effect"
import * as Envelope from "./Envelope.ts"
import type * as Excerpt from "./Excerpt.ts"
import * as Exchange from "./Exchange.ts"
import { type ExchangeError, UnexpectedResponse } from "./ExchangeError.ts"
import type { SoapFault } from "./Fault.ts"
import * as Sanitize from "./Sanitize.ts"
import * as Secret from "./Secret.ts"
import * as SoapVersion from "./SoapVersion.ts"
import * as XmlBinding from "./XmlBinding.ts"
import type { XmlReadError, XmlWriteError } from "./XmlError.ts"
import type { QName, XmlElement } from "./XmlNode.ts"
import * as XmlWriter from "./XmlWriter.ts"

/** Everything needed to call one SOAP operation, generated from a WSDL or written by hand. */
export interface Operation<In, Out, HIn, HOut> {
  /** For spans and messages, e.g. `Services88.CustomerService`. */
  readonly service: string
  readonly name: string
  readonly action: string
  readonly soapVersion: SoapVersion.SoapVersion
  readonly request: { readonly element: QName; readonly schema: Schema.Schema<In, any> }
  readonly response: { readonly element: QName; readonly schema: Schema.Schema<Out, any> }
  /** A struct whose fields are the header blocks, each written as one element in `soap:Header`. */
  readonly requestHeaders: Schema.Schema<HIn, any>
  readonly responseHeaders: Schema.Schema<HOut, any>
  /** Safe to resend after a transient failure. Decided per operation, never guessed by the transport. */
  readonly idempotent: boolean
  /** Namespace → preferred prefix for the request document. */
  readonly prefixes?: Readonly<Record<string, string>> | undefined
}

export type Any = Operation<any, any, any, any>
export type Input<O> = O extends Operation<infer I, any, any, any> ? I : never
export type Output<O> = O extends Operation<any, infer A, any, any> ? A : never
export type RequestHeaders<O> = O extends Operation<any, any, infer H, any> ? H : never
export type ResponseHeaders<O> = O extends Operation<any, any, any, infer H> ? H : never

export const make = <In, Out, HIn, HOut>(op: Operation<In, Out, HIn, HOut>): Operation<In, Out, HIn, HOut> => op

/** A decoded reply: the body and the response headers. */
export interface Reply<Out, HOut> {
  readonly body: Out
  readonly headers: HOut
  readonly status: number
}

// Codecs are compiled once per operation, lazily, so importing 40 generated operations costs nothing.
interface Codecs {
  readonly encodeBody: (v: unknown, n: QName) => Either.Either<XmlElement, XmlBinding.XmlBindingError>
  readonly decodeBody: (el: XmlElement, path?: string) => Either.Either<unknown, XmlBinding.XmlBindingError>
  readonly encodeReqHeaders: (v: unknown) => Either.Either<ReadonlyArray<XmlElement>, XmlBinding.XmlBindingError>
  readonly decodeReqHeaders: (els: ReadonlyArray<XmlElement>) => Either.Either<unknown, XmlBinding.XmlBindingError>
  readonly encodeResBody: (v: unknown, n: QName) => Either.Either<XmlElement, XmlBinding.XmlBindingError>
  readonly decodeResBody: (el: XmlElement, path?: string) => Either.Either<unknown, XmlBinding.XmlBindingError>
  readonly encodeResHeaders: (v: unknown) => Either.Either<ReadonlyArray<XmlElement>, XmlBinding.XmlBindingError>
  readonly decodeResHeaders: (els: ReadonlyArray<XmlElement>) => Either.Either<unknown, XmlBinding.XmlBindingError>
  readonly prefixes: Record<string, string>
}
const codecCache = new WeakMap<Any, Codecs>()
const codecs = (op: Any): Codecs => {
  let c = codecCache.get(op)
  if (c === undefined) {
    c = {
      encodeBody: XmlBinding.encodeElement(op.request.schema) as Codecs["encodeBody"],
      decodeBody: XmlBinding.decodeElement(op.request.schema),
      encodeReqHeaders: XmlBinding.encodeChildren(op.requestHeaders) as Codecs["encodeReqHeaders"],
      decodeReqHeaders: XmlBinding.decodeChildren(op.requestHeaders),
      encodeResBody: XmlBinding.encodeElement(op.response.schema) as Codecs["encodeResBody"],
      decodeResBody: XmlBinding.decodeElement(op.response.schema),
      encodeResHeaders: XmlBinding.encodeChildren(op.responseHeaders) as Codecs["encodeResHeaders"],
      decodeResHeaders: XmlBinding.decodeChildren(op.responseHeaders),
      prefixes: { ...Envelope.defaultPrefixes(op.soapVersion), ...op.prefixes }
    }
    codecCache.set(op, c)
  }
  return c
}

const writeDoc = (root: XmlElement, prefixes: Record<string, string>) => XmlWriter.writeEither(root, { prefixes })

/** The request document and HTTP headers for a call (client side). */
export const encodeRequest = <In, Out, HIn, HOut>(
  op: Operation<In, Out, HIn, HOut>,
  input: In,
  headers: HIn
): Either.Either<
  { readonly body: string; readonly headers: Record<string, string> },
  XmlBinding.XmlBindingError | XmlWriteError
> => {
  // Plain Either checks rather than Either.gen: this runs on every call.
  const c = codecs(op)
  const h = c.encodeReqHeaders(headers)
  if (Either.isLeft(h)) return Either.left(h.left)
  const b = c.encodeBody(input, op.request.element)
  if (Either.isLeft(b)) return Either.left(b.left)
  const body = writeDoc(Envelope.toXml(Envelope.make(op.soapVersion, [b.right], h.right)), c.prefixes)
  if (Either.isLeft(body)) return Either.left(body.left)
  return Either.right({ body: body.right, headers: SoapVersion.requestHeaders(op.soapVersion, op.action) })
}

/**
 * The envelope is well-formed SOAP but its Body lacks the element this operation
 * expects: usually a reply to another operation, or a proxy's own SOAP page. Only
 * element names are reported (`found` lists the body's children), never their content.
 *
 * @since 0.1.0
 */
export class MissingBodyElement extends Data.TaggedError("MissingBodyElement")<{
  readonly expected: string
  readonly found: string
}> {
  override get message(): string {
    return `Expected ${this.expected} in the SOAP Body, found ${this.found}`
  }
}

const findBody = (env: Envelope.ParsedEnvelope, name: QName): Either.Either<XmlElement, MissingBodyElement> => {
  const el = env.body.find((e) => e.local === name.local && (e.ns === name.ns || e.ns === ""))
  return el
    ? Either.right(el)
    : Either.left(
        new MissingBodyElement({
          expected: name.local,
          found: env.body.map((e) => e.local).join(", ") || "(empty body)"
        })
      )
}

/** What decoding a reply can fail with; every member is a tagged error. */
export type DecodeReplyError = SoapFault | XmlBinding.XmlBindingError | MissingBodyElement

/** Decodes a reply envelope (client side). A Fault becomes a {@link SoapFault}. */
export const decodeResponse = <In, Out, HIn, HOut>(
  op: Operation<In, Out, HIn, HOut>,
  env: Envelope.ParsedEnvelope
): Either.Either<{ readonly body: Out; readonly headers: HOut }, DecodeReplyError> => {
  if (env.fault) return Either.left(env.fault)
  const c = codecs(op)
  const headers = c.decodeResHeaders(env.headers)
  if (Either.isLeft(headers)) return Either.left(headers.left)
  const el = findBody(env, op.response.element)
  if (Either.isLeft(el)) return Either.left(el.left)
  const body = c.decodeResBody(el.right, op.response.element.local)
  if (Either.isLeft(body)) return Either.left(body.left)
  return Either.right({ body: body.right as Out, headers: headers.right as HOut })
}

/** Decodes a request envelope (server side: simulators and test peers). */
export const decodeRequest = <In, Out, HIn, HOut>(
  op: Operation<In, Out, HIn, HOut>,
  env: Envelope.ParsedEnvelope
): Either.Either<{ readonly body: In; readonly headers: HIn }, XmlBinding.XmlBindingError | MissingBodyElement> => {
  const c = codecs(op)
  const headers = c.decodeReqHeaders(env.headers)
  if (Either.isLeft(headers)) return Either.left(headers.left)
  const el = findBody(env, op.request.element)
  if (Either.isLeft(el)) return Either.left(el.left)
  const body = c.decodeBody(el.right, op.request.element.local)
  if (Either.isLeft(body)) return Either.left(body.left)
  return Either.right({ body: body.right as In, headers: headers.right as HIn })
}

/** Encodes a reply document (server side). */
export const encodeResponse = <In, Out, HIn, HOut>(
  op: Operation<In, Out, HIn, HOut>,
  body: Out,
  headers: HOut
): Either.Either<string, XmlBinding.XmlBindingError | XmlWriteError> => {
  const c = codecs(op)
  const h = c.encodeResHeaders(headers)
  if (Either.isLeft(h)) return Either.left(h.left)
  const b = c.encodeResBody(body, op.response.element)
  if (Either.isLeft(b)) return Either.left(b.left)
  return writeDoc(Envelope.toXml(Envelope.make(op.soapVersion, [b.right], h.right)), c.prefixes)
}

/** A Fault document of either version (server side). */
export const encodeFault = (
  version: SoapVersion.SoapVersion,
  fault: {
    readonly code: "Client" | "Server" | "VersionMismatch" | "MustUnderstand"
    readonly reason: string
    readonly detail?: XmlElement
  }
): string => {
  const ns = SoapVersion.namespace(version)
  const el = (n: string, local: string, text: string, children: ReadonlyArray<XmlElement> = []): XmlElement => ({
    ns: n,
    local,
    attributes: [],
    children,
    text
  })
  const detail = fault.detail ? [fault.detail] : []
  const faultEl =
    version === "1.1"
      ? el(ns, "Fault", "", [
          el("", "faultcode", `soap:${fault.code}`),
          el("", "faultstring", fault.reason),
          ...(fault.detail ? [el("", "detail", "", detail)] : [])
        ])
      : el(ns, "Fault", "", [
          el(ns, "Code", "", [
            el(
              ns,
              "Value",
              `env:${fault.code === "Client" ? "Sender" : fault.code === "Server" ? "Receiver" : fault.code}`
            )
          ]),
          el(ns, "Reason", "", [
            {
              ...el(ns, "Text", fault.reason),
              attributes: [{ ns: "http://www.w3.org/XML/1998/namespace", local: "lang", prefix: "xml", value: "en" }]
            }
          ]),
          ...(fault.detail ? [el(ns, "Detail", "", detail)] : [])
        ])
  return XmlWriter.write(Envelope.toXml(Envelope.make(version, [faultEl])), {
    prefixes: Envelope.defaultPrefixes(version)
  })
}

/** Every way `invoke` can fail: a closed union of tagged errors, matchable with `Effect.catchTags`. */
export type InvokeError =
  | ExchangeError
  | XmlReadError
  | XmlWriteError
  | Envelope.SoapEnvelopeError
  | Envelope.SoapVersionMismatch
  | DecodeReplyError

export interface InvokeOptions<HIn> {
  readonly url: string
  readonly headers: HIn
  readonly timeout?: Duration.DurationInput | undefined
  /** Values scrubbed from every excerpt: pass the call's ticket and tokens. */
  readonly secrets?: ReadonlyArray<Excerpt.Secret> | undefined
  readonly limits?: Exchange.ExchangeRequest["limits"]
}

/**
 * Calls an operation: builds the envelope, POSTs it, checks status and media type,
 * parses the reply, decodes it and maps a Fault to {@link SoapFault}.
 * Runs in a span named after the operation; no header values go on the span.
 */
export const invoke = <In, Out, HIn, HOut>(
  op: Operation<In, Out, HIn, HOut>,
  input: In,
  options: InvokeOptions<HIn>
): Effect.Effect<Reply<Out, HOut>, InvokeError, HttpClient.HttpClient> =>
  Effect.gen(function* () {
    const req = yield* encodeRequest(op, input, options.headers)
    const res = yield* Exchange.postXml({
      url: options.url,
      body: req.body,
      headers: req.headers,
      secrets: options.secrets,
      timeout: options.timeout,
      limits: options.limits
    })
    const env = yield* Either.flatMap(Envelope.fromXml(res.root), (e) => Envelope.checkVersion(e, op.soapVersion))
    if (env.fault === undefined && (res.status < 200 || res.status >= 300)) {
      return yield* new UnexpectedResponse({
        kind: "HttpStatus",
        status: res.status,
        contentType: res.headers["content-type"] ?? "",
        excerpt: "a SOAP reply without a Fault"
      })
    }
    const decoded = yield* decodeResponse(op, env)
    return { body: decoded.body, headers: decoded.headers, status: res.status }
  }).pipe(
    Effect.mapError((e) => Sanitize.error(e, [...(options.secrets ?? []), ...Secret.fromFields(input)])),
    Effect.withSpan(`${op.service}.${op.name}`, {
      kind: "client",
      attributes: {
        "rpc.system": "soap",
        "rpc.service": op.service,
        "rpc.method": op.name,
        "soap.version": op.soapVersion,
        "server.address": safeHost(options.url)
      }
    })
  )

const safeHost = (url: string): string => {
  try {
    return new URL(url).host
  } catch {
    return "(invalid url)"
  }
}
