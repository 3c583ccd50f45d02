/** SOAP faults, read into one typed error for both versions. */
import { SoapFault } from "../Fault.ts"
import type { SoapVersion } from "../SoapVersion.ts"
import { childLocal, type XmlElement } from "../XmlNode.ts"

const localPart = (q: string): string => {
  const i = q.indexOf(":")
  return i < 0 ? q.trim() : q.slice(i + 1).trim()
}

const text = (el: XmlElement | undefined): string | undefined => (el === undefined ? undefined : el.text.trim())

/** Reads a `Fault` element of either version. Children are found by local name: senders disagree on their qualification. */
export const fromElement = (version: SoapVersion, fault: XmlElement): SoapFault => {
  if (version === "1.1") {
    const code = text(childLocal(fault, "faultcode")) ?? ""
    return new SoapFault({
      version,
      code,
      codeLocal: localPart(code),
      subcodes: [],
      reason: text(childLocal(fault, "faultstring")) ?? "",
      actor: text(childLocal(fault, "faultactor")),
      detail: childLocal(fault, "detail")
    })
  }
  const codeEl = childLocal(fault, "Code")
  const code = text(codeEl && childLocal(codeEl, "Value")) ?? ""
  const subcodes: Array<string> = []
  let sub = codeEl && childLocal(codeEl, "Subcode")
  while (sub) {
    const v = text(childLocal(sub, "Value"))
    if (v) subcodes.push(v)
    sub = childLocal(sub, "Subcode")
  }
  const reasonEl = childLocal(fault, "Reason")
  return new SoapFault({
    version,
    code,
    codeLocal: localPart(code),
    subcodes,
    reason: text(reasonEl && childLocal(reasonEl, "Text")) ?? "",
    node: text(childLocal(fault, "Node")),
    role: text(childLocal(fault, "Role")),
    detail: childLocal(fault, "Detail")
  })
}
