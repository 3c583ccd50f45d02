/**
 * `@sessionwire/edge-adapter/cloudflare`: what only Cloudflare's runtime offers, kept
 * out of the package root (which runs on any fetch runtime) because it imports
 * `cloudflare:workers`. `CsSessionKeeper` is the Durable Object that keeps a CS session
 * alive between requests; `KeeperRpc` is how callers talk to it.
 *
 * @since 0.1.0
 */
export * as CsSessionKeeper from "./CsSessionKeeper.ts"
export * as KeeperRpc from "./KeeperRpc.ts"
