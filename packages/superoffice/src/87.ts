/**
 * `@sessionwire/superoffice/87`: Services87 alone. A Worker importing this entry point
 * bundles this version's generated codecs and no other; the API matches the package root
 * (`CsSession.scoped`, `CsSession.use`, `SuperOfficeConfig`, the errors), with
 * `Services87` for the generated operations and types.
 *
 * @since 0.1.0
 */
import * as CsSessionCalls from "./CsSessionCalls.ts"
import * as Services87 from "./generated/Services87/index.ts"

export * as CsSessionCalls from "./CsSessionCalls.ts"
export * as SuperOfficeConfig from "./SuperOfficeConfig.ts"
export { InvalidConfig } from "./SuperOfficeConfig.ts"
export {
  InvalidCredentials,
  isCredentialProblem,
  MisdirectedTenant,
  SessionExpired,
  SessionNotCreated,
  type SuperOfficeClientError,
  SuperOfficeError
} from "./SuperOfficeError.ts"
export { Services87 }

/**
 * The version this entry point serves.
 *
 * @since 0.1.0
 * @category constants
 */
export const version = "87" as const

/**
 * CS sessions on Services87: `CsSession.scoped(remoteIp)` and `CsSession.use(remoteIp, f)`, as
 * on the package root. Its `catalog` is what a session keeper needs to make the calls itself.
 *
 * @since 0.1.0
 * @category constructors
 */
export const CsSession = /* @__PURE__ */ CsSessionCalls.bind({
  "87": { operations: Services87.CustomerService.operations, endpointPath: Services87.CustomerService.ENDPOINT_PATH }
})
