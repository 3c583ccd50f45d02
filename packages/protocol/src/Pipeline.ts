/**
 * The one call pipeline every operation of every dialect runs through:
 *
 * ```text
 * encode ──► exchange ──► classify ──► decode headers ──► decode body
 *   │           │             │               │                 │
 *   │      HttpClient    status, media    Fault, vendor      typed value
 *   │      (one attempt  type, HTML,      headers (SOAP
 *   │       deadline)    empty body       Succeeded, WebEx
 *   │                                     result=FAILURE)
 *   └─ once per call; the rest once per attempt, retried only when the plan says so,
 *      all attempts and backoffs inside one deadline, inside one span.
 * ```
 *
 * A dialect (SOAP in `Operation`, the WebEx message in the webex package) supplies
 * `encode` and `interpret`; a vendor policy supplies error mapping, retry and the
 * span. Nothing here knows a vendor.
 *
 * @since 0.2.0
 */
import type { HttpClient } from "@effect/platform"
import type { Either } from "effect"
import type * as Duration from "effect/Duration"
import type * as Option from "effect/Option"
import type * as Excerpt from "./Excerpt.ts"
import type { RawResponse } from "./Exchange.ts"
import type { ExchangeError } from "./ExchangeError.ts"
import * as internal from "./internal/pipeline.ts"
import type { XmlLimitExceeded } from "./XmlError.ts"
import type { XmlLimits } from "./XmlReader.ts"

/**
 * The request a call sends: built once, before the first attempt.
 *
 * @since 0.2.0
 * @category models
 */
export interface Request {
  readonly url: string
  readonly body: string
  /** Lower-case header names; `content-type` is required. */
  readonly headers: Readonly<Record<string, string>>
}

/**
 * Everything one call needs. Build the parts that do not depend on the input once
 * (per operation and target) and share them: the pipeline allocates per call only
 * what the call itself needs.
 *
 * @since 0.2.0
 * @category models
 */
export interface Plan<A, E> {
  /** Span name, e.g. `SuperOffice.Services88.CreateSession`. */
  readonly span: string
  /** Span attributes: the host, the operation; never a header value, input or output. */
  readonly attributes: Readonly<Record<string, unknown>>
  /** Attributes that describe a failure (a vendor's error code), put on the span; never a secret. */
  readonly errorAttributes?: ((error: E) => Readonly<Record<string, unknown>> | undefined) | undefined
  /** Stage 1: the request, or why it cannot be sent. Runs once per call. */
  readonly encode: () => Either.Either<Request, E>
  /** Stages 3–5: the checked reply, classified and decoded. Runs once per attempt. */
  readonly interpret: (response: RawResponse, limits: XmlLimits) => Either.Either<A, E>
  /** How an exchange failure reads in this vendor's terms (HTTP 421, 401, …). */
  readonly exchangeError: (error: ExchangeError | XmlLimitExceeded) => E
  /**
   * Scrubbed from every excerpt and message, and from every text of the error the call
   * fails with (which is also capped): the configured secrets and those the input carries.
   */
  readonly secrets: ReadonlyArray<Excerpt.Secret>
  /** Each attempt, from sending to the last byte of the reply. */
  readonly timeout?: Duration.DurationInput | undefined
  /** The whole call: every attempt and every backoff. */
  readonly deadline?: Duration.DurationInput | undefined
  /** Present only for operations that are safe to resend. */
  readonly retry?: Retry<E> | undefined
  /** Overrides some reader limits for this call; the rest come from `XmlReaderLimits`. */
  readonly limits?: Partial<XmlLimits> | undefined
}

/**
 * When to resend: the pause before attempt `attempt + 1` after `error`, or none to give
 * up. A pause that would end past the call's deadline is not taken; the call fails
 * with the error it has.
 *
 * @since 0.2.0
 * @category models
 */
export interface Retry<E> {
  readonly delay: (error: E, attempt: number) => Option.Option<Duration.Duration>
}

/**
 * Runs a plan: one span, one deadline, the request encoded once, each attempt
 * exchanged and interpreted, resent only as `retry` allows.
 *
 * @since 0.2.0
 * @category running
 */
export const run: <A, E>(plan: Plan<A, E>) => import("effect/Effect").Effect<A, E, HttpClient.HttpClient> = internal.run
