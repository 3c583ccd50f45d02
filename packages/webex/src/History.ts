/**
 * The history service for Support Center: past support sessions and their attendees.
 *
 * WebEx keeps history for a limited time and refuses date ranges longer than 90 days,
 * so ranges are checked before sending, and the `list…` helpers default to the last 90
 * days when the caller names neither a range nor a session. Results are paged with
 * `listControl`; the `stream…` helpers page through all of them.
 *
 * @since 0.1.0
 */
import { XmlBinding, Xs } from "@sessionwire/protocol"
import { Chunk, Clock, Effect, Either, Option, Stream } from "effect"
import {
  formatWebExTime,
  ListControl,
  MatchingRecords,
  OrderAD,
  parseWebExTime,
  TrackingReply,
  WebExTime
} from "./Common.ts"
import { HISTORY } from "./Namespaces.ts"
import * as WebExClient from "./WebExClient.ts"
import { InvalidRequest, type WebExError } from "./WebExError.ts"
import * as WebExOperation from "./WebExOperation.ts"

const type = (local: string) => ({ ns: HISTORY, local })

/**
 * The longest date range the history service accepts.
 *
 * @since 0.1.0
 */
export const MAX_RANGE_DAYS = 90
const DAY = 86_400_000

/**
 * `history:startTimeValueType` / `startTimeScopeType`: sessions that started in a range.
 *
 * @since 0.1.0
 */
export const StartTimeScope = XmlBinding.Struct(
  { sessionStartTimeStart: WebExTime, sessionStartTimeEnd: WebExTime },
  { ns: "", typeName: type("startTimeScopeType"), identifier: "StartTimeScope" }
)

/**
 * `history:endTimeScopeType`: sessions that ended in a range.
 *
 * @since 0.1.0
 */
export const EndTimeScope = XmlBinding.Struct(
  { sessionEndTimeStart: WebExTime, sessionEndTimeEnd: WebExTime },
  { ns: "", typeName: type("endTimeScopeType"), identifier: "EndTimeScope" }
)

/**
 * `history:orderScHisByType`.
 *
 * @since 0.1.0
 */
export const OrderSessionsBy = Xs.Enum("history:orderScHisByType", "CONFID", "SESSIONSTARTTIME", "CONFNAME")

/**
 * `history:orderScAttenHisByType`.
 *
 * @since 0.1.0
 */
export const OrderAttendeesBy = Xs.Enum(
  "history:orderScAttenHisByType",
  "ATTENDEENAME",
  "STARTTIME",
  "SESSIONKEY",
  "CONFID"
)

/**
 * `history:orderScHisType`: up to three sort keys and directions. An empty list is
 * written as no element, so it reads back as absent.
 *
 * @since 0.1.0
 */
export const SessionOrder = XmlBinding.Struct(
  {
    orderBy: XmlBinding.Optional(XmlBinding.Repeated(OrderSessionsBy)),
    orderAD: XmlBinding.Optional(XmlBinding.Repeated(OrderAD))
  },
  { ns: "", typeName: type("orderScHisType"), identifier: "SessionOrder" }
)

/**
 * `history:orderScAttenHisType`.
 *
 * @since 0.1.0
 */
export const AttendeeOrder = XmlBinding.Struct(
  {
    orderBy: XmlBinding.Optional(XmlBinding.Repeated(OrderAttendeesBy)),
    orderAD: XmlBinding.Optional(XmlBinding.Repeated(OrderAD))
  },
  { ns: "", typeName: type("orderScAttenHisType"), identifier: "AttendeeOrder" }
)

/**
 * `history:lstsupportsessionHistory`. Site admins see every host's sessions (or one
 * host's, with `hostWebExID`); hosts see their own.
 *
 * @since 0.1.0
 */
export const LstsupportsessionHistory = XmlBinding.Struct(
  {
    sessionKey: XmlBinding.Optional(Xs.Long),
    hostWebExID: XmlBinding.Optional(Xs.String),
    startTimeScope: XmlBinding.Optional(StartTimeScope),
    listControl: XmlBinding.Optional(ListControl),
    order: XmlBinding.Optional(SessionOrder),
    endTimeScope: XmlBinding.Optional(EndTimeScope),
    confID: XmlBinding.Optional(Xs.Long),
    timeZoneID: XmlBinding.Optional(Xs.Int)
  },
  { ns: "", typeName: type("lstsupportsessionHistory"), identifier: "LstsupportsessionHistory" }
)

/**
 * @since 0.1.0
 */
export type LstsupportsessionHistory = typeof LstsupportsessionHistory.Type

/**
 * `history:supportSessionHistoryInstanceType`: one past support session.
 *
 * @since 0.1.0
 */
