/**
 * SOAP operations: a descriptor per operation, codecs for both sides of the
 * wire, and `invoke`, which needs nothing but the abstract `HttpClient`.
 *
 * @since 0.1.0
 */
import type { HttpClient } from "@effect/platform"
import { Data, type Duration, type Effect, Either, type Schema } from "effect"
import * as Envelope from "./Envelope.ts"
import type * as Excerpt from "./Excerpt.ts"
import type * as Exchange from "./Exchange.ts"
import { type ExchangeError, UnexpectedResponse } from "./ExchangeError.ts"
import type { SoapFault } from "./Fault.ts"
import * as SoapReply from "./internal/soapReply.ts"
import * as Pipeline from "./Pipeline.ts"
import * as Secret from "./Secret.ts"
import * as SoapVersion from "./SoapVersion.ts"
import * as XmlBinding from "./XmlBinding.ts"
import type { XmlReadError, XmlWriteError } from "./XmlError.ts"
import type { QName, XmlElement } from "./XmlNode.ts"
import type { XmlLimits } from "./XmlReader.ts"
import * as XmlWriter from "./XmlWriter.ts"

/**
 * Everything needed to call one SOAP operation, generated from a WSDL or written by hand.
 *
 * @since 0.1.0
 * @category models
 */
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

/**
 * @since 0.1.0
 * @category models
 */
export type Any = Operation<any, any, any, any>
/**
 * @since 0.1.0
 * @category models
 */
export type Input<O> = O extends Operation<infer I, any, any, any> ? I : never
/**
 * @since 0.1.0
 * @category models
 */
export type Output<O> = O extends Operation<any, infer A, any, any> ? A : never
/**
 * @since 0.1.0
 * @category models
 */
export type RequestHeaders<O> = O extends Operation<any, any, infer H, any> ? H : never
/**
 * @since 0.1.0
 * @category models
 */
export type ResponseHeaders<O> = O extends Operation<any, any, any, infer H> ? H : never

/**
 * @since 0.1.0
 * @category constructors
 */
export const make = <In, Out, HIn, HOut>(op: Operation<In, Out, HIn, HOut>): Operation<In, Out, HIn, HOut> => op

/**
 * A decoded reply: the body and the response headers.
 *
 * @since 0.1.0
 * @category models
 */
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
  /** The walkers a streamed reply is read with; compiled on first use. */
  readonly resHeadersNode: () => XmlBinding.Node
  readonly resBodyNode: () => XmlBinding.Node
}
const lazy = <A>(f: () => A): (() => A) => {
  let a: A | undefined
  return () => (a ??= f())
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
      prefixes: { ...Envelope.defaultPrefixes(op.soapVersion), ...op.prefixes },
      resHeadersNode: lazy(() => XmlBinding.node(op.responseHeaders)),
      resBodyNode: lazy(() => XmlBinding.node(op.response.schema))
    }
    codecCache.set(op, c)
  }
  return c
}

const writeDoc = (root: XmlElement, prefixes: Record<string, string>) => XmlWriter.writeEither(root, { prefixes })

/**
 * The request document and HTTP headers for a call (client side).
 *
 * @since 0.1.0
 * @category codecs
 */
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
 * @category errors
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

/**
 * What decoding a reply can fail with; every member is a tagged error.
 *
 * @since 0.1.0
 * @category models
 */
export type DecodeReplyError = SoapFault | XmlBinding.XmlBindingError | MissingBodyElement

/**
 * Decodes a reply envelope (client side). A Fault becomes a {@link SoapFault}.
 *
 * @since 0.1.0
 * @category codecs
 */
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

/**
 * Decodes a request envelope (server side: simulators and test peers).
 *
 * @since 0.1.0
 * @category codecs
 */
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

/**
 * Encodes a reply document (server side).
 *
 * @since 0.1.0
 * @category codecs
 */
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

/**
 * A Fault document of either version (server side).
 *
 * @since 0.1.0
 * @category codecs
 */
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

/**
 * Every way `invoke` can fail: a closed union of tagged errors, matchable with `Effect.catchTags`.
 *
 * @since 0.1.0
 * @category models
 */
export type InvokeError =
  | ExchangeError
  | XmlReadError
  | XmlWriteError
  | Envelope.SoapEnvelopeError
  | Envelope.SoapVersionMismatch
  | DecodeReplyError

/**
 * @since 0.1.0
 * @category models
 */
export interface InvokeOptions<HIn> {
  readonly url: string
  readonly headers: HIn
  readonly timeout?: Duration.DurationInput | undefined
  /** Values scrubbed from every excerpt: pass the call's ticket and tokens. */
  readonly secrets?: ReadonlyArray<Excerpt.Secret> | undefined
  readonly limits?: Exchange.ExchangeRequest["limits"]
}

