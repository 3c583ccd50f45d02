/**
 * The simulated SuperOffice endpoints, `Remote/ServicesNN/CustomerService.svc` and
 * `Remote/ServicesNN/SoPrincipal.svc`, behaving like WCF's BasicHttpBinding in front
 * of NetServer: the generated operation descriptors decode each request and encode
 * each reply, and requests the real service rejects get the real service's answer.
 *
 * - a SOAP 1.2 media type: HTTP 415, empty body (WCF checks the media type first);
 * - XML that is not an envelope: HTTP 400, empty body;
 * - a SOAP 1.2 envelope sent as `text/xml`: a SOAP 1.1 `VersionMismatch` fault;
 * - a missing or unknown SOAPAction: a SOAP 1.1 fault naming the ContractFilter mismatch;
 * - a body that does not fit the operation: a SOAP 1.1 fault from the formatter;
 * - a missing application token, or a missing, unknown or expired ticket: HTTP 200
 *   with `Succeeded=false` and an `ExceptionInfo` of type `SoSecurityException`.
 *
 * @since 0.1.0
 */
import { Envelope, Operation, SoapVersion } from "@sessionwire/protocol"
import { Generated } from "@sessionwire/superoffice"
import { Either } from "effect"
import { type Reply, text } from "./Reply.ts"
import type { SuperOfficeState, SuperOfficeUser } from "./SuperOfficeState.ts"

export type ServiceName = "CustomerService" | "SoPrincipal"

/** The operations of one version's two endpoints, by name. */
export interface VersionCatalog {
  readonly CustomerService: Readonly<Record<string, Operation.Any>>
  readonly SoPrincipal: Readonly<Record<string, Operation.Any>>
}

/** Every generated version the simulator serves. */
export const catalog: Readonly<Record<string, VersionCatalog>> = Object.fromEntries(
  (Object.keys(Generated.versions) as ReadonlyArray<Generated.Version>).map((v) => [
    v,
    {
      CustomerService: Generated.customerServiceOperations[v] as unknown as Readonly<Record<string, Operation.Any>>,
      SoPrincipal: Generated.soPrincipalOperations[v] as unknown as Readonly<Record<string, Operation.Any>>
    }
  ])
)

export const versions: ReadonlyArray<string> = Object.keys(catalog)

const CONTENT_TYPE = "text/xml; charset=utf-8"

export interface SoapRequest {
  /** Lower-case header names. */
  readonly headers: Readonly<Record<string, string | undefined>>
  readonly body: Uint8Array
}

const unquote = (s: string | undefined): string | undefined => {
  if (s === undefined) return undefined
  const t = s.trim()
  return t.length >= 2 && t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1) : t
}

/** The operation a request names in its SOAPAction, for fault targeting; the name even when the action is wrong. */
export const operationOf = (req: SoapRequest): string | undefined => {
  const action = unquote(req.headers.soapaction)
  if (!action) return undefined
  return action.slice(action.lastIndexOf("/") + 1)
}

const fault = (code: "Client" | "Server" | "VersionMismatch", reason: string): Reply =>
  text(500, CONTENT_TYPE, Operation.encodeFault("1.1", { code, reason }))

const actionMismatch = (action: string): Reply =>
  fault(
    "Client",
    `The message with Action '${action}' cannot be processed at the receiver, due to a ContractFilter mismatch at the EndpointDispatcher. This may be because of either a contract mismatch (mismatched Actions between sender and receiver) or a binding/security mismatch between the sender and the receiver.  Check that sender and receiver have the same contract and the same binding (including security requirements, e.g. Message, Transport, None).`
  )

interface SecurityFailure {
  readonly message: string
  readonly friendly: string
}

const invalidTicket: SecurityFailure = {
  message: "Failed to authenticate: the ticket is missing, unknown or has expired",
  friendly: "Your session has expired. Log in again."
}
const invalidApplicationToken: SecurityFailure = {
  message: "Application token is missing or is not valid for this tenant",
  friendly: "The application is not authorized to access this tenant."
}

/** The headers WCF writes on every NetServer reply; `TimeZone` echoes the request's. */
const okHeaders = (timeZone: unknown) => ({
  ExceptionInfo: null,
  ExtraInfo: null,
  Succeeded: true,
  TimeZone: timeZone ?? null
})

const errorHeaders = (exceptionType: string, message: string, friendly: string | null = null) => ({
  ExceptionInfo: {
    Message: message,
    StackTrace: `   at SuperOffice.CRM.Services.Implementation.${exceptionType}Thrower.Throw()`,
    FriendlyText: friendly,
    ExceptionType: exceptionType,
    Source: "SoCore",
    InnerException: null,
    Parameters: null
  },
  ExtraInfo: null,
  Succeeded: false,
  TimeZone: null
})

const securityHeaders = (f: SecurityFailure) => errorHeaders("SoSecurityException", f.message, f.friendly)

const reply = (op: Operation.Any, body: unknown, headers: unknown): Reply =>
  Either.match(Operation.encodeResponse(op, body, headers), {
    // A handler produced a value its own schema rejects: a simulator bug, reported as WCF reports its own.
    onLeft: (e) => fault("Server", `The simulator could not serialize the reply: ${e.message}`),
    onRight: (xml) => text(200, CONTENT_TYPE, xml)
  })

type Handler = (ctx: {
  readonly op: Operation.Any
  readonly body: any
  readonly headers: any
  readonly version: string
  readonly state: SuperOfficeState
}) => Reply

