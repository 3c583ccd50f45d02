/**
 * WebEx operations: one descriptor each, codecs for both sides of the wire, and
 * `invoke`, the WebEx dialect of protocol's one call pipeline (`Pipeline.run`).
 *
 * @since 0.1.0
 */
import type { HttpClient } from "@effect/platform"
import {
  type Excerpt,
  type Exchange,
  Pipeline,
  type QName,
  Secret,
  UnexpectedResponse,
  XmlBinding,
  type XmlElement,
  XmlReader,
  type XmlWriteError
} from "@sessionwire/protocol"
import { type Duration, type Effect, Either, type Schema } from "effect"
import * as Backoff from "./Backoff.ts"
import * as Message from "./Message.ts"
import * as Namespaces from "./Namespaces.ts"
import * as SecurityContext from "./SecurityContext.ts"
import * as WebExError from "./WebExError.ts"

/**
 * Everything needed to call one WebEx operation.
 *
 * @since 0.1.0
 */
export interface WebExOperation<In, Out> {
  /** The operation's name in WebEx's docs, e.g. `CreateSupportSession`; spans are `WebEx.<name>`. */
  readonly name: string
  readonly bindingPackage: Namespaces.BindingPackage
  /** The body schema; `type` is the `java:` class name sent as `bodyContent/@xsi:type`. */
  readonly request: { readonly type: QName; readonly schema: Schema.Schema<In, any> }
  /** The reply body schema; `type` is the `xsi:type` WebEx puts on the reply, e.g. `sc:createSupportSessionResponse`. */
  readonly response: { readonly type: QName; readonly schema: Schema.Schema<Out, any> }
  /** What the operation needs from the security context. */
  readonly requirement: SecurityContext.Requirement
  /** Read-only operations may be resent after a transient failure; the others never are. */
  readonly readOnly: boolean
  /**
   * Input checks and adjustments that need more than the schema (a date range, moving an
   * access token into the body); runs before anything is written.
   */
  readonly prepare?:
    | ((
        input: In,
        securityContext: SecurityContext.SecurityContext
      ) => Either.Either<
        { readonly input: In; readonly securityContext: SecurityContext.SecurityContext },
        WebExError.InvalidRequest | SecurityContext.InvalidSecurityContext
      >)
    | undefined
  /** For list operations: the empty reply that `000015` (no records found) stands for. */
  readonly noRecords?: ((input: In) => Out) | undefined
}

/**
 * @since 0.1.0
 */
export type Any = WebExOperation<any, any>
/**
 * @since 0.1.0
 */
export type Input<O> = O extends WebExOperation<infer I, any> ? I : never
/**
 * @since 0.1.0
 */
export type Output<O> = O extends WebExOperation<any, infer A> ? A : never

/**
 * @since 0.1.0
 */
export const make = <In, Out>(
  op: Omit<WebExOperation<In, Out>, "request"> & { readonly request: { readonly schema: Schema.Schema<In, any> } }
): WebExOperation<In, Out> => ({
  ...op,
  // The `java:` class always names the binding package and the operation, so it is derived, not restated.
  request: { type: Namespaces.javaType(op.bindingPackage, op.name), schema: op.request.schema }
})

/**
 * A decoded reply: the body and the `serv:response` header it came with.
 *
 * @since 0.1.0
 */
export interface Reply<Out> {
  readonly body: Out
  readonly response: Message.ResponseHeader
  readonly status: number
}

interface Codecs {
  readonly encodeBody: (v: unknown, n: QName) => Either.Either<XmlElement, XmlBinding.XmlBindingError>
  readonly decodeBody: (el: XmlElement, path?: string) => Either.Either<unknown, XmlBinding.XmlBindingError>
  readonly encodeReply: (v: unknown, n: QName) => Either.Either<XmlElement, XmlBinding.XmlBindingError>
  readonly decodeReply: (el: XmlElement, path?: string) => Either.Either<unknown, XmlBinding.XmlBindingError>
}
const codecCache = new WeakMap<Any, Codecs>()
const codecs = (op: Any): Codecs => {
  let c = codecCache.get(op)
  if (c === undefined) {
    c = {
      encodeBody: XmlBinding.encodeElement(op.request.schema) as Codecs["encodeBody"],
      decodeBody: XmlBinding.decodeElement(op.request.schema),
      encodeReply: XmlBinding.encodeElement(op.response.schema) as Codecs["encodeReply"],
      decodeReply: XmlBinding.decodeElement(op.response.schema)
    }
    codecCache.set(op, c)
  }
  return c
}

const encodeContext = XmlBinding.encodeElement(SecurityContext.SecurityContext)
const decodeContext = XmlBinding.decodeElement(SecurityContext.SecurityContext)
const BODY_CONTENT = { ns: "", local: "bodyContent" }
const SECURITY_CONTEXT = { ns: "", local: "securityContext" }

/**
 * The checked input and context an operation will send.
 *
 * @since 0.1.0
 */
