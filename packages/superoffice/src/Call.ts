/**
 * One SuperOffice call: SOAP 1.1 request with the headers the operation's binding
 * lists, the exchange, and the reply read the way NetServer means it — a Fault or
 * HTTP 421 first, then the `Succeeded`/`ExceptionInfo` headers, then the body.
 * Idempotent operations are retried on transient failures; every call is a span.
 *
 * @since 0.1.0
 */
import type { HttpClient } from "@effect/platform"
import {
  Deadline,
  Envelope,
  Excerpt,
  Exchange,
  Operation,
  SoapFault,
  UnexpectedResponse,
  XmlBinding,
  type XmlElement
} from "@sessionwire/protocol"
import { Duration, Effect, Either, Option, Redacted, Schedule, type Schema, SchemaAST } from "effect"
import type { RetryPolicy, SuperOfficeConfigShape, TimeZone, Version } from "./SuperOfficeConfig.ts"
import {
  type ExceptionInfoLike,
  fromExceptionInfo,
  InvalidCredentials,
  isCredentialProblem,
  MisdirectedTenant,
  type SuperOfficeClientError
} from "./SuperOfficeError.ts"

/** The response headers every NetServer operation declares. */
export interface ResponseHeadersLike {
  readonly ExceptionInfo?: ExceptionInfoLike | null
  readonly Succeeded?: boolean
}

/** Where a call goes and what it must never reveal. */
export interface Target {
  readonly url: string
  readonly host: string
  readonly version: Version
  readonly timeout: Duration.Duration
  /** Bounds the whole call, every attempt and pause included; default `Deadline.defaultDeadline`. */
  readonly deadline?: Duration.Duration | undefined
  readonly retry: RetryPolicy
  /** Values for the request headers; each operation sends the ones its binding lists. */
  readonly headerValues: {
    readonly ApplicationToken: Redacted.Redacted<string>
    readonly Ticket?: Redacted.Redacted<string> | undefined
    readonly TimeZone?: TimeZone | undefined
  }
  readonly secrets: ReadonlyArray<Redacted.Redacted<string>>
}

export const hostOf = (url: string): string => {
  try {
    return new URL(url).host
  } catch {
    return "(invalid url)"
  }
}

/** A target for one service of a configuration. */
export const targetFor = (config: SuperOfficeConfigShape, version: Version, servicePath: string): Target => {
  const url = `${config.endpoint}/${servicePath}`
  return {
    url,
    host: hostOf(url),
    version,
    timeout: config.timeout,
    deadline: config.deadline,
    retry: config.retry,
    headerValues: { ApplicationToken: config.applicationToken, Ticket: config.ticket, TimeZone: config.timeZone },
    secrets: [config.applicationToken, config.ticket]
  }
}

// The header fields an operation's binding lists, found once per header struct.
const headerNamesCache = new WeakMap<object, ReadonlySet<string>>()
const headerNames = (schema: Schema.Schema.Any): ReadonlySet<string> => {
  let names = headerNamesCache.get(schema)
  if (names === undefined) {
    names = new Set(SchemaAST.getPropertySignatures(schema.ast).map((p) => String(p.name)))
    headerNamesCache.set(schema, names)
  }
  return names
}

/** The request headers for an operation: only those its binding declares, secrets unwrapped at the last moment. */
export const requestHeaders = (op: Operation.Any, target: Target): Record<string, unknown> => {
  const names = headerNames(op.requestHeaders)
  const out: Record<string, unknown> = {}
  const v = target.headerValues
  if (names.has("ApplicationToken")) out.ApplicationToken = Redacted.value(v.ApplicationToken)
  if (names.has("Credentials") && v.Ticket !== undefined) out.Credentials = { Ticket: Redacted.value(v.Ticket) }
  if (names.has("TimeZone") && v.TimeZone !== undefined) out.TimeZone = v.TimeZone
  return out
}

const decodeHeadersCache = new WeakMap<object, ReturnType<typeof XmlBinding.decodeChildren>>()
const decodeHeaders = (op: Operation.Any) => {
  let d = decodeHeadersCache.get(op.responseHeaders)
  if (d === undefined) {
    d = XmlBinding.decodeChildren(op.responseHeaders)
    decodeHeadersCache.set(op.responseHeaders, d)
  }
  return d
}

/** Transient: worth resending an idempotent request. */
export const isTransient = (e: SuperOfficeClientError): boolean => {
  switch (e._tag) {
    case "TransportError":
      return e.reason === "Connect" || e.reason === "Body"
    case "RequestTimeout":
      return true
    case "UnexpectedResponse":
      return e.status === 502 || e.status === 503 || e.status === 504
    default:
      return false
  }
}

/**
 * The pause before an idempotent operation is resent: exponential from `base`, jittered,
 * at most `times` retries, and never shorter than a `Retry-After` the server sent.
 */
export const retryDelay =
  (policy: RetryPolicy): Deadline.Delay<SuperOfficeClientError> =>
  (e, attempt) => {
    if (!isTransient(e)) return Option.none()
    const pause = Deadline.exponential(policy.base, policy.times)(attempt)
    const asked = e._tag === "UnexpectedResponse" ? e.retryAfter : undefined
    return asked === undefined ? pause : Option.map(pause, (p) => Duration.max(p, Duration.seconds(asked)))
  }

