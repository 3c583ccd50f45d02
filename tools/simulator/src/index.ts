/**
 * @sessionwire/simulator: loopback stand-ins for SuperOffice CustomerService/SoPrincipal
 * (Services86/87/88, SOAP 1.1) and the WebEx XML API, stateful and with fault injection,
 * for the demo, the CLI's `simulate` command and integration tests.
 *
 * ```ts
 * const sim = await startSimulator()
 * // SuperOffice base URL: sim.superofficeUrl; WebEx endpoint: sim.webexUrl
 * sim.faults.add({ route: "CustomerService", operation: "CreateSession", fault: { _tag: "ConnectionReset" }, times: 1 })
 * await sim.stop()
 * ```
 *
 * @since 0.1.0
 */
export * as Admin from "./Admin.ts"
export type { Fault, FaultRule, FaultRuleInput } from "./Faults.ts"
export * as Faults from "./Faults.ts"
export { FaultStore } from "./Faults.ts"
export type { RequestLogEntry, RunningSimulator, SimulatorOptions, SimulatorState } from "./Simulator.ts"
export * as Simulator from "./Simulator.ts"
export { startSimulator } from "./Simulator.ts"
export * as SuperOffice from "./SuperOffice.ts"
export * as SuperOfficeState from "./SuperOfficeState.ts"
export * as Tenants from "./Tenants.ts"
export * as WebEx from "./WebEx.ts"
export * as WebExState from "./WebExState.ts"
export * as WebExWire from "./WebExWire.ts"
