/**
 * @sessionwire/codegen: generates the SuperOffice client's wire types and
 * operations from the NetServer WSDLs.
 *
 * @since 0.1.0
 */
export * as Emit from "./Emit.ts"
export * as Generate from "./Generate.ts"
export { isIdempotent } from "./Idempotency.ts"
export * as Wsdl from "./Wsdl.ts"
