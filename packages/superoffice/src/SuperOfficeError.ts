/**
 * What a SuperOffice call can fail with beyond the protocol's own errors: a
 * business error reported in the `ExceptionInfo` header, rejected credentials,
 * a request sent to the wrong Online host, and an expired CS session.
 *
 * No error carries a ticket, token or password: server texts are scrubbed of the
 * call's secrets before they are stored, and the server's stack trace is kept out
 * of messages, `toString`, `JSON.stringify` and inspection.
 *
 * @since 0.1.0
 */
import type { Operation } from "@sessionwire/protocol"
import { Excerpt } from "@sessionwire/protocol"
import { Data } from "effect"

/** One level of a server exception, as `SoExceptionInfo` describes it. */
export interface ExceptionDetails {
  readonly exceptionType: string
  readonly message: string
  readonly friendlyText?: string | undefined
  readonly source?: string | undefined
  readonly parameters: Readonly<Record<string, string>>
  readonly innerException?: ExceptionDetails | undefined
}

/** The shape of a decoded `SoExceptionInfo` header, common to every version. */
export interface ExceptionInfoLike {
  readonly Message?: string | null
  readonly StackTrace?: string | null
  readonly FriendlyText?: string | null
  readonly ExceptionType?: string | null
  readonly Source?: string | null
  readonly InnerException?: ExceptionInfoLike | null
  readonly Parameters?: ReadonlyArray<{ readonly Key: string | null; readonly Value: string | null }> | null
}

const hidden = (target: object, key: string, value: unknown): void => {
  Object.defineProperty(target, key, { value, enumerable: false, writable: false, configurable: false })
}

export interface SuperOfficeErrorFields {
  /** `Services88.CustomerService.CreateSession`. */
  readonly operation: string
  readonly exceptionType: string
  readonly serverMessage: string
  readonly friendlyText?: string | undefined
  readonly source?: string | undefined
  readonly parameters: Readonly<Record<string, string>>
  readonly innerException?: ExceptionDetails | undefined
  /** The `Succeeded` header as received, when it was. */
  readonly succeeded?: boolean | undefined
}

/**
 * The server reported a failure: `Succeeded=false` and/or an `ExceptionInfo` header.
 * `serverStackTrace` holds the server's stack trace for debugging; it is not
 * enumerable, so it never appears in messages, JSON or logs unless asked for.
 */
export class SuperOfficeError extends Data.TaggedError("SuperOfficeError")<SuperOfficeErrorFields> {
  declare readonly serverStackTrace: string | undefined

  constructor(args: SuperOfficeErrorFields & { readonly serverStackTrace?: string | undefined }) {
    const { serverStackTrace, ...fields } = args
    super(fields)
    hidden(this, "serverStackTrace", serverStackTrace)
  }

  override get message(): string {
    const text = this.friendlyText || this.serverMessage || "no message"
    return `${this.operation} failed on the server: ${this.exceptionType}: ${text}`
  }

  override toString(): string {
    return `SuperOfficeError: ${this.message}`
  }
}

/**
 * SuperOffice rejected the credentials: an expired or invalid ticket or access
 * token, or a missing or wrong application token. `reason` is the server's
 * explanation with secrets removed.
 */
export class InvalidCredentials extends Data.TaggedError("InvalidCredentials")<{
  readonly operation: string
  readonly host: string
  /** Where the rejection was seen. */
  readonly via: "SoapFault" | "ExceptionInfo" | "HttpStatus" | "AuthenticationFailed"
  readonly reason: string
}> {
  override get message(): string {
    return `SuperOffice rejected the credentials for ${this.operation} at ${this.host} (${this.reason}). Obtain a new ticket from SoPrincipal, or check the application token.`
  }
}

/**
 * HTTP 421 Misdirected Request: SuperOffice Online's bare `online`/`sod` hosts do
 * not serve tenants; each tenant lives on a numbered host such as `online3`.
 */
export class MisdirectedTenant extends Data.TaggedError("MisdirectedTenant")<{
  readonly operation: string
  readonly host: string
}> {
  override get message(): string {
    const bare = /^(online|sod|qaonline|stageonline)\.superoffice\.com(:\d+)?$/i.test(this.host)
    return bare
      ? `${this.host} answered 421 Misdirected Request: the bare host serves no tenant. Use the tenant's numbered host (for example online3.superoffice.com), as shown in the tenant's URL.`
      : `${this.host} answered 421 Misdirected Request to ${this.operation}: this host does not serve the tenant. Use the tenant's own numbered host (for example online3.superoffice.com).`
  }
}

/**
 * The SuperOffice Online tenant is not serving APIs: the state API reports a state other
 * than Running or OnlineMaintenance (OfflineMaintenance during an upgrade, Suspended,
 * Provisioning, …). `state` is the state's name as the state API gave it.
 *
 * @since 0.2.0
 * @category errors
 */
export class TenantUnavailable extends Data.TaggedError("TenantUnavailable")<{
  readonly contextId: string
  readonly state: string
}> {
  override get message(): string {
    return `The SuperOffice Online tenant ${this.contextId} is not running (state ${this.state}); its APIs are unavailable until it is Running again.`
  }
}

/**
 * The tenant's state could not be read from the state API: no reply, an error status,
 * an unknown context identifier, or a reply that is not the documented JSON.
 *
 * @since 0.2.0
 * @category errors
 */
