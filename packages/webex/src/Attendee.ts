/**
 * The attendee service's `GetFeedbackInfo`: what attendees answered in the post-session
 * form of a Support Center session. WebEx documents it under Support Center but binds it
 * in the attendee package and namespace.
 *
 * @since 0.1.0
 */
import { XmlBinding, Xs } from "@sessionwire/protocol"
import type { Effect } from "effect"
import { MatchingRecords } from "./Common.ts"
import { ATT } from "./Namespaces.ts"
import * as WebExClient from "./WebExClient.ts"
import type { WebExError } from "./WebExError.ts"
import * as WebExOperation from "./WebExOperation.ts"

const type = (local: string) => ({ ns: ATT, local })

/**
 * `att:getFeedbackInfo`. One support session may have several sub-sessions (different
 * `confID`, same session key); this asks about one.
 *
 * @since 0.1.0
 */
export const GetFeedbackInfo = XmlBinding.Struct(
  { confID: Xs.Long },
  { ns: "", typeName: type("getFeedbackInfo"), identifier: "GetFeedbackInfo" }
)

/**
 * @since 0.1.0
 */
export type GetFeedbackInfo = typeof GetFeedbackInfo.Type

/**
 * `att:fieldType`: one custom form field.
 *
 * @since 0.1.0
 */
export const Field = XmlBinding.Struct(
  { label: Xs.String, value: XmlBinding.Optional(Xs.String) },
  { ns: ATT, typeName: type("fieldType"), identifier: "Field" }
)

/**
 * `att:feedbackDefaultFieldsType`: the form's built-in questions.
 *
 * @since 0.1.0
 */
export const FeedbackDefaultFields = XmlBinding.Struct(
  {
    setup: XmlBinding.Optional(Xs.String),
    easeOfUse: XmlBinding.Optional(Xs.String),
    performance: XmlBinding.Optional(Xs.String),
    comment: XmlBinding.Optional(Xs.String)
  },
  { ns: ATT, typeName: type("feedbackDefaultFieldsType"), identifier: "FeedbackDefaultFields" }
)

/**
 * The `feedbackFields` of an attendee: default fields and custom fields.
 *
 * @since 0.1.0
 */
export const FeedbackFields = XmlBinding.Struct(
  {
    defaultFields: XmlBinding.Optional(FeedbackDefaultFields),
    customFields: XmlBinding.Optional(XmlBinding.ArrayOf(Field, type("field")))
  },
  { ns: ATT, identifier: "FeedbackFields" }
)

/**
 * `att:feedbackAttendeeType`.
 *
 * @since 0.1.0
 */
export const FeedbackAttendee = XmlBinding.Struct(
  { attendeeID: Xs.Long, feedbackFields: XmlBinding.Optional(FeedbackFields) },
  { ns: ATT, typeName: type("feedbackAttendeeType"), identifier: "FeedbackAttendee" }
)

/**
 * `att:feedbackSessionType`: one (sub-)session and its attendees.
 *
 * @since 0.1.0
 */
export const FeedbackSession = XmlBinding.Struct(
  {
    confID: Xs.Long,
    attendee: XmlBinding.Repeated(FeedbackAttendee),
    matchingRecords: XmlBinding.Optional(MatchingRecords)
  },
  { ns: ATT, typeName: type("feedbackSessionType"), identifier: "FeedbackSession" }
)

/**
 * @since 0.1.0
 */
export type FeedbackSession = typeof FeedbackSession.Type

/**
 * `att:getFeedbackInfoResponse`.
 *
 * @since 0.1.0
 */
export const GetFeedbackInfoResponse = XmlBinding.Struct(
  { session: XmlBinding.Repeated(FeedbackSession) },
  { ns: ATT, typeName: type("getFeedbackInfoResponse"), identifier: "GetFeedbackInfoResponse" }
)

/**
 * @since 0.1.0
 */
export type GetFeedbackInfoResponse = typeof GetFeedbackInfoResponse.Type

/**
 * `GetFeedbackInfo` (`java:com.webex.service.binding.attendee.GetFeedbackInfo`). Read-only;
 * `000015` is an empty list of sessions.
 *
 * @since 0.1.0
 */
export const getFeedbackInfo: WebExOperation.WebExOperation<GetFeedbackInfo, GetFeedbackInfoResponse> =
  WebExOperation.make({
    name: "GetFeedbackInfo",
    bindingPackage: "attendee",
    request: { schema: GetFeedbackInfo },
    response: { type: type("getFeedbackInfoResponse"), schema: GetFeedbackInfoResponse },
    requirement: "credential",
    readOnly: true,
    noRecords: (): GetFeedbackInfoResponse => ({ session: [] })
  })

/**
 * The feedback for one conference with the client in context.
 *
 * @since 0.1.0
 */
export const feedback = (confID: bigint): Effect.Effect<GetFeedbackInfoResponse, WebExError, WebExClient.WebExClient> =>
  WebExClient.call(getFeedbackInfo, { confID })
