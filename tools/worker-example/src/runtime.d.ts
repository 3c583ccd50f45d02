/**
 * The one Workers runtime type the generated `env.d.ts` refers to. `wrangler types`
 * runs with `--include-runtime=false` because the full runtime types redeclare the DOM
 * globals (`Request`, `Response`, …) this repository already compiles against; the
 * keeper's RPC methods are already asynchronous, so a stub has the object's own shape.
 */
interface DurableObjectNamespace<T = undefined> {
  getByName(name: string): T
}
