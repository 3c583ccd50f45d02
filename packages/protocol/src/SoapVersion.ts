/**
 * The two SOAP versions and what distinguishes them on the wire.
 *
 * @since 0.1.0
 * @category models
 */
export type SoapVersion = "1.1" | "1.2"

/**
 * @since 0.1.0
 * @category constants
 */
export const SOAP11_NS = "http://schemas.xmlsoap.org/soap/envelope/"
/**
 * @since 0.1.0
 * @category constants
 */
export const SOAP12_NS = "http://www.w3.org/2003/05/soap-envelope"

/**
 * @since 0.1.0
 * @category accessors
 */
export const namespace = (version: SoapVersion): string => (version === "1.1" ? SOAP11_NS : SOAP12_NS)

/**
 * @since 0.1.0
 * @category parsing
 */
export const fromNamespace = (ns: string): SoapVersion | undefined =>
  ns === SOAP11_NS ? "1.1" : ns === SOAP12_NS ? "1.2" : undefined

/**
 * HTTP headers for a request. SOAP 1.1 carries the action in a quoted `SOAPAction`
 * header; SOAP 1.2 moves it into the media type's `action` parameter.
 *
 * @since 0.1.0
 * @category headers
 */
export const requestHeaders = (version: SoapVersion, action: string): Record<string, string> =>
  version === "1.1"
    ? { "content-type": "text/xml; charset=utf-8", soapaction: `"${action}"` }
    : { "content-type": `application/soap+xml; charset=utf-8; action="${action}"` }

/**
 * The version a reply's media type announces, if it announces one.
 *
 * @since 0.1.0
 * @category parsing
 */
export const fromContentType = (contentType: string): SoapVersion | undefined => {
  const ct = contentType.toLowerCase()
  if (ct.startsWith("application/soap+xml")) return "1.2"
  if (ct.startsWith("text/xml")) return "1.1"
  return undefined
}
