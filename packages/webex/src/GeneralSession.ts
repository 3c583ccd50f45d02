/**
 * The general session (`ep`) service's `GetAPIVersion`: which XML API version and release
 * a site runs. It needs only the site, so it doubles as a health probe that sends no
 * credential.
 *
 * @since 0.1.0
 */
import { XmlBinding, Xs } from "@sessionwire/protocol"
import type { Effect } from "effect"
import { EP } from "./Namespaces.ts"
import * as WebExClient from "./WebExClient.ts"
import type { WebExError } from "./WebExError.ts"
import * as WebExOperation from "./WebExOperation.ts"

/**
 * `ep:getAPIVersion`.
 *
 * @since 0.1.0
 */
export const GetAPIVersion = XmlBinding.Struct(
  { returnTrainReleaseVersion: XmlBinding.Optional(Xs.Boolean) },
  { ns: "", typeName: { ns: EP, local: "getAPIVersion" }, identifier: "GetAPIVersion" }
)

/**
 * @since 0.1.0
 */
export type GetAPIVersion = typeof GetAPIVersion.Type

/**
 * `ep:getAPIVersionResponse`, plus `apiVer` (e.g. `39.7.0`), which newer servers send
 * after `release`.
 *
 * @since 0.1.0
 */
export const GetAPIVersionResponse = XmlBinding.Struct(
  {
    apiVersion: Xs.String,
    release: XmlBinding.Optional(Xs.String),
    trainReleaseVersion: XmlBinding.Optional(Xs.String),
    apiVer: XmlBinding.Optional(Xs.String)
  },
  { ns: EP, typeName: { ns: EP, local: "getAPIVersionResponse" }, identifier: "GetAPIVersionResponse" }
)

/**
 * @since 0.1.0
 */
export type GetAPIVersionResponse = typeof GetAPIVersionResponse.Type

/**
 * `GetAPIVersion`: sends only `siteName`/`siteID`. Read-only.
 *
 * @since 0.1.0
 */
export const getAPIVersion: WebExOperation.WebExOperation<GetAPIVersion, GetAPIVersionResponse> = WebExOperation.make({
  name: "GetAPIVersion",
  bindingPackage: "ep",
  request: { schema: GetAPIVersion },
  response: { type: { ns: EP, local: "getAPIVersionResponse" }, schema: GetAPIVersionResponse },
  requirement: "site",
  readOnly: true
})

/**
 * The site's API version with the client in context.
 *
 * @since 0.1.0
 */
export const apiVersion = (
  input: GetAPIVersion = {}
): Effect.Effect<GetAPIVersionResponse, WebExError, WebExClient.WebExClient> => WebExClient.call(getAPIVersion, input)
