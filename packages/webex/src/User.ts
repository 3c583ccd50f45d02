/**
 * The user service's `AuthenticateUser`: exchanges a password or an OAuth access token
 * for a session ticket, which then replaces the password in every securityContext.
 *
 * @since 0.1.0
 */
import { XmlBinding, Xs } from "@sessionwire/protocol"
import { Effect, Either, Redacted, Schema } from "effect"
import { USE } from "./Namespaces.ts"
import * as SecurityContext from "./SecurityContext.ts"
import * as WebExClient from "./WebExClient.ts"
import { IncompleteReply, type WebExError } from "./WebExError.ts"
import * as WebExOperation from "./WebExOperation.ts"

const Secret = Schema.Redacted(Schema.String)

/**
 * `use:authenticateUser`. With neither field, the password in the securityContext is
 * exchanged. `accessToken` is a Webex access token with the `spark:all` scope;
 * `samlResponse` a SAML assertion from the site's identity provider.
 *
 * @since 0.1.0
 */
export const AuthenticateUser = XmlBinding.Struct(
  { samlResponse: XmlBinding.Optional(Secret), accessToken: XmlBinding.Optional(Secret) },
  { ns: "", typeName: { ns: USE, local: "authenticateUser" }, identifier: "AuthenticateUser" }
)

/**
 * @since 0.1.0
 */
export type AuthenticateUser = typeof AuthenticateUser.Type

/**
 * `use:authenticateUserResponse`. `createTime` is the server's clock in epoch
 * milliseconds; `timeToLive` is in seconds (5400 in captured replies).
 *
 * @since 0.1.0
 */
export const AuthenticateUserResponse = XmlBinding.Struct(
  {
    sessionTicket: Secret,
    createTime: XmlBinding.Optional(Xs.Long),
    timeToLive: XmlBinding.Optional(Xs.Int)
  },
  { ns: USE, typeName: { ns: USE, local: "authenticateUserResponse" }, identifier: "AuthenticateUserResponse" }
)

/**
 * @since 0.1.0
 */
export type AuthenticateUserResponse = typeof AuthenticateUserResponse.Type

/**
 * `AuthenticateUser`. The credential travels where WebEx expects it: a password in the
 * securityContext, an access token in the body (taken from `webExAccessToken` when the
 * input names none). Never retried: repeated bad logins lock the account.
 *
 * @since 0.1.0
 */
export const authenticateUser: WebExOperation.WebExOperation<AuthenticateUser, AuthenticateUserResponse> =
  WebExOperation.make({
    name: "AuthenticateUser",
    bindingPackage: "user",
    request: { schema: AuthenticateUser },
    response: { type: { ns: USE, local: "authenticateUserResponse" }, schema: AuthenticateUserResponse },
    requirement: "login",
    readOnly: false,
    prepare: (input, securityContext) => {
      if (input.accessToken !== undefined || input.samlResponse !== undefined) {
        return Either.right({ input, securityContext: SecurityContext.withoutCredential(securityContext) })
      }
      if (securityContext.webExAccessToken !== undefined) {
        return Either.right({
          input: { ...input, accessToken: securityContext.webExAccessToken },
          securityContext: SecurityContext.withoutCredential(securityContext)
        })
      }
      if (securityContext.password !== undefined) return Either.right({ input, securityContext })
      return Either.left(
        new SecurityContext.InvalidSecurityContext({
          reason: "AuthenticateUser needs a password or webExAccessToken, or an accessToken in its input"
        })
      )
    }
  })

/**
 * Obtains a session ticket with the configured password or access token.
 *
 * @since 0.1.0
 */
export const authenticate = (
  input: AuthenticateUser = {}
): Effect.Effect<AuthenticateUserResponse, WebExError, WebExClient.WebExClient> =>
  Effect.flatMap(WebExClient.call(authenticateUser, input), requireTicket)

/**
 * The schema requires `sessionTicket`, and the binding refuses a reply without it; an
 * empty one is refused here, as a ticket that authenticates nothing.
 *
 * @since 0.2.0
 * @category checks
 */
export const requireTicket = (
  reply: AuthenticateUserResponse
): Effect.Effect<AuthenticateUserResponse, IncompleteReply> =>
  Redacted.value(reply.sessionTicket).trim() === ""
    ? Effect.fail(new IncompleteReply({ operation: "AuthenticateUser", field: "sessionTicket" }))
    : Effect.succeed(reply)
