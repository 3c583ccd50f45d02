/**
 * What can go wrong between sending a request and holding an XML reply.
 *
 * @since 0.1.0
 */
import { Data } from "effect"

/**
 * The request never got a complete reply: connection refused or reset, DNS,
 * TLS, or a body cut short. `retryable` says whether resending is safe in
 * principle; whether to resend is the operation's call (only idempotent ones are).
 *
 * @since 0.1.0
 * @category errors
 */
export class TransportError extends Data.TaggedError("TransportError")<{
  readonly reason: "Connect" | "Body" | "InvalidUrl" | "Unknown"
  readonly host: string
  readonly message: string
}> {}

/**
 * No reply within the configured time; the request was aborted.
 *
 * @since 0.1.0
 * @category errors
 */
export class RequestTimeout extends Data.TaggedError("RequestTimeout")<{
  readonly host: string
  readonly timeoutMillis: number
}> {
  override get message(): string {
    return `No reply from ${this.host} within ${this.timeoutMillis} ms`
  }
}

/**
 * The server replied, but not with XML this library can read: an HTML error page
 * from a proxy, an empty body, another media type, or an error status without a
 * SOAP Fault. `excerpt` is short and scrubbed of secrets.
 *
 * @since 0.1.0
 * @category errors
 */
export class UnexpectedResponse extends Data.TaggedError("UnexpectedResponse")<{
  readonly kind: "HtmlPage" | "EmptyBody" | "NotXml" | "HttpStatus"
  readonly status: number
  readonly contentType: string
  readonly excerpt: string
  /** Seconds, from a `Retry-After` header, when the server sent one. */
  readonly retryAfter?: number | undefined
}> {
  override get message(): string {
    return `Unexpected ${this.kind} reply (HTTP ${this.status}${this.contentType ? `, ${this.contentType}` : ""})${
      this.excerpt ? `: ${this.excerpt}` : ""
    }`
  }
}

/**
 * Every way an exchange can fail before the reply is read as XML.
 *
 * @since 0.1.0
 * @category models
 */
export type ExchangeError = TransportError | RequestTimeout | UnexpectedResponse
