/**
 * Runs test code inside the real workerd runtime: bundle a Worker entry with
 * esbuild, start it through Miniflare, call it from Node, collect the result.
 *
 * @since 0.1.0
 */
export * from "./HarnessError.ts"
export * from "./NodeBuiltins.ts"
export * from "./WorkerBundle.ts"
export * from "./Workerd.ts"
