/**
 * @sessionwire/conformance: one suite of scenarios, written once, that every runtime
 * adapter must pass. Give it the adapter's `HttpClient` layer and the servers'
 * endpoints; it reports one result per scenario. Imports no Node built-in, so it runs
 * inside a Worker as well as under vitest.
 *
 * @since 0.1.0
 */
export * as Clients from "./Clients.ts"
export * as Fixtures from "./Fixtures.ts"
export type { Endpoints, ScenarioResult } from "./Scenario.ts"
export * as Scenario from "./Scenario.ts"
export * as Secrets from "./Secrets.ts"
export * as Servers from "./Servers.ts"
export * as Suite from "./Suite.ts"
export { run, scenarios } from "./Suite.ts"
