/**
 * @sessionwire/webex: a typed, Effect-native client for the Cisco WebEx XML API around
 * support sessions, built on the protocol core's reader, writer and binding. It speaks
 * the `serv:message` dialect (not SOAP) and imports no Node built-in.
 *
 * @since 0.1.0
 */
export * as Attendee from "./Attendee.ts"
export * as Backoff from "./Backoff.ts"
export * as Common from "./Common.ts"
export * as GeneralSession from "./GeneralSession.ts"
export * as History from "./History.ts"
export * as Message from "./Message.ts"
export { WebExMessageError } from "./Message.ts"
export * as Namespaces from "./Namespaces.ts"
export * as SecurityContext from "./SecurityContext.ts"
export { InvalidSecurityContext } from "./SecurityContext.ts"
export * as SessionTicket from "./SessionTicket.ts"
export * as SupportSession from "./SupportSession.ts"
export * as User from "./User.ts"
export * as WebExClient from "./WebExClient.ts"
export * as WebExConfig from "./WebExConfig.ts"
export { InvalidEndpoint, InvalidTiming } from "./WebExConfig.ts"
export * as WebExError from "./WebExError.ts"
export {
  AccessDenied,
  IncompleteReply,
  InvalidCredentials,
  InvalidRequest,
  MalformedRequest,
  RateLimited,
  ServiceUnavailable,
  UserNotFound,
  WebExFailure
} from "./WebExError.ts"
export * as WebExOperation from "./WebExOperation.ts"
