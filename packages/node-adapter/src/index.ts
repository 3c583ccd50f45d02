/**
 * @sessionwire/node-adapter: what Sessionwire needs to run in a Node process — a
 * pooled keep-alive HTTP layer, configuration from environment variables, and a
 * Promise facade for code that does not use Effect.
 *
 * @since 0.1.0
 */
export * as NodeConfig from "./NodeConfig.ts"
export * as NodeHttp from "./NodeHttp.ts"
export * as PromiseRuntime from "./PromiseRuntime.ts"
export { Aborted, ClientClosed, isTaggedError, type TaggedError } from "./PromiseRuntime.ts"
export * as SuperOfficeClient from "./SuperOfficeClient.ts"
export { createSuperOfficeClient, withCsSession } from "./SuperOfficeClient.ts"
export * as WebExClient from "./WebExClient.ts"
export { createWebExClient } from "./WebExClient.ts"