export const prepare = <In, Out>(
  op: WebExOperation<In, Out>,
  input: In,
  securityContext: SecurityContext.SecurityContextInput
): Either.Either<
  { readonly input: In; readonly securityContext: SecurityContext.SecurityContext },
  WebExError.InvalidRequest | SecurityContext.InvalidSecurityContext
> =>
  Either.flatMap(SecurityContext.validate(securityContext, op.requirement), (ctx) =>
    op.prepare === undefined ? Either.right({ input, securityContext: ctx }) : op.prepare(input, ctx)
  )

/**
 * The request document for a call (client side). The context is checked against the
 * operation's requirement first; nothing is written for a context that breaks the rules.
 *
 * @since 0.1.0
 */
export const encodeRequest = <In, Out>(
  op: WebExOperation<In, Out>,
  input: In,
  securityContext: SecurityContext.SecurityContextInput
): Either.Either<
  string,
  SecurityContext.InvalidSecurityContext | WebExError.InvalidRequest | XmlBinding.XmlBindingError | XmlWriteError
> =>
  Either.gen(function* () {
    const prepared = yield* prepare(op, input, securityContext)
    const c = codecs(op)
    const ctx = yield* encodeContext(prepared.securityContext, SECURITY_CONTEXT)
    const body = yield* c.encodeBody(prepared.input, BODY_CONTENT)
    return yield* Message.write(Message.request(ctx, [{ ...body, xsiType: op.request.type }]))
  })

/** The body content that answers `op`: by its `xsi:type` when several came, else the first. */
const pickBody = (op: Any, bodies: ReadonlyArray<XmlElement>): XmlElement => {
  const wanted = op.response.type.local.toLowerCase()
  return (
    bodies.find((b) => b.xsiType?.local.toLowerCase() === wanted) ??
    bodies[0] ?? { ns: Namespaces.SERV, local: "bodyContent", attributes: [], children: [], text: "" }
  )
}

/**
 * Decodes a reply (client side). FAILURE becomes the matching typed error; its texts are
 * scrubbed of `secrets`. Body elements are matched by local name whatever WebEx namespace
 * they carry (see `Message.unqualify`).
 *
 * @since 0.1.0
 */
export const decodeResponse = <In, Out>(
  op: WebExOperation<In, Out>,
  root: XmlElement,
  secrets: ReadonlyArray<Excerpt.Secret> = []
): Either.Either<
  { readonly body: Out; readonly response: Message.ResponseHeader },
  Message.WebExMessageError | XmlBinding.XmlBindingError | WebExError.WebExFailureError
> =>
  Either.gen(function* () {
    const message = yield* Message.parse(root)
    const first = message.responses[0]
    if (first === undefined) {
      return yield* Either.left(new Message.WebExMessageError({ message: "The reply has no serv:response header" }))
    }
    const response = yield* Message.decodeResponseHeader(first)
    if (!Message.isSuccess(response)) return yield* Either.left(WebExError.fromResponse(op.name, response, secrets))
    const chosen = Message.unqualify(pickBody(op, message.bodyContents))
    const body = (yield* codecs(op).decodeReply(chosen, op.response.type.local)) as Out
    return { body, response }
  })

/**
 * Decodes a request document (server side: simulators and canned servers).
 *
 * @since 0.1.0
 */
export const decodeRequest = <In, Out>(
  op: WebExOperation<In, Out>,
  root: XmlElement
): Either.Either<
  { readonly securityContext: SecurityContext.SecurityContext; readonly body: In },
  Message.WebExMessageError | XmlBinding.XmlBindingError
> =>
  Either.gen(function* () {
    const message = yield* Message.parse(root)
    const ctxEl = message.securityContext ?? { ...SECURITY_CONTEXT, attributes: [], children: [], text: "" }
    const securityContext = yield* decodeContext(ctxEl, "securityContext")
    const bodyEl = message.bodyContents[0]
    if (bodyEl === undefined) {
      return yield* Either.left(new Message.WebExMessageError({ message: "The request has no bodyContent" }))
    }
    const body = (yield* codecs(op).decodeBody(bodyEl, op.name)) as In
    return { securityContext, body }
  })

const SUCCESS_HEADER: Message.ResponseHeader = { result: "SUCCESS", gsbStatus: "PRIMARY" }

/**
 * A SUCCESS reply document carrying `body` (server side).
 *
 * @since 0.1.0
 */
export const encodeResponse = <In, Out>(
  op: WebExOperation<In, Out>,
  body: Out,
  header: Message.ResponseHeader = SUCCESS_HEADER
): Either.Either<string, XmlBinding.XmlBindingError | XmlWriteError> =>
  Either.gen(function* () {
    const h = yield* Message.encodeResponseHeader(header)
    const b = yield* codecs(op).encodeReply(body, { ns: Namespaces.SERV, local: "bodyContent" })
    return yield* Message.write(Message.response([h], [{ ...b, xsiType: op.response.type }]))
  })

/**
 * A FAILURE reply document as WebEx sends it, with an empty `serv:bodyContent` (server side).
 *
 * @since 0.1.0
 */
