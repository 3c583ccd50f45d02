/**
 * The process entry point (see `bin/sessionwire.mjs`). HTTP goes through the Node
 * adapter's pooled keep-alive layer, the documented Node runtime. Platform modules are
 * imported one by one: the package index would load workers, clusters and servers as well.
 *
 * @since 0.1.0
 */
import * as NodeContext from "@effect/platform-node/NodeContext"
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import { NodeHttp } from "@sessionwire/node-adapter"
import { Effect, Exit, Layer } from "effect"
import { main } from "./Cli.ts"

// Each call carries its own deadline from `--timeout`; the adapter's default 60 s backstop
// would cut a longer one short, so it is set well beyond any sensible `--timeout`.
const http = NodeHttp.layer({ requestTimeout: "1 hour" })

NodeRuntime.runMain(main(process.argv).pipe(Effect.provide(Layer.merge(NodeContext.layer, http))), {
  disableErrorReporting: true,
  teardown: (exit, onExit) => onExit(Exit.isSuccess(exit) ? (exit.value as number) : Exit.isInterrupted(exit) ? 130 : 1)
})
