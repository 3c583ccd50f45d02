/**
 * The namespaces of the WebEx XML API and the Castor class names that select an operation.
 *
 * @since 0.1.0
 */

import type { QName } from "@sessionwire/protocol"
import { XmlNode } from "@sessionwire/protocol"

/** `serv:` — the message envelope, response header and shared list types. */
export const SERV = "http://www.webex.com/schemas/2002/06/service"
/** `com:` — common types such as `trackingType`. */
export const COM = "http://www.webex.com/schemas/2002/06/common"
/** `sc:` — the Support Center (support session) service. */
export const SC = "http://www.webex.com/schemas/2002/06/service/supportsession"
/** `att:` — the attendee service, where `GetFeedbackInfo` is bound. */
export const ATT = "http://www.webex.com/schemas/2002/06/service/attendee"
/** `history:` — the history service. */
export const HISTORY = "http://www.webex.com/schemas/2002/06/service/history"
/** `ep:` — the general session service, where `GetAPIVersion` lives. */
export const EP = "http://www.webex.com/schemas/2002/06/service/ep"
/** `use:` — the user service, where `AuthenticateUser` lives. */
export const USE = "http://www.webex.com/schemas/2002/06/service/user"
export const XSI = XmlNode.XSI_NS

/** The prefixes WebEx itself writes, so our documents (and canned replies) read like theirs. */
export const prefixes: Readonly<Record<string, string>> = {
  [SERV]: "serv",
  [COM]: "com",
  [SC]: "sc",
  [ATT]: "att",
  [HISTORY]: "history",
  [EP]: "ep",
  [USE]: "use",
  [XSI]: "xsi"
}

/** The binding packages a request's `xsi:type` names: `java:com.webex.service.binding.<package>.<Op>`. */
export type BindingPackage = "supportsession" | "attendee" | "history" | "user" | "ep"

/**
 * The request `xsi:type` of an operation. WebEx dispatches on this Castor class name, written
 * with the `java:` pseudo-prefix that is never declared.
 */
export const javaType = (bindingPackage: BindingPackage, operation: string): QName => ({
  ns: XmlNode.JAVA_TYPE_NS,
  local: `com.webex.service.binding.${bindingPackage}.${operation}`
})