export const SupportSessionHistory = XmlBinding.Struct(
  {
    sessionKey: XmlBinding.Optional(Xs.Long),
    confName: XmlBinding.Optional(Xs.String),
    sessionStartTime: XmlBinding.Optional(Xs.String),
    sessionEndTime: XmlBinding.Optional(Xs.String),
    duration: XmlBinding.Optional(Xs.Int),
    timezone: XmlBinding.Optional(Xs.Long),
    meetingType: XmlBinding.Optional(Xs.String),
    hostWebExID: XmlBinding.Optional(Xs.String),
    hostName: XmlBinding.Optional(Xs.String),
    hostEmail: XmlBinding.Optional(Xs.String),
    totalPeopleMinutes: XmlBinding.Optional(Xs.Int),
    confID: XmlBinding.Optional(Xs.Long),
    peakAttendee: XmlBinding.Optional(Xs.Long),
    trackingCode: XmlBinding.Optional(TrackingReply)
  },
  { ns: HISTORY, typeName: type("supportSessionHistoryInstanceType"), identifier: "SupportSessionHistory" }
)

/**
 * @since 0.1.0
 */
export type SupportSessionHistory = typeof SupportSessionHistory.Type

/**
 * `history:lstsupportsessionHistoryResponse`.
 *
 * @since 0.1.0
 */
export const LstsupportsessionHistoryResponse = XmlBinding.Struct(
  {
    supportSessionHistory: XmlBinding.Repeated(SupportSessionHistory),
    matchingRecords: XmlBinding.Optional(MatchingRecords)
  },
  { ns: HISTORY, typeName: type("lstsupportsessionHistoryResponse"), identifier: "LstsupportsessionHistoryResponse" }
)

/**
 * @since 0.1.0
 */
export type LstsupportsessionHistoryResponse = typeof LstsupportsessionHistoryResponse.Type

/**
 * `history:lstsupportattendeeHistory`.
 *
 * @since 0.1.0
 */
export const LstsupportattendeeHistory = XmlBinding.Struct(
  {
    sessionKey: XmlBinding.Optional(Xs.Long),
    listControl: XmlBinding.Optional(ListControl),
    order: XmlBinding.Optional(AttendeeOrder),
    startTimeScope: XmlBinding.Optional(StartTimeScope),
    endTimeScope: XmlBinding.Optional(EndTimeScope),
    confID: XmlBinding.Optional(Xs.Long)
  },
  { ns: "", typeName: type("lstsupportattendeeHistory"), identifier: "LstsupportattendeeHistory" }
)

/**
 * @since 0.1.0
 */
export type LstsupportattendeeHistory = typeof LstsupportattendeeHistory.Type

/**
 * `history:participantTypeType`.
 *
 * @since 0.1.0
 */
export const ParticipantType = Xs.Enum("history:participantTypeType", "HOST", "ATTENDEE", "OTHER")

/**
 * `history:supportAttendeeHistoryInstanceType`: one attendee of a past support session.
 *
 * @since 0.1.0
 */
export const SupportAttendeeHistory = XmlBinding.Struct(
  {
    sessionKey: XmlBinding.Optional(Xs.Long),
    attendeeName: XmlBinding.Optional(Xs.String),
    attendeeEmail: XmlBinding.Optional(Xs.String),
    startTime: XmlBinding.Optional(Xs.String),
    endTime: XmlBinding.Optional(Xs.String),
    duration: XmlBinding.Optional(Xs.Int),
    company: XmlBinding.Optional(Xs.String),
    phone: XmlBinding.Optional(Xs.String),
    ipAddress: XmlBinding.Optional(Xs.String),
    participantType: XmlBinding.Optional(ParticipantType),
    clientAgent: XmlBinding.Optional(Xs.String),
    confID: XmlBinding.Optional(Xs.Long)
  },
  { ns: HISTORY, typeName: type("supportAttendeeHistoryInstanceType"), identifier: "SupportAttendeeHistory" }
)

/**
 * @since 0.1.0
 */
export type SupportAttendeeHistory = typeof SupportAttendeeHistory.Type

/**
 * `history:lstsupportattendeeHistoryResponse`.
 *
 * @since 0.1.0
 */
export const LstsupportattendeeHistoryResponse = XmlBinding.Struct(
  {
    supportAttendeeHistory: XmlBinding.Repeated(SupportAttendeeHistory),
    matchingRecords: XmlBinding.Optional(MatchingRecords)
  },
  {
    ns: HISTORY,
    typeName: type("lstsupportattendeeHistoryResponse"),
    identifier: "LstsupportattendeeHistoryResponse"
  }
)

/**
 * @since 0.1.0
 */
