/**
 * `@sessionwire/superoffice/86`: Services86 alone. A Worker importing this entry point
 * bundles this version's generated codecs and no other; the API matches the package root
 * (`CsSession.scoped`, `CsSession.use`, `SuperOfficeConfig`, the errors), with
 * `Services86` for the generated operations and types.
 *
 * @since 0.1.0
 */
import * as CsSessionCalls from "./CsSessionCalls.ts"
import * as Services86 from "./generated/Services86/index.ts"

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
export { Services86 }

/**
 * The version this entry point serves.
 *
 * @since 0.1.0
 * @category constants
 */
export const version = "86" as const

/**
 * CS sessions on Services86: `CsSession.scoped(remoteIp)` and `CsSession.use(remoteIp, f)`, as
 * on the package root. Its `catalog` is what a session keeper needs to make the calls itself.
 *
 * @since 0.1.0
 * @category constructors
 */
export const CsSession = /* @__PURE__ */ CsSessionCalls.bind({
  "86": { operations: Services86.CustomerService.operations, endpointPath: Services86.CustomerService.ENDPOINT_PATH }
})
