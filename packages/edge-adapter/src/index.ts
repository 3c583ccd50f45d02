/**
 * @sessionwire/edge-adapter: what Sessionwire needs to run in a Cloudflare Worker or
 * any other fetch runtime — a fetch HTTP layer with deadlines, configuration from Worker
 * `env` bindings, and a `fetch` handler whose services are built once per isolate.
 * It imports no Node built-in.
 *
 * @since 0.1.0
 */
export * as EdgeHttp from "./EdgeHttp.ts"
export * as WorkerEnv from "./WorkerEnv.ts"
export * as WorkerHandler from "./WorkerHandler.ts"
