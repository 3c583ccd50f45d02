/**
 * The process entry point (see `bin/sessionwire.mjs`). Platform modules are imported
 * one by one: the package index would load workers, clusters and servers as well.
 *
 * @since 0.1.0
 */
import * as NodeContext from "@effect/platform-node/NodeContext"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import { Effect, Exit, Layer } from "effect"
import { main } from "./Cli.ts"

NodeRuntime.runMain(
  main(process.argv).pipe(Effect.provide(Layer.merge(NodeContext.layer, NodeHttpClient.layerUndici))),
  {
    disableErrorReporting: true,
    teardown: (exit, onExit) =>
      onExit(Exit.isSuccess(exit) ? (exit.value as number) : Exit.isInterrupted(exit) ? 130 : 1)
  }
)