export const encodeFailure = (failure: {
  readonly exceptionID: string
  readonly reason: string
  readonly subErrors?: ReadonlyArray<Message.SubError>
  readonly value?: string
}): string => {
  const header: Message.ResponseHeader = {
    result: "FAILURE",
    reason: failure.reason,
    gsbStatus: "PRIMARY",
    exceptionID: failure.exceptionID,
    ...(failure.subErrors === undefined ? {} : { subErrors: failure.subErrors }),
    ...(failure.value === undefined ? {} : { value: failure.value })
  }
  const h = Either.getOrThrow(Message.encodeResponseHeader(header))
  const empty: XmlElement = { ns: Namespaces.SERV, local: "bodyContent", attributes: [], children: [], text: "" }
  return Either.getOrThrow(Message.write(Message.response([h], [empty])))
}

/**
 * @since 0.1.0
 */
export interface InvokeOptions {
  readonly url: string
  readonly securityContext: SecurityContext.SecurityContextInput
  readonly timeout?: Duration.DurationInput | undefined
  readonly limits?: Exchange.ExchangeRequest["limits"]
}

const REQUEST_HEADERS = { "content-type": "text/xml; charset=UTF-8", accept: "text/xml, application/xml" }

const hostOf = (url: string): string => {
  try {
    return new URL(url).host
  } catch {
    return "(invalid url)"
  }
}

/**
 * Stages 3–5 of the pipeline for a WebEx operation: the `serv:message` read with the
 * given limits, FAILURE mapped to its typed error (`000015` on a list operation is
 * its empty reply), then the status and the body.
 *
 * @since 0.2.0
 * @category interpreting
 */
export const interpreter =
  <In, Out>(op: WebExOperation<In, Out>, input: In, secrets: ReadonlyArray<Excerpt.Secret>) =>
  (res: Exchange.RawResponse, limits: XmlReader.XmlLimits): Either.Either<Reply<Out>, WebExError.WebExError> => {
    const root = XmlReader.readSync(res.bytes, { limits, charset: res.charset })
    if (Either.isLeft(root)) return Either.left(root.left)
    const decoded = decodeResponse(op, root.right, secrets)
    if (Either.isLeft(decoded)) {
      const e = Backoff.withRetryAfter(decoded.left, res.headers)
      if (WebExError.isWebExFailure(e) && e.exceptionID === WebExError.NO_RECORDS_FOUND && op.noRecords !== undefined) {
        const response: Message.ResponseHeader = {
          result: "FAILURE",
          reason: e.reason,
          ...(e.gsbStatus === undefined
            ? {}
            : { gsbStatus: e.gsbStatus as NonNullable<Message.ResponseHeader["gsbStatus"]> }),
          exceptionID: e.exceptionID
        }
        return Either.right({ body: op.noRecords(input), response, status: res.status })
      }
      return Either.left(e)
    }
    if (res.status < 200 || res.status >= 300) {
      return Either.left(
        new UnexpectedResponse({
          kind: "HttpStatus",
          status: res.status,
          contentType: res.headers["content-type"] ?? "",
          excerpt: "a WebEx SUCCESS message with an error status"
        })
      )
    }
    return Either.right({ ...decoded.right, status: res.status })
  }

/**
 * Calls an operation once, through the protocol's pipeline: checks the context and
 * input, writes the message, POSTs it as `text/xml; charset=UTF-8`, reads the reply
 * (UTF-8 or ISO-8859-1), and maps FAILURE to a typed error. Runs in a span named
 * `WebEx.<Op>` carrying the endpoint host and, on FAILURE, the exceptionID — never a
 * credential. Resending and ticket renewal are the client's policy (see `WebExClient`).
 *
 * @since 0.1.0
 * @category invoking
 */
export const invoke = <In, Out>(
  op: WebExOperation<In, Out>,
  input: In,
  options: InvokeOptions
): Effect.Effect<Reply<Out>, WebExError.WebExError, HttpClient.HttpClient> => {
  const secrets: ReadonlyArray<Excerpt.Secret> = [
    ...SecurityContext.secrets(options.securityContext),
    // Every `Redacted` value in the input, and every field named like a secret.
    ...Secret.fromFields(input)
  ]
  return Pipeline.run<Reply<Out>, WebExError.WebExError>({
    span: `WebEx.${op.name}`,
    attributes: {
      "rpc.system": "webex-xml",
      "rpc.service": op.bindingPackage,
      "rpc.method": op.name,
      "server.address": hostOf(options.url)
    },
    encode: () =>
      Either.map(encodeRequest(op, input, options.securityContext), (body) => ({
        url: options.url,
        body,
        headers: REQUEST_HEADERS
      })),
    interpret: interpreter(op, input, secrets),
    exchangeError: (e) => e,
    secrets,
    timeout: options.timeout,
    limits: options.limits,
    errorAttributes: (e) => (WebExError.isWebExFailure(e) ? { "webex.exception_id": e.exceptionID } : undefined)
  })
}
