/**
 * `@sessionwire/superoffice/88`: Services88 alone. A Worker importing this entry point
 * bundles this version's generated codecs and no other; the API matches the package root
 * (`CsSession.scoped`, `CsSession.use`, `SuperOfficeConfig`, the errors), with
 * `Services88` for the generated operations and types.
 *
 * @since 0.1.0
 */
import * as CsSessionCalls from "./CsSessionCalls.ts"
import * as Services88 from "./generated/Services88/index.ts"

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
export { Services88 }

/**
 * The version this entry point serves.
 *
 * @since 0.1.0
 * @category constants
 */
export const version = "88" as const

/**
 * CS sessions on Services88: `CsSession.scoped(remoteIp)` and `CsSession.use(remoteIp, f)`, as
 * on the package root. Its `catalog` is what a session keeper needs to make the calls itself.
 *
 * @since 0.1.0
 * @category constructors
 */
export const CsSession = /* @__PURE__ */ CsSessionCalls.bind({
  "88": { operations: Services88.CustomerService.operations, endpointPath: Services88.CustomerService.ENDPOINT_PATH }
})
