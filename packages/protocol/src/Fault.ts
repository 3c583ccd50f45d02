/**
 * SOAP faults, read into one typed error for both versions.
 *
 * @since 0.1.0
 */
import * as internal from "./internal/fault.ts"

/**
 * A SOAP Fault. SOAP 1.1's faultcode/faultstring/faultactor/detail and SOAP 1.2's
 * Code/Subcode/Reason/Node/Role/Detail map onto the same fields.
 * `code` and `subcodes` are the QName text as sent (`s:Client`); `codeLocal` is its local part.
 *
 * @since 0.1.0
 * @category errors
 */
export const SoapFault: typeof internal.SoapFault = internal.SoapFault

/**
 * A SOAP Fault. SOAP 1.1's faultcode/faultstring/faultactor/detail and SOAP 1.2's
 * Code/Subcode/Reason/Node/Role/Detail map onto the same fields.
 * `code` and `subcodes` are the QName text as sent (`s:Client`); `codeLocal` is its local part.
 *
 * @since 0.1.0
 * @category errors
 */
export type SoapFault = internal.SoapFault

/**
 * Reads a `Fault` element of either version. Children are found by local name: senders disagree on their qualification.
 *
 * @since 0.1.0
 * @category parsing
 */
export const fromElement: typeof internal.fromElement = internal.fromElement