/** Exponential from `base`, jittered, at most `times` retries. */
export const retrySchedule = (policy: RetryPolicy) =>
  Schedule.exponential(policy.base).pipe(Schedule.jittered, Schedule.intersect(Schedule.recurs(policy.times)))

const scrubElement = (el: XmlElement, secrets: ReadonlyArray<Excerpt.Secret>): XmlElement => ({
  ...el,
  text: Excerpt.scrub(el.text, secrets),
  attributes: el.attributes.map((a) => ({ ...a, value: Excerpt.scrub(a.value, secrets) })),
  children: el.children.map((c) => scrubElement(c, secrets))
})

/** A Fault about credentials becomes {@link InvalidCredentials}; any other Fault is kept, scrubbed. */
const fromFault = (fault: SoapFault, operation: string, target: Target): InvalidCredentials | SoapFault => {
  const reason = Excerpt.scrub(fault.reason, target.secrets)
  const detailText = fault.detail ? collectText(fault.detail) : ""
  if (isCredentialProblem(detailText, reason) || isCredentialProblem(fault.code, undefined)) {
    return new InvalidCredentials({ operation, host: target.host, via: "SoapFault", reason })
  }
  return new SoapFault({
    version: fault.version,
    code: fault.code,
    codeLocal: fault.codeLocal,
    subcodes: fault.subcodes,
    reason,
    actor: fault.actor,
    node: fault.node,
    role: fault.role,
    detail: fault.detail ? scrubElement(fault.detail, target.secrets) : undefined
  })
}

const collectText = (el: XmlElement): string => [el.text, ...el.children.map(collectText)].join(" ")

const statusError = (
  e: UnexpectedResponse,
  operation: string,
  target: Target
): UnexpectedResponse | MisdirectedTenant | InvalidCredentials => {
  if (e.status === 421) return new MisdirectedTenant({ operation, host: target.host })
  if (e.status === 401 || e.status === 403) {
    return new InvalidCredentials({ operation, host: target.host, via: "HttpStatus", reason: `HTTP ${e.status}` })
  }
  return e
}

/**
 * Calls one operation. The span is `SuperOffice.Services88.CreateSession` with the
 * endpoint host; no header value, input or output is recorded on it.
 */
export const call = <In, Out, HIn, HOut extends ResponseHeadersLike>(
  op: Operation.Operation<In, Out, HIn, HOut>,
  input: In,
  target: Target,
  extraSecrets: ReadonlyArray<Redacted.Redacted<string>> = []
): Effect.Effect<Operation.Reply<Out, HOut>, SuperOfficeClientError, HttpClient.HttpClient> => {
  const operation = `${op.service}.${op.name}`
  const secrets = extraSecrets.length === 0 ? target.secrets : [...target.secrets, ...extraSecrets]
  const t: Target = { ...target, secrets }
  const once = Effect.gen(function* () {
    const req = yield* Operation.encodeRequest(op, input, requestHeaders(op, t) as HIn)
    const res = yield* Exchange.postXml({
      url: t.url,
      body: req.body,
      headers: req.headers,
      secrets,
      timeout: t.timeout
    }).pipe(Effect.mapError((e) => (e._tag === "UnexpectedResponse" ? statusError(e, operation, t) : e)))
    if (res.status === 421) return yield* new MisdirectedTenant({ operation, host: t.host })
    const env = yield* Either.flatMap(Envelope.fromXml(res.root), (e) => Envelope.checkVersion(e, op.soapVersion))
    if (env.fault !== undefined) return yield* fromFault(env.fault, operation, t)
    // NetServer reports business errors in headers; read them before the body, which may be empty then.
    const headers = (yield* decodeHeaders(op)(env.headers)) as HOut
    if (headers.Succeeded === false || (headers.ExceptionInfo !== undefined && headers.ExceptionInfo !== null)) {
      return yield* fromExceptionInfo(headers.ExceptionInfo, {
        operation,
        host: t.host,
        succeeded: headers.Succeeded,
        secrets
      })
    }
    if (res.status < 200 || res.status >= 300) {
      return yield* statusError(
        new UnexpectedResponse({
          kind: "HttpStatus",
          status: res.status,
          contentType: res.headers["content-type"] ?? "",
          excerpt: "a SOAP reply without a Fault"
        }),
        operation,
        t
      )
    }
    const decoded = yield* Operation.decodeResponse(op, env)
    return { body: decoded.body, headers: decoded.headers, status: res.status }
  })
  const retried: Effect.Effect<
    Operation.Reply<Out, HOut>,
    SuperOfficeClientError,
    HttpClient.HttpClient
  > = Deadline.retrying(once, {
    deadline: t.deadline ?? Deadline.defaultDeadline,
    host: t.host,
    delay: op.idempotent ? retryDelay(t.retry) : () => Option.none()
  })
  return retried.pipe(
    Effect.withSpan(`SuperOffice.Services${t.version}.${op.name}`, {
      kind: "client",
      attributes: {
        "rpc.system": "soap",
        "rpc.service": op.service,
        "rpc.method": op.name,
        "server.address": t.host,
        "superoffice.version": t.version,
        "superoffice.idempotent": op.idempotent
      }
    })
  )
}
