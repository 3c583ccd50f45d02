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
  Operation,
  Pipeline,
  Secret,
  type SoapFault,
  type UnexpectedResponse,
  type XmlElement
} from "@sessionwire/protocol"
import { Duration, type Effect, Either, Option, Redacted, type Schema, SchemaAST } from "effect"
import type { RetryPolicy, SuperOfficeConfigShape, TimeZone, Version } from "./SuperOfficeConfig.ts"
import {
  type ExceptionInfoLike,
  fromExceptionInfo,
  InvalidCredentials,
  isCredentialProblem,
  MisdirectedTenant,
  type SuperOfficeClientError
} from "./SuperOfficeError.ts"
import * as Tenant from "./Tenant.ts"

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
  /** SuperOffice Online by context identifier: the URL is looked up per call (see `Tenant`), `url` is not used. */
  readonly tenant?: Tenant.Route | undefined
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
    secrets: [config.applicationToken, config.ticket],
    tenant: config.tenant === undefined ? undefined : { location: config.tenant, servicePath }
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

/**
 * A Fault about credentials becomes {@link InvalidCredentials}; any other Fault is kept as it is.
 * Its texts are scrubbed and capped with every other error's, where the pipeline hands it back.
 */
const fromFault = (fault: SoapFault, operation: string, target: Target): InvalidCredentials | SoapFault => {
  const detailText = fault.detail ? collectText(fault.detail) : ""
  if (isCredentialProblem(detailText, fault.reason) || isCredentialProblem(fault.code, undefined)) {
    return new InvalidCredentials({ operation, host: target.host, via: "SoapFault", reason: fault.reason })
  }
  return fault
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

// The parts of a call that depend only on the operation and the target, built on first use.
interface Prepared {
  readonly operation: string
  readonly span: string
  readonly attributes: Readonly<Record<string, unknown>>
  readonly retry: Pipeline.Retry<SuperOfficeClientError> | undefined
}
const preparedCache = new WeakMap<Target, WeakMap<Operation.Any, Prepared>>()
const prepared = (op: Operation.Any, target: Target): Prepared => {
  let byOp = preparedCache.get(target)
  if (byOp === undefined) {
    byOp = new WeakMap()
    preparedCache.set(target, byOp)
  }
  let p = byOp.get(op)
  if (p === undefined) {
    p = {
      operation: `${op.service}.${op.name}`,
      span: `SuperOffice.Services${target.version}.${op.name}`,
      attributes: {
        "rpc.system": "soap",
        "rpc.service": op.service,
        "rpc.method": op.name,
        "server.address": target.host,
        "superoffice.version": target.version,
        "superoffice.idempotent": op.idempotent
      },
      retry: op.idempotent && target.retry.times > 0 ? { delay: retryDelay(target.retry) } : undefined
    }
    byOp.set(op, p)
  }
  return p
}

/**
 * Calls one operation: a SuperOffice policy over the protocol's one pipeline. The
 * span is `SuperOffice.Services88.CreateSession` with the endpoint host; no header
 * value, input or output is recorded on it. A Fault or HTTP 421 is read first, then
 * the `Succeeded`/`ExceptionInfo` headers (NetServer's business errors, decoded
 * once), then the body, which may be empty when a header reports an error.
 */
export const call = <In, Out, HIn, HOut extends ResponseHeadersLike>(
  op: Operation.Operation<In, Out, HIn, HOut>,
  input: In,
  target: Target,
  extraSecrets: ReadonlyArray<Redacted.Redacted<string>> = []
): Effect.Effect<Operation.Reply<Out, HOut>, SuperOfficeClientError, HttpClient.HttpClient> => {
  const p = prepared(op, target)
  const operation = p.operation
  const secrets: ReadonlyArray<Secret.Secret> = [...target.secrets, ...extraSecrets, ...Secret.fromFields(input)]
  const run = (t: Target) =>
    Pipeline.run<Operation.Reply<Out, HOut>, SuperOfficeClientError>({
      span: p.span,
      attributes: t === target ? p.attributes : { ...p.attributes, "server.address": t.host },
      encode: () =>
        Either.map(Operation.encodeRequest(op, input, requestHeaders(op, t) as HIn), (req) => ({
          url: t.url,
          body: req.body,
          headers: req.headers
        })),
      interpret: Operation.interpreter<In, Out, HIn, HOut, SuperOfficeClientError>(op, {
        // 421: the tenant lives on another host and nothing was processed, whatever the body says.
        classify: (res) => (res.status === 421 ? new MisdirectedTenant({ operation, host: t.host }) : undefined),
        fault: (fault) => fromFault(fault, operation, t),
        headers: (headers) =>
          headers.Succeeded === false || (headers.ExceptionInfo !== undefined && headers.ExceptionInfo !== null)
            ? fromExceptionInfo(headers.ExceptionInfo, {
                operation,
                host: t.host,
                succeeded: headers.Succeeded,
                secrets
              })
            : undefined,
        status: (e) => statusError(e, operation, t)
      }),
      exchangeError: (e) => (e._tag === "UnexpectedResponse" ? statusError(e, operation, t) : e),
      secrets,
      timeout: t.timeout,
      deadline: t.deadline ?? Deadline.defaultDeadline,
      retry: p.retry
    })
  // SuperOffice Online: the endpoint is looked up, and after a 421 looked up again and the call made once more.
  return target.tenant === undefined
    ? run(target)
    : Tenant.routed(target.tenant, (url) => run({ ...target, url, host: hostOf(url) }))
}