export type LstsupportattendeeHistoryResponse = typeof LstsupportattendeeHistoryResponse.Type

interface Scoped {
  readonly startTimeScope?: { readonly sessionStartTimeStart: string; readonly sessionStartTimeEnd: string }
  readonly endTimeScope?: { readonly sessionEndTimeStart: string; readonly sessionEndTimeEnd: string }
  readonly listControl?: ListControl
  readonly order?: { readonly orderBy?: ReadonlyArray<unknown>; readonly orderAD?: ReadonlyArray<unknown> }
}

/** Why a range is refused, or `undefined`; unparsable times are left to the schema's message. */
const rangeProblem = (name: string, start: string, end: string): string | undefined => {
  const s = parseWebExTime(start)
  const e = parseWebExTime(end)
  if (s === undefined || e === undefined) return undefined
  if (e < s) return `${name} ends before it starts`
  if (e - s > MAX_RANGE_DAYS * DAY) return `${name} spans more than ${MAX_RANGE_DAYS} days`
  return undefined
}

/**
 * Checks what the history service would refuse: date ranges longer than 90 days or
 * ending before they start, more than three sort keys, and paging that does not count from 1.
 *
 * @since 0.1.0
 */
export const validate = <I extends Scoped>(operation: string, input: I): Either.Either<I, InvalidRequest> => {
  const fail = (reason: string) => Either.left(new InvalidRequest({ operation, reason }))
  const start = input.startTimeScope
  const startProblem = start && rangeProblem("startTimeScope", start.sessionStartTimeStart, start.sessionStartTimeEnd)
  if (startProblem) return fail(startProblem)
  const end = input.endTimeScope
  const endProblem = end && rangeProblem("endTimeScope", end.sessionEndTimeStart, end.sessionEndTimeEnd)
  if (endProblem) return fail(endProblem)
  if ((input.order?.orderBy?.length ?? 0) > 3 || (input.order?.orderAD?.length ?? 0) > 3) {
    return fail("order takes at most three orderBy and three orderAD")
  }
  const lc = input.listControl
  if (lc?.startFrom !== undefined && lc.startFrom < 1) return fail("listControl.startFrom counts from 1")
  if (lc?.maximumNum !== undefined && lc.maximumNum < 1) return fail("listControl.maximumNum must be at least 1")
  return Either.right(input)
}

/**
 * The last `days` days up to `now`, as a start-time scope in UTC wall-clock time.
 *
 * @since 0.1.0
 */
export const lastDays = (
  now: Date | number,
  days: number = MAX_RANGE_DAYS
): { readonly sessionStartTimeStart: string; readonly sessionStartTimeEnd: string } => {
  const end = typeof now === "number" ? now : now.getTime()
  return {
    sessionStartTimeStart: formatWebExTime(end - Math.min(days, MAX_RANGE_DAYS) * DAY),
    sessionStartTimeEnd: formatWebExTime(end)
  }
}

/**
 * `LstsupportsessionHistory`. Read-only; `000015` is an empty list.
 *
 * @since 0.1.0
 */
export const lstsupportsessionHistory: WebExOperation.WebExOperation<
  LstsupportsessionHistory,
  LstsupportsessionHistoryResponse
> = WebExOperation.make({
  name: "LstsupportsessionHistory",
  bindingPackage: "history",
  request: { schema: LstsupportsessionHistory },
  response: { type: type("lstsupportsessionHistoryResponse"), schema: LstsupportsessionHistoryResponse },
  requirement: "credential",
  readOnly: true,
  prepare: (input, securityContext) =>
    Either.map(validate("LstsupportsessionHistory", input), (i) => ({ input: i, securityContext })),
  noRecords: (input): LstsupportsessionHistoryResponse => ({
    supportSessionHistory: [],
    matchingRecords: { total: 0, returned: 0, startFrom: input.listControl?.startFrom ?? 1 }
  })
})

/**
 * `LstsupportattendeeHistory`. Read-only; `000015` is an empty list.
 *
 * @since 0.1.0
 */
export const lstsupportattendeeHistory: WebExOperation.WebExOperation<
  LstsupportattendeeHistory,
  LstsupportattendeeHistoryResponse
> = WebExOperation.make({
  name: "LstsupportattendeeHistory",
  bindingPackage: "history",
  request: { schema: LstsupportattendeeHistory },
  response: { type: type("lstsupportattendeeHistoryResponse"), schema: LstsupportattendeeHistoryResponse },
  requirement: "credential",
  readOnly: true,
  prepare: (input, securityContext) =>
    Either.map(validate("LstsupportattendeeHistory", input), (i) => ({ input: i, securityContext })),
  noRecords: (input): LstsupportattendeeHistoryResponse => ({
    supportAttendeeHistory: [],
    matchingRecords: { total: 0, returned: 0, startFrom: input.listControl?.startFrom ?? 1 }
  })
})

