/**
 * Wire types shared by several WebEx services: list paging, matching-record counts,
 * tracking codes and WebEx's `MM/DD/YYYY HH:MM:SS` timestamps.
 *
 * Requests are written unqualified, as WebEx's own samples are; replies arrive
 * qualified. Types used in both directions therefore take the namespace of their
 * child elements as a parameter, which keeps one description per type.
 *
 * @since 0.1.0
 */
import { XmlBinding, Xs } from "@sessionwire/protocol"
import { Schema } from "effect"
import { COM, SERV } from "./Namespaces.ts"

/**
 * `serv:lstMethodType`.
 *
 * @since 0.1.0
 */
export const ListMethod = Xs.Enum("serv:lstMethodType", "AND", "OR")

/**
 * `serv:lstOrderADType`.
 *
 * @since 0.1.0
 */
export const OrderAD = Xs.Enum("serv:lstOrderADType", "ASC", "DESC")

/**
 * `serv:lstControlType`: which slice of a list to return. `startFrom` counts from 1.
 * Both counts are `xs:integer` in the schema and bound as `xs:int` (a `number`): they are
 * record positions and page sizes, far below 2^31; a larger value is refused before sending.
 *
 * @since 0.1.0
 */
export const ListControl = XmlBinding.Struct(
  {
    startFrom: XmlBinding.Optional(Xs.Int),
    maximumNum: XmlBinding.Optional(Xs.Int),
    listMethod: XmlBinding.Optional(ListMethod)
  },
  { ns: "", typeName: { ns: SERV, local: "lstControlType" }, identifier: "ListControl" }
)

/**
 * @since 0.1.0
 */
export type ListControl = typeof ListControl.Type

/**
 * `serv:matchingRecordsType`: how many records matched, how many came back, and from where.
 * Counts are `xs:integer` in the schema; they are page sizes and totals, so they are bound as
 * `xs:int` (a `number`, which paging does arithmetic on). A count past 2^31 - 1 fails to decode
 * with an `XmlBindingError` rather than being rounded.
 *
 * @since 0.1.0
 */
export const MatchingRecords = XmlBinding.Struct(
  { total: Xs.Int, returned: Xs.Int, startFrom: Xs.Int },
  { ns: SERV, typeName: { ns: SERV, local: "matchingRecordsType" }, identifier: "MatchingRecords" }
)

/**
 * @since 0.1.0
 */
export type MatchingRecords = typeof MatchingRecords.Type

/**
 * One tracking code: at most 128 characters, checked before a request is written.
 *
 * @since 0.1.0
 */
export const TrackingCode = Schema.String.pipe(
  Schema.maxLength(128, { message: () => "Expected a tracking code of at most 128 characters" })
)

const trackingFields = {
  trackingCode1: XmlBinding.Optional(TrackingCode),
  trackingCode2: XmlBinding.Optional(TrackingCode),
  trackingCode3: XmlBinding.Optional(TrackingCode),
  trackingCode4: XmlBinding.Optional(TrackingCode),
  trackingCode5: XmlBinding.Optional(TrackingCode),
  trackingCode6: XmlBinding.Optional(TrackingCode),
  trackingCode7: XmlBinding.Optional(TrackingCode),
  trackingCode8: XmlBinding.Optional(TrackingCode),
  trackingCode9: XmlBinding.Optional(TrackingCode),
  trackingCode10: XmlBinding.Optional(TrackingCode)
}

const trackingType = (ns: string, identifier: string) =>
  XmlBinding.Struct(trackingFields, { ns, typeName: { ns: COM, local: "trackingType" }, identifier })

/**
 * `com:trackingType` as a request writes it (unqualified children).
 *
 * @since 0.1.0
 */
export const Tracking = trackingType("", "Tracking")

/**
 * `com:trackingType` as a reply carries it (`com:trackingCode1` …).
 *
 * @since 0.1.0
 */
export const TrackingReply = trackingType(COM, "TrackingReply")

/**
 * @since 0.1.0
 */
export type Tracking = typeof Tracking.Type

const WEBEX_TIME = /^(0[1-9]|1[0-2])\/(0[1-9]|[12]\d|3[01])\/(\d{4}) ([01]\d|2[0-3]):([0-5]\d):([0-5]\d)$/

/**
 * A WebEx timestamp, `MM/DD/YYYY HH:MM:SS`, as the history service takes it in date scopes.
 * It has no zone: WebEx reads it in the request's `timeZoneID`, or the user's time zone.
 *
 * @since 0.1.0
 */
export const WebExTime = Schema.String.pipe(
  Schema.filter((s) => WEBEX_TIME.test(s) && parseWebExTime(s) !== undefined, {
    message: () => "Expected a WebEx time, MM/DD/YYYY HH:MM:SS"
  })
).annotations({ identifier: "WebExTime" })

/**
 * The wall-clock reading of a WebEx time as epoch milliseconds (as if it were UTC), or
 * `undefined` for an impossible date such as `02/30/2024`. Differences between two such
 * readings are exact, which is all a date-range check needs.
 *
 * @since 0.1.0
 */
export const parseWebExTime = (s: string): number | undefined => {
  const m = WEBEX_TIME.exec(s)
  if (m === null) return undefined
  const [month, day, year, hh, mm, ss] = [m[1], m[2], m[3], m[4], m[5], m[6]].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number
  ]
  const t = Date.UTC(year, month - 1, day, hh, mm, ss)
  const d = new Date(t)
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day ? t : undefined
}

const two = (n: number): string => `${n}`.padStart(2, "0")

/**
 * Formats the UTC reading of a date as a WebEx time.
 *
 * @since 0.1.0
 */
export const formatWebExTime = (date: Date | number): string => {
  const d = new Date(date)
  return (
    `${two(d.getUTCMonth() + 1)}/${two(d.getUTCDate())}/${`${d.getUTCFullYear()}`.padStart(4, "0")} ` +
    `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`
  )
}
