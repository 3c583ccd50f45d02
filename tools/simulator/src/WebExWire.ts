/**
 * The server side of the WebEx `serv:message` dialect: the request bodies the simulator
 * accepts and the response bodies it writes, each described once with the protocol
 * binding (from the 2011 XSDs in `xsd/webex`, plus the fields newer servers added).
 *
 * Written independently of `@sessionwire/webex` on purpose: the simulator is a second
 * reading of the same schemas, so a client bug does not hide behind a shared mistake.
 *
 * @since 0.1.0
 */
import { XmlBinding, XmlNode, Xs } from "@sessionwire/protocol"

const { Struct, Optional, Repeated } = XmlBinding

export const SERV = "http://www.webex.com/schemas/2002/06/service"
export const COM = "http://www.webex.com/schemas/2002/06/common"
export const SC = "http://www.webex.com/schemas/2002/06/service/supportsession"
export const ATT = "http://www.webex.com/schemas/2002/06/service/attendee"
export const HISTORY = "http://www.webex.com/schemas/2002/06/service/history"
export const EP = "http://www.webex.com/schemas/2002/06/service/ep"
export const USE = "http://www.webex.com/schemas/2002/06/service/user"

/** The prefixes WebEx writes, so simulated replies read like captured ones. */
export const prefixes: Readonly<Record<string, string>> = {
  [SERV]: "serv",
  [COM]: "com",
  [SC]: "sc",
  [ATT]: "att",
  [HISTORY]: "history",
  [EP]: "ep",
  [USE]: "use",
  [XmlNode.XSI_NS]: "xsi"
}

// Requests: senders write the children unqualified (the docs samples do), so they are
// described without a namespace, which the binding matches against any.
const U = { ns: "" }

/** `com:securityType` plus the newer `webExAccessToken`. */
export const SecurityContext = Struct(
  {
    webExID: Optional(Xs.String),
    password: Optional(Xs.String),
    siteID: Optional(Xs.String),
    siteName: Optional(Xs.String),
    partnerID: Optional(Xs.String),
    email: Optional(Xs.String),
    sessionTicket: Optional(Xs.String),
    webExAccessToken: Optional(Xs.String)
  },
  U
)
export type SecurityContext = typeof SecurityContext.Type

export const Tracking = Struct(
  {
    trackingCode1: Optional(Xs.String),
    trackingCode2: Optional(Xs.String),
    trackingCode3: Optional(Xs.String),
    trackingCode4: Optional(Xs.String),
    trackingCode5: Optional(Xs.String),
    trackingCode6: Optional(Xs.String),
    trackingCode7: Optional(Xs.String),
    trackingCode8: Optional(Xs.String),
    trackingCode9: Optional(Xs.String),
    trackingCode10: Optional(Xs.String)
  },
  U
)
export type Tracking = typeof Tracking.Type

export const CreateSupportSession = Struct(
  {
    metaData: Optional(Struct({ sessionType: Optional(Xs.Integer) }, U)),
    tracking: Optional(Tracking)
  },
  U
)

export const GetFeedbackInfo = Struct({ confID: Xs.Long }, U)

const ListControl = Struct(
  {
    startFrom: Optional(Xs.Integer),
    maximumNum: Optional(Xs.Integer),
    listMethod: Optional(Xs.String)
  },
  U
)
const StartTimeScope = Struct({ sessionStartTimeStart: Xs.String, sessionStartTimeEnd: Xs.String }, U)
const EndTimeScope = Struct({ sessionEndTimeStart: Xs.String, sessionEndTimeEnd: Xs.String }, U)
const Order = Struct({ orderBy: Repeated(Xs.String), orderAD: Repeated(Xs.String) }, U)

export const LstsupportsessionHistory = Struct(
  {
    sessionKey: Optional(Xs.Long),
    hostWebExID: Optional(Xs.String),
    startTimeScope: Optional(StartTimeScope),
    listControl: Optional(ListControl),
    order: Optional(Order),
    endTimeScope: Optional(EndTimeScope),
    confID: Optional(Xs.Long),
    timeZoneID: Optional(Xs.Int)
  },
  U
)
export type LstsupportsessionHistory = typeof LstsupportsessionHistory.Type

export const LstsupportattendeeHistory = Struct(
  {
    sessionKey: Optional(Xs.Long),
    listControl: Optional(ListControl),
    order: Optional(Order),
    startTimeScope: Optional(StartTimeScope),
    endTimeScope: Optional(EndTimeScope),
    confID: Optional(Xs.Long)
  },
  U
)
export type LstsupportattendeeHistory = typeof LstsupportattendeeHistory.Type

/** Either an OAuth access token in the body, or nothing (the password is in the security context). */
export const AuthenticateUser = Struct({ samlResponse: Optional(Xs.String), accessToken: Optional(Xs.String) }, U)

export const GetAPIVersion = Struct({}, U)

