/**
 * @sessionwire/superoffice: a typed, Effect-native client for SuperOffice
 * NetServer's CustomerService agent (Services86, 87 and 88) and SoPrincipal,
 * generated from the WSDLs, with CS sessions as scoped resources.
 *
 * @since 0.1.0
 */
export * as CsSession from "./CsSession.ts"
export * as CsSessionCalls from "./CsSessionCalls.ts"
export * as CustomerService from "./CustomerService.ts"
export { CustomerService86, CustomerService87, CustomerService88 } from "./CustomerService.ts"
export * as Generated from "./generated/index.ts"
export * as ServiceOperations from "./ServiceOperations.ts"
export * as SoPrincipal from "./SoPrincipal.ts"
export * as SuperOfficeConfig from "./SuperOfficeConfig.ts"
export { InvalidConfig } from "./SuperOfficeConfig.ts"
export {
  type ExceptionDetails,
  type ExceptionInfoLike,
  fromExceptionInfo,
  InvalidCredentials,
  isCredentialProblem,
  MisdirectedTenant,
  SessionExpired,
  SessionNotCreated,
  type SuperOfficeClientError,
  SuperOfficeError,
  TenantLookupFailed,
  TenantUnavailable
} from "./SuperOfficeError.ts"
export * as Tenant from "./Tenant.ts"
export { TenantDirectory } from "./Tenant.ts"
