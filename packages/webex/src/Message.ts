/**
 * The WebEx `serv:message` dialect, which is not SOAP.
 *
 * A request is `serv:message/header/securityContext` plus `body/bodyContent`, the
 * operation chosen by `bodyContent/@xsi:type="java:com.webex.service.binding.<pkg>.<Op>"`.
 * A reply is `serv:header/serv:response` (`result`, `reason`, `gsbStatus`, `exceptionID`,
 * `subErrors`, `value`) followed by `serv:body` with zero or more `serv:bodyContent`.
 *
 * The root always declares both `xmlns:serv` and `xmlns:xsi`: without `xmlns:xsi` the
 * server cannot read `xsi:type` and answers `000000 Fail to forward request:null`.
 *
 * @since 0.1.0
 */
import { XmlBinding, type XmlElement, XmlNode, type XmlWriteError, XmlWriter, Xs } from "@sessionwire/protocol"
import { Data, Either } from "effect"
import * as Namespaces from "./Namespaces.ts"

const { SERV, XSI } = Namespaces

/**
 * `serv:resultTypeType`.
 *
 * @since 0.1.0
 */
export const Result = Xs.Enum("serv:resultTypeType", "SUCCESS", "FAILURE")

/**
 * `serv:gsbStatusType`: whether the primary or the backup data centre answered.
 *
 * @since 0.1.0
 */
export const GsbStatus = Xs.Enum("serv:gsbStatusType", "PRIMARY", "BACKUP")

/**
 * `serv:subErrorType`: one of several problems reported with a FAILURE.
 *
 * @since 0.1.0
 */
export const SubError = XmlBinding.Struct(
  { exceptionID: Xs.String, reason: Xs.String, value: XmlBinding.Optional(Xs.String) },
  { ns: SERV, typeName: { ns: SERV, local: "subErrorType" }, identifier: "SubError" }
)

/**
 * @since 0.1.0
 */
export type SubError = typeof SubError.Type

/**
 * `serv:responseType`, the outcome of a request. `exceptionID` stays a string: it is six
 * digits with meaningful leading zeros (`000015`, `030002`).
 *
 * @since 0.1.0
 */
export const ResponseHeader = XmlBinding.Struct(
  {
    result: Result,
    reason: XmlBinding.Optional(Xs.String),
    gsbStatus: XmlBinding.Optional(GsbStatus),
    exceptionID: XmlBinding.Optional(Xs.String),
    subErrors: XmlBinding.Optional(XmlBinding.ArrayOf(SubError, { ns: SERV, local: "subError" })),
    value: XmlBinding.Optional(Xs.String)
  },
  { ns: SERV, typeName: { ns: SERV, local: "responseType" }, identifier: "ResponseHeader" }
)

/**
 * @since 0.1.0
 */
export type ResponseHeader = typeof ResponseHeader.Type

/**
 * The document is XML, but not a WebEx message: another root, or no `header`.
 *
 * @since 0.1.0
 */
export class WebExMessageError extends Data.TaggedError("WebExMessageError")<{
  readonly message: string
}> {}

/** A `serv:message` read leniently: any prefix, and unqualified header/body parts accepted. */
export interface ParsedMessage {
  readonly securityContext?: XmlElement | undefined
  readonly responses: ReadonlyArray<XmlElement>
  readonly bodyContents: ReadonlyArray<XmlElement>
}

const el = (
  ns: string,
  local: string,
  children: ReadonlyArray<XmlElement> = [],
  attributes: XmlElement["attributes"] = []
): XmlElement => ({ ns, local, attributes, children, text: "" })

/**
 * `xsi:schemaLocation` as WebEx's samples and clients send it; it also keeps `xmlns:xsi`
 * on the root even for a body that carried no `xsi:type`.
 */
const SCHEMA_LOCATION = { ns: XSI, local: "schemaLocation", prefix: "xsi", value: SERV }

