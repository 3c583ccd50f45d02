/**
 * The Support Center service: creating a support session.
 *
 * @since 0.1.0
 */
import { XmlBinding, Xs } from "@sessionwire/protocol"
import { Effect } from "effect"
import { Tracking } from "./Common.ts"
import { SC } from "./Namespaces.ts"
import * as WebExClient from "./WebExClient.ts"
import { IncompleteReply, type WebExError } from "./WebExError.ts"
import * as WebExOperation from "./WebExOperation.ts"

/**
 * `sc:metaDataType`. `sessionType` is the site's support session type; WebEx's default is -1.
 * The schema says `xs:integer`; it is bound as `xs:int` (a `number`) because session types are
 * small codes, and a value outside 32 bits is refused before sending rather than sent as a bigint.
 *
 * @since 0.1.0
 */
export const MetaData = XmlBinding.Struct(
  { sessionType: XmlBinding.Optional(Xs.Int) },
  { ns: "", typeName: { ns: SC, local: "metaDataType" }, identifier: "MetaData" }
)

/**
 * `sc:createSupportSession` (a `sc:supportType`). Tracking codes longer than 128
 * characters are refused before anything is sent.
 *
 * @since 0.1.0
 */
export const CreateSupportSession = XmlBinding.Struct(
  { metaData: XmlBinding.Optional(MetaData), tracking: XmlBinding.Optional(Tracking) },
  { ns: "", typeName: { ns: SC, local: "createSupportSession" }, identifier: "CreateSupportSession" }
)

/**
 * @since 0.1.0
 */
export type CreateSupportSession = typeof CreateSupportSession.Type

/**
 * `sc:createSupportSessionResponse`. `sessionKey` is an `xs:long`, kept as a `bigint`.
 *
 * @since 0.1.0
 */
export const CreateSupportSessionResponse = XmlBinding.Struct(
  { sessionKey: XmlBinding.Optional(Xs.Long) },
  {
    ns: SC,
    typeName: { ns: SC, local: "createSupportSessionResponse" },
    identifier: "CreateSupportSessionResponse"
  }
)

/**
 * @since 0.1.0
 */
export type CreateSupportSessionResponse = typeof CreateSupportSessionResponse.Type

/**
 * `CreateSupportSession`: a customer support representative opens a support session.
 * Not read-only, so never retried.
 *
 * @since 0.1.0
 */
export const createSupportSession: WebExOperation.WebExOperation<CreateSupportSession, CreateSupportSessionResponse> =
  WebExOperation.make({
    name: "CreateSupportSession",
    bindingPackage: "supportsession",
    request: { schema: CreateSupportSession },
    response: { type: { ns: SC, local: "createSupportSessionResponse" }, schema: CreateSupportSessionResponse },
    requirement: "credential",
    readOnly: false
  })

/**
 * A created support session: `sessionKey` is always there.
 *
 * @since 0.2.0
 * @category models
 */
export type CreatedSupportSession = CreateSupportSessionResponse & { readonly sessionKey: bigint }

/**
 * Creates a support session with the client in context. A SUCCESS without
 * `sessionKey` (the schema makes it optional, but a session without a key cannot be
 * used) fails with {@link IncompleteReply}.
 *
 * @since 0.1.0
 */
export const create = (
  input: CreateSupportSession = {}
): Effect.Effect<CreatedSupportSession, WebExError, WebExClient.WebExClient> =>
  Effect.flatMap(WebExClient.call(createSupportSession, input), (reply) =>
    reply.sessionKey === undefined
      ? Effect.fail(new IncompleteReply({ operation: "CreateSupportSession", field: "sessionKey" }))
      : Effect.succeed(reply as CreatedSupportSession)
  )
