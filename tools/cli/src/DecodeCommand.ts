/**
 * `sessionwire decode <file|->`: what the library makes of a captured reply.
 * Exits 0 when the capture could be read — a decoded failure reply is still a
 * successful decode — and with the reader's error code when it could not.
 *
 * @since 0.1.0
 */
import { readFileSync } from "node:fs"
import { Args, Command } from "@effect/cli"
import { Effect } from "effect"
import { InvalidInput } from "./CliError.ts"
import * as Common from "./Common.ts"
import * as Decode from "./Decode.ts"
import * as Output from "./Output.ts"

const read = (file: string) =>
  file === "-"
    ? Effect.tryPromise({
        try: async () => {
          const chunks: Array<Buffer> = []
          for await (const c of process.stdin) chunks.push(c as Buffer)
          return new Uint8Array(Buffer.concat(chunks))
        },
        catch: () => new InvalidInput({ reason: "Could not read stdin" })
      })
    : Effect.try({
        try: () => new Uint8Array(readFileSync(file)),
        catch: () => new InvalidInput({ reason: `Cannot read ${file}` })
      })

export const command = Command.make(
  "decode",
  {
    file: Args.text({ name: "file" }).pipe(
      Args.withDescription("A captured reply (raw XML or an HTTP capture), or - for stdin")
    ),
    json: Common.json
  },
  (args) =>
    Effect.gen(function* () {
      const bytes = yield* read(args.file)
      const decoded = yield* Decode.decode(bytes)
      const shown = { ...decoded, ...(decoded.error === undefined ? {} : { error: Output.errorJson(decoded.error) }) }
      const heading = `${decoded.dialect.toUpperCase()} ${decoded.operation ?? ""} → ${decoded.outcome}${
        decoded.http ? ` (HTTP ${decoded.http.status})` : ""
      }`.replace(/\s+/g, " ")
      yield* Common.emit(heading, shown, args.json)
      if (decoded.outcome === "undecoded" && decoded.error !== undefined) return yield* Effect.fail(decoded.error)
    })
).pipe(Command.withDescription("Decode a captured SuperOffice or WebEx reply and show what the library makes of it"))
