/**
 * The `securityContext` header of every WebEx request: which site, which user, and
 * one credential. Secrets are `Redacted` from the moment they are read, and a context
 * that breaks the rules is refused before anything is written, with a reason that
 * names fields but never their values.
 *
 * @since 0.1.0
 */
import { XmlBinding, Xs } from "@sessionwire/protocol"
import { Data, Either, Redacted, Schema } from "effect"
import { SERV } from "./Namespaces.ts"

const Secret = Schema.Redacted(Schema.String)

/**
 * `siteID` is an `xs:long` in the schema, but the documented samples write `0000`; kept as
 * the digits given so what is sent is exactly what was configured.
 */
const SiteId = Schema.String.pipe(Schema.pattern(/^\d+$/, { message: () => "Expected siteID to be digits" }))

/**
 * The wire description of `serv:securityContextType` (`com:securityType` plus the
 * later `webExAccessToken`). Request header elements are unqualified, as WebEx's own
 * samples write them; the order is the schema's, with the access token beside the
 * password it replaces.
 *
 * @since 0.1.0
 */
export const SecurityContext = XmlBinding.Struct(
  {
    webExID: XmlBinding.Optional(Xs.String),
    password: XmlBinding.Optional(Secret),
    webExAccessToken: XmlBinding.Optional(Secret),
    siteID: XmlBinding.Optional(SiteId),
    siteName: XmlBinding.Optional(Xs.String),
    /** Issued by WebEx to partners; treated as a secret because it authenticates. */
    partnerID: XmlBinding.Optional(Secret),
    email: XmlBinding.Optional(Xs.String),
    sessionTicket: XmlBinding.Optional(Secret)
  },
  { ns: "", typeName: { ns: SERV, local: "securityContextType" }, identifier: "SecurityContext" }
)

/**
 * @since 0.1.0
 */
export type SecurityContext = typeof SecurityContext.Type

/**
 * The fields a caller supplies; the same as the wire type without the bookkeeping key.
 *
 * @since 0.1.0
 */
export interface SecurityContextInput {
  readonly siteName?: string | undefined
  readonly siteID?: string | undefined
  readonly webExID?: string | undefined
  readonly email?: string | undefined
  readonly password?: Redacted.Redacted<string> | undefined
  readonly sessionTicket?: Redacted.Redacted<string> | undefined
  readonly webExAccessToken?: Redacted.Redacted<string> | undefined
  readonly partnerID?: Redacted.Redacted<string> | undefined
}

/**
 * The context breaks the WebEx rules (no site, no user, zero or two credentials, an empty
 * field, a site name that cannot be a host name). Nothing was sent. `reason` names the
 * fields involved, never their values.
 *
 * @since 0.1.0
 */
export class InvalidSecurityContext extends Data.TaggedError("InvalidSecurityContext")<{
  readonly reason: string
}> {
  override get message(): string {
    return `Invalid WebEx securityContext: ${this.reason}`
  }
}

/**
 * What an operation needs from the context:
 * - `credential`: a site, a user and exactly one of `password`, `sessionTicket`, `webExAccessToken`;
 * - `login`: a site, a user and at most one credential, which must not be a session ticket
 *   (`AuthenticateUser` turns a password or an access token into one);
 * - `site`: only a site (`GetAPIVersion`); everything else is left out of the request.
 *
 * @since 0.1.0
 */
export type Requirement = "credential" | "login" | "site"

const CREDENTIALS = ["password", "sessionTicket", "webExAccessToken"] as const

/** A WebEx site name becomes the first label of the default endpoint's host. */
const SITE_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9])?$/

const blank = (s: string): boolean => s.trim() === ""

/**
 * Keeps only the fields that were given, so `{ password: undefined }` and `{}` are the same context.
 *
 * @since 0.1.0
 */
export const make = (input: SecurityContextInput): SecurityContext => {
  const out: Record<string, unknown> = {}
  for (const key of [
    "webExID",
    "password",
    "webExAccessToken",
    "siteID",
    "siteName",
    "partnerID",
    "email",
    "sessionTicket"
  ] as const) {
    const v = input[key]
    if (v !== undefined) out[key] = v
  }
  return out as SecurityContext
}