// Responses: qualified, each in its service's namespace, as WebEx writes them.

/** `serv:responseType`. */
export const Response = Struct(
  {
    result: Xs.String,
    reason: Optional(Xs.String),
    gsbStatus: Optional(Xs.String),
    exceptionID: Optional(Xs.String),
    value: Optional(Xs.String)
  },
  { ns: SERV }
)
export type Response = typeof Response.Type

/** `serv:matchingRecordsType`: its children are in `serv` whatever the parent's namespace. */
const MatchingRecords = Struct({ total: Xs.Integer, returned: Xs.Integer, startFrom: Xs.Integer }, { ns: SERV })
export type MatchingRecords = typeof MatchingRecords.Type

export const CreateSupportSessionResponse = Struct({ sessionKey: Optional(Xs.Long) }, { ns: SC })

const HistoryTracking = Struct(
  {
    trackingCode1: Optional(Xs.String),
    trackingCode2: Optional(Xs.String),
    trackingCode3: Optional(Xs.String),
    trackingCode4: Optional(Xs.String),
    trackingCode5: Optional(Xs.String),
    trackingCode6: Optional(Xs.String),
    trackingCode7: Optional(Xs.String),
    trackingCode8: Optional(Xs.String),
    trackingCode9: Optional(Xs.String),
    trackingCode10: Optional(Xs.String)
  },
  { ns: COM }
)

export const SupportSessionHistory = Struct(
  {
    sessionKey: Optional(Xs.Long),
    confName: Optional(Xs.String),
    sessionStartTime: Optional(Xs.String),
    sessionEndTime: Optional(Xs.String),
    duration: Optional(Xs.Int),
    timezone: Optional(Xs.Long),
    meetingType: Optional(Xs.String),
    hostWebExID: Optional(Xs.String),
    hostName: Optional(Xs.String),
    hostEmail: Optional(Xs.String),
    totalPeopleMinutes: Optional(Xs.Int),
    confID: Optional(Xs.Long),
    peakAttendee: Optional(Xs.Long),
    trackingCode: Optional(HistoryTracking)
  },
  { ns: HISTORY }
)
export type SupportSessionHistory = typeof SupportSessionHistory.Type

export const LstsupportsessionHistoryResponse = Struct(
  {
    supportSessionHistory: Repeated(SupportSessionHistory),
    matchingRecords: Optional(MatchingRecords)
  },
  { ns: HISTORY }
)

export const SupportAttendeeHistory = Struct(
  {
    sessionKey: Optional(Xs.Long),
    attendeeName: Optional(Xs.String),
    attendeeEmail: Optional(Xs.String),
    startTime: Optional(Xs.String),
    endTime: Optional(Xs.String),
    duration: Optional(Xs.Int),
    company: Optional(Xs.String),
    phone: Optional(Xs.String),
    ipAddress: Optional(Xs.String),
    participantType: Optional(Xs.String),
    clientAgent: Optional(Xs.String),
    confID: Optional(Xs.Long)
  },
  { ns: HISTORY }
)
export type SupportAttendeeHistory = typeof SupportAttendeeHistory.Type

export const LstsupportattendeeHistoryResponse = Struct(
  {
    supportAttendeeHistory: Repeated(SupportAttendeeHistory),
    matchingRecords: Optional(MatchingRecords)
  },
  { ns: HISTORY }
)

const FeedbackField = Struct({ label: Xs.String, value: Optional(Xs.String) }, { ns: ATT })
export const FeedbackAttendee = Struct(
  {
    attendeeID: Xs.Long,
    feedbackFields: Optional(
      Struct(
        {
          defaultFields: Optional(
            Struct(
              {
                setup: Optional(Xs.String),
                easeOfUse: Optional(Xs.String),
                performance: Optional(Xs.String),
                comment: Optional(Xs.String)
              },
              { ns: ATT }
            )
          ),
          customFields: Optional(Struct({ field: Repeated(FeedbackField) }, { ns: ATT }))
        },
        { ns: ATT }
      )
    )
  },
  { ns: ATT }
)
export type FeedbackAttendee = typeof FeedbackAttendee.Type

export const FeedbackSession = Struct(
  {
    confID: Xs.Long,
    attendee: Repeated(FeedbackAttendee),
    matchingRecords: Optional(MatchingRecords)
  },
  { ns: ATT }
)
export type FeedbackSession = typeof FeedbackSession.Type

export const GetFeedbackInfoResponse = Struct({ session: Repeated(FeedbackSession) }, { ns: ATT })

export const AuthenticateUserResponse = Struct(
  { sessionTicket: Xs.String, createTime: Optional(Xs.Long), timeToLive: Optional(Xs.Long) },
  { ns: USE }
)

export const GetAPIVersionResponse = Struct(
  { apiVersion: Xs.String, release: Optional(Xs.String), apiVer: Optional(Xs.String) },
  { ns: EP }
)
