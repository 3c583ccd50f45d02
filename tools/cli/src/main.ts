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

/**
 * Resolves once everything written to `stream` so far has been handed to the OS. Exiting
 * before that cuts a piped stdout or stderr short (at 64 KB), and a JSON error then cannot
 * be parsed; a reader that never drains the pipe is given a few seconds, not forever.
 */
const flushed = (stream: NodeJS.WriteStream): Promise<void> =>
  new Promise((resolve) => {
    const giveUp = setTimeout(resolve, 5_000)
    giveUp.unref()
    stream.write("", () => {
      clearTimeout(giveUp)
      resolve()
    })
  })

NodeRuntime.runMain(main(process.argv).pipe(Effect.provide(Layer.merge(NodeContext.layer, http))), {
  disableErrorReporting: true,
  teardown: (exit, onExit) => {
    const code = Exit.isSuccess(exit) ? (exit.value as number) : Exit.isInterrupted(exit) ? 130 : 1
    void Promise.all([flushed(process.stdout), flushed(process.stderr)]).then(() => onExit(code))
  }
})