const withUser =
  (run: (ctx: Parameters<Handler>[0], user: SuperOfficeUser) => Reply): Handler =>
  (ctx) => {
    const user = ctx.state.userForTicket(ctx.headers.Credentials?.Ticket)
    return user === undefined ? reply(ctx.op, {}, securityHeaders(invalidTicket)) : run(ctx, user)
  }

const authenticated = (
  op: Operation.Any,
  login: { readonly ticket: string; readonly user: SuperOfficeUser } | undefined,
  version: string
) =>
  login === undefined
    ? reply(op, { Response: null, Credentials: null, AuthenticationSucceeded: false }, okHeaders(undefined))
    : reply(
        op,
        {
          Response: {
            UserType: "InternalAssociate",
            Associate: login.user.username.toUpperCase(),
            AssociateId: login.user.associateId,
            IsPerson: true,
            FullName: login.user.fullName ?? login.user.username,
            EMailAddress: login.user.email ?? null,
            DatabaseContextIdentifier: `Cust12345-Services${version}`
          },
          Credentials: { Ticket: login.ticket },
          AuthenticationSucceeded: true
        },
        okHeaders(undefined)
      )

const customerService: Readonly<Record<string, Handler>> = {
  CreateSession: withUser(({ op, body, headers, version, state }, user) => {
    const s = state.createSession(user, body.RemoteIp ?? "", version)
    return reply(
      op,
      { Response: { TableRight: null, FieldProperties: null, Key: s.key, LoginId: s.loginId, UserId: s.userId } },
      okHeaders(headers.TimeZone)
    )
  }),
  // A check that finds the session alive counts as activity: on 86/87 it is the keep-alive.
  SessionIsValid: withUser(({ op, body, headers, state }) =>
    reply(op, { Response: state.touch(body.CsSessionKey) }, okHeaders(headers.TimeZone))
  ),
  // Marks the session active and answers 1; a session that is gone is an error, as NetServer
  // throws for a key it does not know (SessionIsValid, by contrast, just answers false).
  ReportSessionActive: withUser(({ op, body, headers, state }) =>
    state.touch(body.SessionKey)
      ? reply(op, { Response: 1 }, okHeaders(headers.TimeZone))
      : reply(
          op,
          {},
          errorHeaders("SoException", "No CS session has this key: it was removed or has been idle too long")
        )
  ),
  RemoveSession: withUser(({ op, body, headers, state }) => {
    if (typeof body.LoginId === "number") state.removeByLoginId(body.LoginId)
    return reply(op, {}, okHeaders(headers.TimeZone))
  })
}

const soPrincipal: Readonly<Record<string, Handler>> = {
  AuthenticateUsernamePassword: ({ op, body, state, version }) =>
    authenticated(op, state.login(body.UserName ?? "", body.Password ?? ""), version),
  AuthenticateWithAccessToken: ({ op, body, state, version }) =>
    authenticated(op, state.loginWithAccessToken(body.AccessToken ?? ""), version)
}

/** Every other operation: the empty response wrapper, valid because WCF makes every response member optional. */
const defaultHandler: Handler = ({ op, headers }) => reply(op, {}, okHeaders(headers.TimeZone))
const defaultCustomerService: Handler = withUser((ctx) => defaultHandler(ctx))

/** Answers one request to `Remote/Services<version>/<service>.svc`. */
export const handle = (
  route: { readonly version: string; readonly service: ServiceName },
  req: SoapRequest,
  state: SuperOfficeState
): Reply => {
  const ops = catalog[route.version]?.[route.service]
  if (ops === undefined) return text(404, "text/html", "")
  // WCF's encoder checks the media type before reading a byte of the body.
  const ct = (req.headers["content-type"] ?? "").toLowerCase()
  if (!ct.startsWith("text/xml")) return text(415, "text/html", "")
  const decoded = Envelope.decode(req.body)
  if (Either.isLeft(decoded)) {
    return decoded.left._tag === "SoapVersionMismatch" ? fault("VersionMismatch", "") : text(400, "text/html", "")
  }
  const env = decoded.right
  if (env.version !== "1.1") {
    return fault(
      "VersionMismatch",
      `The envelope version of the incoming message (Soap12 (${SoapVersion.SOAP12_NS})) does not match that of the encoder (Soap11 (${SoapVersion.SOAP11_NS})). Make sure the binding is configured with the same version as the expected messages.`
    )
  }
  const action = unquote(req.headers.soapaction) ?? ""
  const name = action.slice(action.lastIndexOf("/") + 1)
  const op = ops[name]
  if (op === undefined || op.action !== action) return actionMismatch(action)
  const request = Operation.decodeRequest(op, env)
  if (Either.isLeft(request)) {
    const e = request.left
    return fault(
      "Client",
      `The formatter threw an exception while trying to deserialize the message: ${
        e._tag === "MissingBodyElement"
          ? `expected element '${e.expected}', found '${e.found}'`
          : `${e.path}: ${e.message}`
      }`
    )
  }
  const { body, headers } = request.right as { body: unknown; headers: Record<string, any> }
  if (!state.applicationTokenOk(headers.ApplicationToken))
    return reply(op, {}, securityHeaders(invalidApplicationToken))
  const handler =
    route.service === "CustomerService"
      ? (customerService[name] ?? defaultCustomerService)
      : (soPrincipal[name] ?? defaultHandler)
  return handler({ op, body, headers, version: route.version, state })
}
