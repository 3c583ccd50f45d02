/**
 * One exit code per error class, so scripts can branch on what went wrong without
 * parsing output. The table is documented in the README; keep them in step.
 *
 * @since 0.1.0
 */

/** `_tag` → exit code. Several tags of one class share a code. */
export const table: ReadonlyArray<{
  readonly code: number
  readonly tags: ReadonlyArray<string>
  readonly meaning: string
}> = [
  { code: 2, tags: ["UsageError"], meaning: "the command line could not be parsed (unknown command, bad flag)" },
  {
    code: 3,
    tags: [
      "InvalidInput",
      "MissingSecret",
      "InvalidConfig",
      "InvalidSecurityContext",
      "InvalidEndpoint",
      "InvalidRequest"
    ],
    meaning: "refused before sending: bad input, configuration or security context, or a secret that is not set"
  },
  {
    code: 4,
    tags: ["InvalidCredentials"],
    meaning: "the server rejected the credentials (ticket, token, password, application token)"
  },
  { code: 5, tags: ["UserNotFound"], meaning: "WebEx: no such user (030001)" },
  { code: 6, tags: ["AccessDenied"], meaning: "WebEx: the user lacks the privilege (000001)" },
  { code: 7, tags: ["MisdirectedTenant"], meaning: "SuperOffice: HTTP 421, use the tenant's numbered host" },
  { code: 8, tags: ["RateLimited"], meaning: "throttled (WebEx 000045)" },
  { code: 9, tags: ["ServiceUnavailable"], meaning: "WebEx back end not responding (000035)" },
  { code: 10, tags: ["SuperOfficeError"], meaning: "SuperOffice reported a failure (Succeeded=false, ExceptionInfo)" },
  { code: 11, tags: ["WebExFailure"], meaning: "WebEx reported another FAILURE" },
  { code: 12, tags: ["MalformedRequest"], meaning: "WebEx could not read the request (000000)" },
  { code: 13, tags: ["SoapFault"], meaning: "a SOAP Fault" },
  {
    code: 14,
    tags: ["TransportError"],
    meaning: "no complete reply: connection refused or reset, DNS, TLS, body cut short"
  },
  { code: 15, tags: ["RequestTimeout"], meaning: "no reply within the timeout" },
  {
    code: 16,
    tags: ["UnexpectedResponse"],
    meaning: "a reply that is not XML: HTML error page, empty body, error status"
  },
  {
    code: 17,
    tags: [
      "XmlSyntaxError",
      "XmlForbiddenConstruct",
      "XmlLimitExceeded",
      "XmlEncodingError",
      "XmlWriteError",
      "XmlBindingError",
      "SoapEnvelopeError",
      "SoapVersionMismatch",
      "MissingBodyElement",
      "WebExMessageError"
    ],
    meaning: "a reply (or capture) that could not be read or decoded"
  },
  {
    code: 18,
    tags: ["SessionExpired", "SessionNotCreated"],
    meaning: "SuperOffice: the CS session could not be created or has expired"
  },
  { code: 19, tags: ["DemoFailed"], meaning: "a demo step gave the wrong outcome" }
]

export const SUCCESS = 0
/** A defect or an error without a known tag. */
export const UNEXPECTED = 1
/** Interrupted (Ctrl-C), as shells report SIGINT. */
export const INTERRUPTED = 130

const byTag = new Map<string, number>(table.flatMap((row) => row.tags.map((t) => [t, row.code] as const)))

export const of = (error: unknown): number => {
  const tag = typeof error === "object" && error !== null ? (error as { _tag?: unknown })._tag : undefined
  return (typeof tag === "string" && byTag.get(tag)) || UNEXPECTED
}