/** Without a range or a session to narrow it, ask for the last 90 days rather than let the server refuse. */
const withDefaultRange = <
  I extends Scoped & { readonly sessionKey?: bigint | undefined; readonly confID?: bigint | undefined }
>(
  input: I
): Effect.Effect<I> =>
  input.startTimeScope !== undefined ||
  input.endTimeScope !== undefined ||
  input.sessionKey !== undefined ||
  input.confID !== undefined
    ? Effect.succeed(input)
    : Effect.map(Clock.currentTimeMillis, (now) => ({ ...input, startTimeScope: lastDays(now) }))

/**
 * One page of support sessions with the client in context; the last 90 days unless a
 * range, a session key or a conference ID is given.
 *
 * @since 0.1.0
 */
export const listSupportSessions = (
  input: LstsupportsessionHistory = {}
): Effect.Effect<LstsupportsessionHistoryResponse, WebExError, WebExClient.WebExClient> =>
  Effect.flatMap(withDefaultRange(input), (i) => WebExClient.call(lstsupportsessionHistory, i))

/**
 * One page of support-session attendees with the client in context; ranges default as
 * for {@link listSupportSessions}.
 *
 * @since 0.1.0
 */
export const listSupportAttendees = (
  input: LstsupportattendeeHistory = {}
): Effect.Effect<LstsupportattendeeHistoryResponse, WebExError, WebExClient.WebExClient> =>
  Effect.flatMap(withDefaultRange(input), (i) => WebExClient.call(lstsupportattendeeHistory, i))

/**
 * @since 0.1.0
 */
export interface PageOptions {
  /** Records per request (`listControl/maximumNum`); default 100. */
  readonly pageSize?: number | undefined
}

/**
 * Pages through a list operation: asks from `startFrom` = 1, then from just past what the
 * last page returned, until `matchingRecords.total` is reached or a page comes back empty.
 */
const paged = <I extends Scoped, O extends { readonly matchingRecords?: MatchingRecords | undefined }, A>(
  fetch: (input: I) => Effect.Effect<O, WebExError, WebExClient.WebExClient>,
  items: (o: O) => ReadonlyArray<A>,
  input: I,
  options: PageOptions
): Stream.Stream<A, WebExError, WebExClient.WebExClient> => {
  const pageSize = Math.max(1, Math.floor(options.pageSize ?? 100))
  const listMethod = input.listControl?.listMethod
  const first = input.listControl?.startFrom ?? 1
  return Stream.paginateChunkEffect(first, (startFrom) =>
    Effect.map(
      fetch({
        ...input,
        listControl: { startFrom, maximumNum: pageSize, ...(listMethod === undefined ? {} : { listMethod }) }
      }),
      (page): readonly [Chunk.Chunk<A>, Option.Option<number>] => {
        const got = items(page)
        const mr = page.matchingRecords
        const returned = mr?.returned ?? got.length
        const next = (mr?.startFrom ?? startFrom) + returned
        const more = got.length > 0 && returned > 0 && (mr === undefined ? got.length >= pageSize : next <= mr.total)
        return [Chunk.fromIterable(got), more ? Option.some(next) : Option.none()]
      }
    )
  )
}

/**
 * Every support session matching `input`, paging as needed. The default date range
 * (last 90 days) is fixed once, so every page asks the same question.
 *
 * @since 0.1.0
 */
export const streamSupportSessions = (
  input: LstsupportsessionHistory = {},
  options: PageOptions = {}
): Stream.Stream<SupportSessionHistory, WebExError, WebExClient.WebExClient> =>
  Stream.unwrap(
    Effect.map(withDefaultRange(input), (i) =>
      paged(
        (p: LstsupportsessionHistory) => WebExClient.call(lstsupportsessionHistory, p),
        (o) => o.supportSessionHistory,
        i,
        options
      )
    )
  )

/**
 * Every support-session attendee matching `input`, paging as needed.
 *
 * @since 0.1.0
 */
export const streamSupportAttendees = (
  input: LstsupportattendeeHistory = {},
  options: PageOptions = {}
): Stream.Stream<SupportAttendeeHistory, WebExError, WebExClient.WebExClient> =>
  Stream.unwrap(
    Effect.map(withDefaultRange(input), (i) =>
      paged(
        (p: LstsupportattendeeHistory) => WebExClient.call(lstsupportattendeeHistory, p),
        (o) => o.supportAttendeeHistory,
        i,
        options
      )
    )
  )
