/**
 * The fixed facts the scenarios and the servers they talk to agree on: the accounts
 * the simulator is started with, and what the fixture peer serves where. Both sides
 * import these, so a scenario never guesses.
 *
 * The credentials are distinctive strings so the secret scenarios can search for them
 * in every error; they protect nothing.
 *
 * @since 0.1.0
 */

/** @since 0.1.0 */
export const superoffice = {
  username: "conformance.user",
  password: "so-password-c0nf0rmance-7f3a",
  associateId: 7,
  applicationToken: "so-app-token-c0nf0rmance-91be",
  accessToken: "8A:so-access-token-c0nf0rmance-55d2",
  /** The tenant path the scenarios use as the base URL: `${simulatorUrl}${tenantPath}`. */
  tenantPath: "/Cust54321"
} as const

/** @since 0.1.0 */
export const webex = {
  siteName: "conformance",
  webExID: "csr.conformance",
  email: "csr.conformance@example.com",
  password: "webex-password-c0nf0rmance-0b7e",
  accessToken: "webex-access-token-c0nf0rmance-3c19",
  /** Support sessions the simulator seeds into the user's history. */
  seededHistory: 23
} as const

/** Every credential above: none may appear in any error a scenario sees. @since 0.1.0 */
export const secrets: ReadonlyArray<string> = [
  superoffice.password,
  superoffice.applicationToken,
  superoffice.accessToken,
  webex.password,
  webex.accessToken
]

/**
 * What the fixture peer serves. SuperOffice paths are tenant base URLs (the client
 * appends `/Remote/Services88/CustomerService.svc`); WebEx paths are full endpoints.
 *
 * @since 0.1.0
 */
export const peer = {
  /** A FindTicketsByTitleOrId reply of {@link bigArray} items, over 10 MB. */
  big: "/big",
  /** A reply declaring a DOCTYPE with nested entities (billion laughs). */
  doctype: "/doctype",
  /** A reply nested {@link depthBomb} elements deep inside the Body. */
  depth: "/depth",
  /** The same depth bomb on the WebEx route. */
  depthWebEx: "/depth/WBXService/XMLService",
  /** An HTML 500 page that echoes the request, headers and body, back. */
  echoHtml: "/echo-html",
  /** A SOAP Fault whose faultstring and detail quote the request's ticket and application token. */
  echoFault: "/echo-fault",
  /** A WebEx FAILURE whose reason quotes the request's password. */
  echoWebEx: "/echo/WBXService/XMLService",
  /** A SOAP Fault whose faultstring and detail quote the request's CsSessionKey, raw and as numeric entities. */
  echoKeyFault: "/echo-key-fault",
  /**
   * `/echo-password/<form>/…`: an HTML 500 page quoting the request's SoPrincipal password in
   * one of {@link passwordForms}.
   */
  echoPassword: "/echo-password",
  /** An HTML 500 page whose visible text starts with the request's ticket, straddling byte {@link straddleAt}. */
  straddle: "/straddle",
  /** A SOAP Fault whose faultstring is {@link hugeReason} characters long. */
  hugeFault: "/huge-fault",
  /** A WebEx CreateSupportSession SUCCESS that carries no `sessionKey`. */
  noSessionKey: "/no-session-key/WBXService/XMLService",
  /** `/hang/<id>/…`: reads the request and never answers; the peer records whether the client aborted. */
  hang: "/hang",
  /** `/stall/<id>/…`: reads the request, sends the headers of a 1 KB XML reply, then nothing; recorded like `hang`. */
  stall: "/stall",
  /** `/slow/<id>/…`: a valid SessionIsValid reply at one byte a second; recorded like `hang`. */
  slow: "/slow",
  /** `/valid/…`: a valid SessionIsValid reply (`true`) at once, to show the pool still serves. */
  valid: "/valid",
  /** `GET /__peer/requests/<id>`: `{ received, aborted }` for a hanging, stalled or slow request. */
  requests: "/__peer/requests"
} as const

/**
 * The encodings the echo-password page can quote a password in.
 *
 * @since 0.2.0
 */
export const passwordForms = ["xml", "html-named", "html-decimal", "html-hex", "url", "base64"] as const

/** @since 0.2.0 */
export type PasswordForm = (typeof passwordForms)[number]

/**
 * A password as the echo-password page writes it, so a scenario knows what to look for.
 *
 * @since 0.2.0
 */
export const encodePassword = (password: string, form: PasswordForm): string => {
  switch (form) {
    case "xml":
      return password
        .replace(/&/g, "&amp;")
        .replace(/</g, "&lt;")
        .replace(/>/g, "&gt;")
        .replace(/"/g, "&quot;")
        .replace(/'/g, "&apos;")
    case "html-named":
      return password
        .replace(/&/g, "&amp;")
        .replace(/</g, "&lt;")
        .replace(/>/g, "&gt;")
        .replace(/"/g, "&quot;")
        .replace(/'/g, "&#39;")
    case "html-decimal":
      return [...password].map((c) => `&#${c.codePointAt(0)};`).join("")
    case "html-hex":
      return [...password].map((c) => `&#x${c.codePointAt(0)!.toString(16)};`).join("")
    case "url":
      return encodeURIComponent(password)
    case "base64": {
      let binary = ""
      for (const b of new TextEncoder().encode(`${superoffice.username}:${password}`)) binary += String.fromCharCode(b)
      return btoa(binary)
    }
  }
}

/** The byte of the straddle page at which the echoed ticket starts: it runs past 4,096. @since 0.2.0 */
export const straddleAt = 4090

/** Characters of the huge Fault's reason: 10 MiB. @since 0.2.0 */
export const hugeReason = 10 * 1024 * 1024

/** @since 0.1.0 */
export const bigArray = {
  items: 24_000,
  /** Characters of each item's Title, which carries its index so a scenario can spot-check order. */
  titleLength: 300,
  minBytes: 10 * 1024 * 1024
} as const

/** Nesting of the depth bomb: far beyond the reader's `maxDepth`. @since 0.1.0 */
export const depthBomb = 50_000

/** The title of item `i` of the big array. @since 0.1.0 */
export const bigTitle = (i: number): string => {
  const head = `Ticket #${i} `
  return head + "x".repeat(bigArray.titleLength - head.length)
}
