/**
 * WebEx answers errors with HTTP 200 and `result=FAILURE`; these are the typed forms.
 * Every FAILURE is a {@link WebExFailure} unless its `exceptionID` is one a caller can act
 * on, which gets its own tag. Reason texts come from the server and are scrubbed of the
 * call's secrets before they are kept.
 *
 * @since 0.1.0
 */
import {
  Excerpt,
  RequestTimeout,
  TransportError,
  UnexpectedResponse,
  type XmlBindingError,
  type XmlReadError,
  type XmlWriteError
} from "@sessionwire/protocol"
import { Data } from "effect"
import type { ResponseHeader, WebExMessageError } from "./Message.ts"
import type { InvalidSecurityContext } from "./SecurityContext.ts"

/**
 * The fields every FAILURE carries. `exceptionID` is the six-digit string, leading zeros kept.
 *
 * @since 0.1.0
 */
export interface FailureFields {
  /** The operation that failed, e.g. `CreateSupportSession`. */
  readonly operation: string
  readonly exceptionID: string
  readonly reason: string
  readonly gsbStatus?: string | undefined
  readonly subErrors: ReadonlyArray<{
    readonly exceptionID: string
    readonly reason: string
    readonly value?: string | undefined
  }>
  readonly value?: string | undefined
}

const describe = (tag: string, f: FailureFields): string =>
  `WebEx ${f.operation} failed (${tag} ${f.exceptionID || "no exceptionID"}): ${f.reason || "no reason given"}`

/**
 * A FAILURE with an `exceptionID` that has no tag of its own.
 *
 * @since 0.1.0
 */
export class WebExFailure extends Data.TaggedError("WebExFailure")<FailureFields> {
  override get message(): string {
    return describe(this._tag, this)
  }
}

/**
 * `030002` (wrong user or password) or `030047` (invalid or expired session ticket).
 * Never retried: repeated bad logins lock the account.
 *
 * @since 0.1.0
 */
export class InvalidCredentials extends Data.TaggedError("InvalidCredentials")<FailureFields> {
  override get message(): string {
    return describe(this._tag, this)
  }
}

/**
 * `030001`: the webExID or email names no user on the site.
 *
 * @since 0.1.0
 */
export class UserNotFound extends Data.TaggedError("UserNotFound")<FailureFields> {
  override get message(): string {
    return describe(this._tag, this)
  }
}

/**
 * `000001`: the user lacks the privilege (often site-admin) the request needs.
 *
 * @since 0.1.0
 */
export class AccessDenied extends Data.TaggedError("AccessDenied")<FailureFields> {
  override get message(): string {
    return describe(this._tag, this)
  }
}

/**
 * `000045`: the API rate limit (a 60-second window per API group) was reached.
 * `retryAfter` is the reply's `Retry-After` header in seconds, when it had one.
 *
 * @since 0.1.0
 */
export class RateLimited extends Data.TaggedError("RateLimited")<
  FailureFields & { readonly retryAfter?: number | undefined }
> {
  override get message(): string {
    return describe(this._tag, this)
  }
}

/**
 * `000035`: a WebEx back-end service did not respond; transient.
 *
 * @since 0.1.0
 */
export class ServiceUnavailable extends Data.TaggedError("ServiceUnavailable")<FailureFields> {
  override get message(): string {
    return describe(this._tag, this)
  }
}

/**
 * `000000`: the server could not read the request (historically: `xmlns:xsi` missing).
 *
 * @since 0.1.0
 */
export class MalformedRequest extends Data.TaggedError("MalformedRequest")<FailureFields> {
  override get message(): string {
    return describe(this._tag, this)
  }
}

/**
 * Any FAILURE reply.
 *
 * @since 0.1.0
 */
export type WebExFailureError =
  | WebExFailure
  | InvalidCredentials
  | UserNotFound
  | AccessDenied
  | RateLimited
  | ServiceUnavailable
  | MalformedRequest

/**
 * A request refused before it was sent: its input breaks a rule WebEx documents
 * (a history date range over 90 days, an end before a start). Values are not quoted.
 *
 * @since 0.1.0
 */
