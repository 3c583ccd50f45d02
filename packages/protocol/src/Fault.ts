/**
 * SOAP faults, read into one typed error for both versions.
 *
 * @since 0.1.0
 */
import { Data } from "effect"
import type { SoapVersion } from "./SoapVersion.ts"
import type { XmlElement } from "./XmlNode.ts"

/**
 * A SOAP Fault. SOAP 1.1's faultcode/faultstring/faultactor/detail and SOAP 1.2's
 * Code/Subcode/Reason/Node/Role/Detail map onto the same fields.
 * `code` and `subcodes` are the QName text as sent (`s:Client`); `codeLocal` is its local part.
 *
 * @since 0.1.0
 * @category errors
 */
export class SoapFault extends Data.TaggedError("SoapFault")<{
  readonly version: SoapVersion
  readonly code: string
  readonly codeLocal: string
  readonly subcodes: ReadonlyArray<string>
  readonly reason: string
  readonly actor?: string | undefined
  readonly node?: string | undefined
  readonly role?: string | undefined
  readonly detail?: XmlElement | undefined
}> {
  override get message(): string {
    return `SOAP ${this.version} fault ${this.code}: ${this.reason}`
  }
}

/**
 * Reads a `Fault` element of either version. Children are found by local name: senders disagree on their qualification.
 *
 * @since 0.1.0
 * @category parsing
 */
export { fromElement } from "./internal/fault.ts"