/**
 * Checks a context against a {@link Requirement} and returns the context to send: for
 * `site`, only `siteName`/`siteID`.
 *
 * @since 0.1.0
 */
export const validate = (
  input: SecurityContextInput,
  requirement: Requirement = "credential"
): Either.Either<SecurityContext, InvalidSecurityContext> => {
  const fail = (reason: string) => Either.left(new InvalidSecurityContext({ reason }))
  const ctx = make(input)
  for (const key of ["siteName", "siteID", "webExID", "email"] as const) {
    const v = ctx[key]
    if (v !== undefined && blank(v)) return fail(`${key} is empty`)
  }
  for (const key of [...CREDENTIALS, "partnerID"] as const) {
    const v = ctx[key]
    if (v !== undefined && (!Redacted.isRedacted(v) || typeof Redacted.value(v) !== "string")) {
      return fail(`${key} must be a Redacted string`)
    }
    if (v !== undefined && blank(Redacted.value(v))) return fail(`${key} is empty`)
  }
  if (ctx.siteName === undefined && ctx.siteID === undefined) return fail("siteName or siteID is required")
  if (ctx.siteName !== undefined && !SITE_NAME.test(ctx.siteName)) {
    return fail("siteName must be a WebEx site name (letters, digits, '-' or '_'), not a URL or host")
  }
  if (ctx.siteID !== undefined && !/^\d+$/.test(ctx.siteID)) return fail("siteID must be digits")
  if (requirement === "site") {
    return Either.right(
      make({
        siteName: ctx.siteName,
        siteID: ctx.siteID
      })
    )
  }
  if (ctx.webExID === undefined && ctx.email === undefined) return fail("webExID or email is required")
  const given = CREDENTIALS.filter((k) => ctx[k] !== undefined)
  if (given.length > 1) return fail(`exactly one credential is allowed, found ${given.join(" and ")}`)
  if (requirement === "credential" && given.length === 0) {
    return fail("one credential is required: password, sessionTicket or webExAccessToken")
  }
  if (requirement === "login" && given[0] === "sessionTicket") {
    return fail("AuthenticateUser takes a password or an access token, not a sessionTicket")
  }
  return Either.right(ctx)
}

/**
 * Checks the parts of a context that do not depend on the operation: the site, the
 * field formats, and at most one credential. Used when configuration is loaded.
 *
 * @since 0.1.0
 */
export const validateShape = (input: SecurityContextInput): Either.Either<SecurityContext, InvalidSecurityContext> =>
  Either.flatMap(validate(input, "site"), () => {
    const ctx = make(input)
    const given = CREDENTIALS.filter((k) => ctx[k] !== undefined)
    return given.length > 1
      ? Either.left(
          new InvalidSecurityContext({ reason: `exactly one credential is allowed, found ${given.join(" and ")}` })
        )
      : Either.right(ctx)
  })

/**
 * The same site and user with a session ticket in place of the password or token.
 *
 * @since 0.1.0
 */
export const withSessionTicket = (ctx: SecurityContext, ticket: Redacted.Redacted<string>): SecurityContext =>
  make({ ...withoutCredential(ctx), sessionTicket: ticket })

/**
 * The same site and user without any credential.
 *
 * @since 0.1.0
 */
export const withoutCredential = (ctx: SecurityContext): SecurityContext =>
  make({ ...ctx, password: undefined, sessionTicket: undefined, webExAccessToken: undefined })

/**
 * Every secret in the context, for scrubbing excerpts and messages.
 *
 * @since 0.1.0
 */
export const secrets = (ctx: SecurityContextInput): ReadonlyArray<Redacted.Redacted<string>> => {
  const out: Array<Redacted.Redacted<string>> = []
  for (const key of [...CREDENTIALS, "partnerID"] as const) {
    const v = ctx[key]
    if (v !== undefined && Redacted.isRedacted(v)) out.push(v)
  }
  return out
}