/**
 * A request document: the security context (already an element, or none) and the
 * body contents, each carrying its `xsi:type`.
 *
 * @since 0.1.0
 */
export const request = (securityContext: XmlElement | undefined, bodyContents: ReadonlyArray<XmlElement>): XmlElement =>
  el(
    SERV,
    "message",
    [el("", "header", securityContext ? [securityContext] : []), el("", "body", bodyContents)],
    [SCHEMA_LOCATION]
  )

/**
 * A reply document, as WebEx writes it (server side: simulators and canned servers).
 *
 * @since 0.1.0
 */
export const response = (responses: ReadonlyArray<XmlElement>, bodyContents: ReadonlyArray<XmlElement>): XmlElement =>
  el(SERV, "message", [el(SERV, "header", responses), el(SERV, "body", bodyContents)])

/**
 * Writes a message with WebEx's prefixes (`serv`, `xsi`, `sc`, `att`, …).
 *
 * @since 0.1.0
 */
export const write = (root: XmlElement): Either.Either<string, XmlWriteError> =>
  XmlWriter.writeEither(root, { prefixes: Namespaces.prefixes })

/**
 * Splits a `serv:message` into its parts. Names are matched by local name below the root,
 * since WebEx's doc samples mix qualified and unqualified spellings.
 *
 * @since 0.1.0
 */
export const parse = (root: XmlElement): Either.Either<ParsedMessage, WebExMessageError> => {
  if (root.local !== "message" || (root.ns !== SERV && root.ns !== "")) {
    return Either.left(
      new WebExMessageError({
        message: `Expected a WebEx serv:message, found <${root.local}>${root.ns ? ` in ${root.ns}` : ""}`
      })
    )
  }
  const header = XmlNode.childLocal(root, "header")
  if (header === undefined) return Either.left(new WebExMessageError({ message: "The serv:message has no header" }))
  const body = XmlNode.childLocal(root, "body")
  return Either.right({
    securityContext: XmlNode.childLocal(header, "securityContext"),
    responses: header.children.filter((c) => c.local === "response"),
    bodyContents: body === undefined ? [] : body.children.filter((c) => c.local === "bodyContent")
  })
}

const decodeHeader = XmlBinding.decodeElement(ResponseHeader)
const encodeHeader = XmlBinding.encodeElement(ResponseHeader)

/**
 * Decodes one `serv:response`.
 *
 * @since 0.1.0
 */
export const decodeResponseHeader = (element: XmlElement): Either.Either<ResponseHeader, XmlBinding.XmlBindingError> =>
  decodeHeader(element, "response")

/**
 * Encodes one `serv:response` (server side).
 *
 * @since 0.1.0
 */
export const encodeResponseHeader = (header: ResponseHeader): Either.Either<XmlElement, XmlBinding.XmlBindingError> =>
  encodeHeader(header, { ns: SERV, local: "response" })

const WEBEX_SCHEMAS = "http://www.webex.com/schemas/"

/**
 * The element with every WebEx namespace below it removed, so a reply body is matched by
 * local names. WebEx's schemas put a type's children in its own namespace (`sc:`,
 * `history:`) but shared parts in others (`serv:matchingRecords` children, `com:`
 * tracking codes), and a reply that qualifies one of them differently should still
 * decode rather than silently lose the field. Foreign namespaces are kept.
 *
 * @since 0.1.0
 */
export const unqualify = (element: XmlElement): XmlElement => {
  const children = element.children.map((c) => {
    const inner = unqualify(c)
    return c.ns.startsWith(WEBEX_SCHEMAS) ? { ...inner, ns: "", prefix: undefined } : inner
  })
  return { ...element, children }
}

/**
 * Whether a header reports success; the text is trimmed, as pretty-printed replies pad it.
 *
 * @since 0.1.0
 */
export const isSuccess = (header: ResponseHeader): boolean => header.result.trim() === "SUCCESS"