/**
 * How a vendor reads the parts of a SOAP reply it gives meaning to. Each hook
 * returns the error to fail with; leaving one out keeps the protocol's own.
 *
 * @since 0.2.0
 * @category interpreting
 */
export interface ReplyHooks<HOut, E> {
  /** The status and headers, before the body is read: a status that means "not processed" wins. */
  readonly classify?: ((response: Exchange.RawResponse) => E | undefined) | undefined
  /** A Fault in the Body. */
  readonly fault?: ((fault: SoapFault) => E) | undefined
  /** The decoded response headers, before the body: a business error there wins. */
  readonly headers?: ((headers: HOut) => E | undefined) | undefined
  /** A reply without a Fault but with an error status. */
  readonly status?: ((error: UnexpectedResponse) => E) | undefined
}

/**
 * Stages 3–5 of the pipeline for a SOAP operation: the reply read with the given
 * limits, the envelope checked against the operation's SOAP version, then the
 * Fault, the response headers, the status and the body, in that order, each read
 * once.
 *
 * @since 0.2.0
 * @category interpreting
 */
export const interpreter =
  <In, Out, HIn, HOut, E = never>(op: Operation<In, Out, HIn, HOut>, hooks: ReplyHooks<HOut, E> = {}) =>
  (response: Exchange.RawResponse, limits: XmlLimits): Either.Either<Reply<Out, HOut>, InvokeError | E> => {
    const early = hooks.classify?.(response)
    if (early !== undefined) return Either.left(early)
    const c = codecs(op)
    const read = SoapReply.read(
      response.bytes,
      { limits, charset: response.charset },
      c.resHeadersNode(),
      op.response.element,
      c.resBodyNode()
    )
    if (Either.isLeft(read)) return Either.left(read.left)
    const reply = read.right
    if (reply.version !== op.soapVersion || reply.fault?.codeLocal === "VersionMismatch") {
      return Either.left(
        new Envelope.SoapVersionMismatch({
          expected: op.soapVersion,
          received: reply.version !== op.soapVersion ? reply.version : op.soapVersion === "1.1" ? "1.2" : "1.1"
        })
      )
    }
    if (reply.fault !== undefined) {
      return Either.left(hooks.fault === undefined ? reply.fault : hooks.fault(reply.fault))
    }
    const headers = reply.headers
    if (Either.isLeft(headers)) return Either.left(headers.left)
    const refused = hooks.headers?.(headers.right as HOut)
    if (refused !== undefined) return Either.left(refused)
    if (response.status < 200 || response.status >= 300) {
      const error = new UnexpectedResponse({
        kind: "HttpStatus",
        status: response.status,
        contentType: response.headers["content-type"] ?? "",
        excerpt: "a SOAP reply without a Fault"
      })
      return Either.left(hooks.status === undefined ? error : hooks.status(error))
    }
    if (reply.body === undefined) {
      return Either.left(
        new MissingBodyElement({ expected: op.response.element.local, found: reply.found.join(", ") || "(empty body)" })
      )
    }
    const body = reply.body
    if (Either.isLeft(body)) return Either.left(body.left)
    return Either.right({ body: body.right as Out, headers: headers.right as HOut, status: response.status })
  }

/**
 * Calls an operation through the pipeline: builds the envelope, POSTs it, checks
 * status and media type, parses the reply, decodes it and maps a Fault to
 * {@link SoapFault}. Runs in a span named after the operation; no header values go
 * on the span.
 *
 * @since 0.1.0
 * @category invoking
 */
export const invoke = <In, Out, HIn, HOut>(
  op: Operation<In, Out, HIn, HOut>,
  input: In,
  options: InvokeOptions<HIn>
): Effect.Effect<Reply<Out, HOut>, InvokeError, HttpClient.HttpClient> =>
  Pipeline.run<Reply<Out, HOut>, InvokeError>({
    span: `${op.service}.${op.name}`,
    attributes: {
      "rpc.system": "soap",
      "rpc.service": op.service,
      "rpc.method": op.name,
      "soap.version": op.soapVersion,
      "server.address": safeHost(options.url)
    },
    encode: () =>
      Either.map(encodeRequest(op, input, options.headers), (req) => ({
        url: options.url,
        body: req.body,
        headers: req.headers
      })),
    interpret: interpreter(op),
    exchangeError: (e) => e,
    secrets: [...(options.secrets ?? []), ...Secret.fromFields(input)],
    timeout: options.timeout,
    limits: options.limits
  })

const safeHost = (url: string): string => {
  try {
    return new URL(url).host
  } catch {
    return "(invalid url)"
  }
}