export class InvalidRequest extends Data.TaggedError("InvalidRequest")<{
  readonly operation: string
  readonly reason: string
}> {
  override get message(): string {
    return `Invalid WebEx ${this.operation} request: ${this.reason}`
  }
}

/**
 * WebEx answered SUCCESS but left out what the operation must return (a
 * `CreateSupportSession` without `sessionKey`, an `AuthenticateUser` with an empty
 * `sessionTicket`). Nothing usable came back, so it is an error, not an empty success.
 *
 * @since 0.2.0
 * @category errors
 */
export class IncompleteReply extends Data.TaggedError("IncompleteReply")<{
  readonly operation: string
  /** The element that was missing or empty. */
  readonly field: string
}> {
  override get message(): string {
    return `WebEx answered ${this.operation} with SUCCESS but without ${this.field}; the operation's result is unknown`
  }
}

/**
 * `000015`, "no records found": the list operations turn it into an empty list.
 *
 * @since 0.1.0
 */
export const NO_RECORDS_FOUND = "000015"

const TAGS: Readonly<Record<string, new (f: FailureFields) => WebExFailureError>> = {
  "030002": InvalidCredentials,
  "030047": InvalidCredentials,
  "030001": UserNotFound,
  "000001": AccessDenied,
  "000045": RateLimited,
  "000035": ServiceUnavailable,
  "000000": MalformedRequest
}

/**
 * The typed error for a FAILURE header. Server texts are scrubbed of `secrets`.
 *
 * @since 0.1.0
 */
export const fromResponse = (
  operation: string,
  header: ResponseHeader,
  secrets: ReadonlyArray<Excerpt.Secret> = []
): WebExFailureError => {
  const clean = (s: string): string => Excerpt.scrub(s, secrets)
  const exceptionID = (header.exceptionID ?? "").trim()
  const fields: FailureFields = {
    operation,
    exceptionID,
    reason: clean((header.reason ?? "").trim()),
    gsbStatus: header.gsbStatus?.trim(),
    subErrors: (header.subErrors ?? []).map((s) => ({
      exceptionID: s.exceptionID.trim(),
      reason: clean(s.reason),
      ...(s.value === undefined ? {} : { value: clean(s.value) })
    })),
    value: header.value === undefined ? undefined : clean(header.value)
  }
  const Tag = TAGS[exceptionID] ?? WebExFailure
  return new Tag(fields)
}

const FAILURE_TAGS: ReadonlySet<string> = new Set([
  "WebExFailure",
  "InvalidCredentials",
  "UserNotFound",
  "AccessDenied",
  "RateLimited",
  "ServiceUnavailable",
  "MalformedRequest"
])

/**
 * Whether a value is one of the FAILURE errors.
 *
 * @since 0.1.0
 */
export const isWebExFailure = (u: unknown): u is WebExFailureError =>
  typeof u === "object" && u !== null && "_tag" in u && FAILURE_TAGS.has((u as { _tag: string })._tag)

/**
 * Everything a call can fail with.
 *
 * @since 0.1.0
 */
export type WebExError =
  | WebExFailureError
  | InvalidRequest
  | IncompleteReply
  | InvalidSecurityContext
  | WebExMessageError
  | TransportError
  | RequestTimeout
  | UnexpectedResponse
  | XmlReadError
  | XmlWriteError
  | XmlBindingError

/**
 * Failures worth another attempt after a pause: the rate limit, a back-end not
 * responding, a lost connection or timeout, and a gateway's 429/502/503/504. Only
 * read-only operations are ever retried.
 *
 * @since 0.1.0
 */
export const isTransient = (e: WebExError): boolean => {
  if (e instanceof RateLimited || e instanceof ServiceUnavailable || e instanceof RequestTimeout) return true
  if (e instanceof TransportError) return e.reason === "Connect" || e.reason === "Body"
  if (e instanceof UnexpectedResponse) return [429, 502, 503, 504].includes(e.status)
  return false
}
