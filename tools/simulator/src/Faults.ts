/**
 * Fault injection: rules that make a route or an operation misbehave the way
 * real deployments do (slow, reset, cut short, fronted by an HTML error page,
 * throttled, misdirected), described once as Schemas so the admin API, the
 * options and the in-process store all accept the same JSON.
 *
 * @since 0.1.0
 */
import { Either, ParseResult, Schema } from "effect"

/** Delays the reply; the request is still answered afterwards, unless another fault ends it. */
export const Latency = Schema.TaggedStruct("Latency", { millis: Schema.Int.pipe(Schema.between(0, 600_000)) })
/** Reads the request, then destroys the socket without a reply (ECONNRESET on the client). */
export const ConnectionReset = Schema.TaggedStruct("ConnectionReset", {})
/**
 * Sends the real reply's headers with its full `Content-Length`, then only part of the
 * body, then closes the connection: a reply cut short in transit.
 */
export const TruncatedBody = Schema.TaggedStruct("TruncatedBody", {
  /** Bytes of the body to send; default half of it. */
  keepBytes: Schema.optional(Schema.NonNegativeInt)
})
/** An HTML error page from a proxy or load balancer; default 502 Bad Gateway. */
export const HtmlError = Schema.TaggedStruct("HtmlError", {
  status: Schema.optional(Schema.Int.pipe(Schema.between(400, 599)))
})
/** 503 Service Unavailable with `Retry-After` (seconds, default 30), as IIS and Azure front doors send it. */
export const ServiceUnavailable = Schema.TaggedStruct("ServiceUnavailable", {
  retryAfter: Schema.optional(Schema.NonNegativeInt)
})
/**
 * 421 Misdirected Request: what SuperOffice Online answers on a bare `online`/`sod` host
 * instead of the tenant's numbered one. Also applied automatically from the Host header.
 */
export const MisdirectedRequest = Schema.TaggedStruct("MisdirectedRequest", {})
/**
 * Throttling. On the WebEx route a FAILURE with exceptionID 000045 inside HTTP 200, as
 * WebEx sends it, with `Retry-After` only when `retryAfter` is given; on the SOAP routes
 * HTTP 429 with `Retry-After` (seconds, default 60).
 */
export const RateLimited = Schema.TaggedStruct("RateLimited", {
  retryAfter: Schema.optional(Schema.NonNegativeInt)
})

export const Fault = Schema.Union(
  Latency,
  ConnectionReset,
  TruncatedBody,
  HtmlError,
  ServiceUnavailable,
  MisdirectedRequest,
  RateLimited
)
export type Fault = typeof Fault.Type

/** The three endpoints a rule can target. */
export const Route = Schema.Literal("CustomerService", "SoPrincipal", "XMLService")
export type Route = typeof Route.Type

/** A rule as given: which requests (all fields optional: absent matches everything) and what to do to them. */
export const FaultRuleInput = Schema.Struct({
  route: Schema.optional(Route),
  /** SuperOffice version, `86`, `87` or `88`; ignored for WebEx. */
  version: Schema.optional(Schema.Literal("86", "87", "88")),
  /** Operation name as on the wire: `CreateSession`, `AuthenticateUser`, … */
  operation: Schema.optional(Schema.String),
  fault: Fault,
  /** How many matching requests it applies to; absent means until cleared. */
  times: Schema.optional(Schema.Int.pipe(Schema.positive()))
})
export type FaultRuleInput = typeof FaultRuleInput.Type

export interface FaultRule extends FaultRuleInput {
  readonly id: string
}

/** What a request is, as far as matching goes. */
export interface Target {
  readonly route: Route
  readonly version?: string | undefined
  readonly operation?: string | undefined
}

/** The faults that apply to one request: total latency first, then at most one fault that ends it. */
export interface Applied {
  readonly latencyMillis: number
  readonly terminal?: Exclude<Fault, { readonly _tag: "Latency" }> | undefined
}

const decodeInputs = Schema.decodeUnknownEither(Schema.Union(FaultRuleInput, Schema.Array(FaultRuleInput)))

/** Parses JSON-shaped input (admin API, CLI flags) into rules; the message names the bad field, never echoes values. */
export const parseRules = (input: unknown): Either.Either<ReadonlyArray<FaultRuleInput>, string> =>
  Either.match(decodeInputs(input), {
    onLeft: (e) => Either.left(ParseResult.TreeFormatter.formatErrorSync(e)),
    onRight: (r) => Either.right(Array.isArray(r) ? (r as ReadonlyArray<FaultRuleInput>) : [r as FaultRuleInput])
  })

const matches = (rule: FaultRule, target: Target): boolean =>
  (rule.route === undefined || rule.route === target.route) &&
  (rule.version === undefined || target.route === "XMLService" || rule.version === target.version) &&
  (rule.operation === undefined || rule.operation === target.operation)

/**
 * The live set of rules. Mutable on purpose: tests and the admin API change it while
 * the server runs, and each request consults it once.
 */
export class FaultStore {
  private rules: Array<FaultRule & { remaining: number | undefined }> = []
  private nextId = 1

  constructor(initial: ReadonlyArray<FaultRuleInput> = []) {
    for (const r of initial) this.add(r)
  }

  /** Adds one rule and returns it with its id. */
  add(rule: FaultRuleInput): FaultRule {
    const stored = { ...rule, id: `f${this.nextId++}`, remaining: rule.times }
    this.rules.push(stored)
    return this.view(stored)
  }

  /** Replaces every rule. */
  set(...rules: ReadonlyArray<FaultRuleInput>): ReadonlyArray<FaultRule> {
    this.rules = []
    return rules.map((r) => this.add(r))
  }

  /** Removes one rule by id, or all of them. Returns how many were removed. */
  clear(id?: string): number {
    const before = this.rules.length
    this.rules = id === undefined ? [] : this.rules.filter((r) => r.id !== id)
    return before - this.rules.length
  }

  /** The rules still in force, `times` showing what is left. */
  list(): ReadonlyArray<FaultRule> {
    return this.rules.map((r) => this.view(r))
  }

  /** Consumes the rules matching one request. */
  take(target: Target): Applied {
    let latencyMillis = 0
    let terminal: Applied["terminal"]
    for (const rule of this.rules) {
      if (!matches(rule, target)) continue
      if (rule.fault._tag === "Latency") latencyMillis += rule.fault.millis
      else if (terminal === undefined) terminal = rule.fault
      else continue
      if (rule.remaining !== undefined) rule.remaining--
    }
    this.rules = this.rules.filter((r) => r.remaining === undefined || r.remaining > 0)
    return { latencyMillis, terminal }
  }

  private view(r: FaultRule & { remaining: number | undefined }): FaultRule {
    const { remaining, ...rest } = r
    return remaining === undefined ? rest : { ...rest, times: remaining }
  }
}