export class TenantLookupFailed extends Data.TaggedError("TenantLookupFailed")<{
  readonly contextId: string
  readonly host: string
  readonly reason: string
}> {
  override get message(): string {
    return `Could not find where the SuperOffice Online tenant ${this.contextId} lives (state API at ${this.host}): ${this.reason}`
  }
}

/** The keep-alive found the CS session gone: the server answered that it is not valid. */
export class SessionExpired extends Data.TaggedError("SessionExpired")<{
  readonly version: string
  readonly loginId: number
  /** What the keep-alive saw, e.g. `SessionIsValid returned false`. */
  readonly reason: string
}> {
  override get message(): string {
    return `The CS session (login id ${this.loginId}) on Services${this.version} has expired: ${this.reason}`
  }
}

/** CreateSession succeeded on the wire but returned no session key. */
export class SessionNotCreated extends Data.TaggedError("SessionNotCreated")<{
  readonly version: string
  readonly reason: string
}> {
  override get message(): string {
    return `CreateSession on Services${this.version} returned no session: ${this.reason}`
  }
}

/** Every failure of a SuperOffice call. */
export type SuperOfficeClientError =
  | Operation.InvokeError
  | SuperOfficeError
  | InvalidCredentials
  | MisdirectedTenant
  | TenantUnavailable
  | TenantLookupFailed

// ---------------------------------------------------------------------------
// Recognising what the server meant
// ---------------------------------------------------------------------------

/**
 * Exception types NetServer uses when a ticket, token or login is rejected. Matched
 * as substrings so the namespace (`SuperOffice.Security.Principal.…`) does not matter.
 */
const CREDENTIAL_TYPES =
  /SoSecurityException|InvalidTicket|TicketExpired|SoInvalidTicket|Authentication|Unauthori[sz]ed|NotAuthenticated|SoLoginException|SecurityTokenException|InvalidSecurity|InvalidApplicationToken|SoNoAccessException|InvalidCredentials/i

/** Phrases of fault strings and messages about rejected credentials. */
const CREDENTIAL_TEXT =
  /\b(invalid|expired|unknown|bad|missing|wrong)\b[^.]{0,40}\b(ticket|credentials?|token|application ?token|session ticket)\b|\b(ticket|credentials?|token)\b[^.]{0,40}\b(invalid|expired|rejected|not valid|has expired|is not valid)\b|not (logged in|authenticated|authori[sz]ed)|authentication failed|access denied|unauthori[sz]ed/i

export const isCredentialProblem = (exceptionType: string | undefined, text: string | undefined): boolean =>
  (exceptionType !== undefined && CREDENTIAL_TYPES.test(exceptionType)) ||
  (text !== undefined && CREDENTIAL_TEXT.test(text))

const toDetails = (
  info: ExceptionInfoLike,
  secrets: ReadonlyArray<Excerpt.Secret>,
  depth: number
): ExceptionDetails => {
  const inner = info.InnerException && depth < 16 ? toDetails(info.InnerException, secrets, depth + 1) : undefined
  return {
    exceptionType: Excerpt.scrub(info.ExceptionType ?? "", secrets) || "UnknownException",
    message: Excerpt.scrub(info.Message ?? "", secrets),
    friendlyText: info.FriendlyText ? Excerpt.scrub(info.FriendlyText, secrets) : undefined,
    source: info.Source ? Excerpt.scrub(info.Source, secrets) : undefined,
    parameters: parametersOf(info, secrets),
    innerException: inner
  }
}

const parametersOf = (info: ExceptionInfoLike, secrets: ReadonlyArray<Excerpt.Secret>): Record<string, string> => {
  const out: Record<string, string> = {}
  for (const p of info.Parameters ?? []) {
    if (p.Key !== null) out[Excerpt.scrub(p.Key, secrets)] = Excerpt.scrub(p.Value ?? "", secrets)
  }
  return out
}

/** Any level of the exception chain (outermost first). */
const chain = (d: ExceptionDetails | undefined): Array<ExceptionDetails> => {
  const out: Array<ExceptionDetails> = []
  for (let c = d; c !== undefined; c = c.innerException) out.push(c)
  return out
}

/**
 * The error for a reply whose headers say it failed: {@link InvalidCredentials}
 * when any level of the exception chain is about credentials, else {@link SuperOfficeError}.
 */
export const fromExceptionInfo = (
  info: ExceptionInfoLike | null | undefined,
  context: {
    readonly operation: string
    readonly host: string
    readonly succeeded?: boolean | undefined
    readonly secrets: ReadonlyArray<Excerpt.Secret>
  }
): SuperOfficeError | InvalidCredentials => {
  const details: ExceptionDetails =
    info === null || info === undefined
      ? { exceptionType: "UnknownException", message: "Succeeded=false without ExceptionInfo", parameters: {} }
      : toDetails(info, context.secrets, 0)
  const credential = chain(details).find((d) => isCredentialProblem(d.exceptionType, d.message))
  if (credential !== undefined) {
    return new InvalidCredentials({
      operation: context.operation,
      host: context.host,
      via: "ExceptionInfo",
      reason: `${credential.exceptionType}: ${credential.friendlyText || credential.message}`
    })
  }
  return new SuperOfficeError({
    operation: context.operation,
    exceptionType: details.exceptionType,
    serverMessage: details.message,
    friendlyText: details.friendlyText,
    source: details.source,
    parameters: details.parameters,
    innerException: details.innerException,
    succeeded: context.succeeded,
    serverStackTrace: info?.StackTrace ? Excerpt.scrub(info.StackTrace, context.secrets) : undefined
  })
}
