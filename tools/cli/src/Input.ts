/**
 * Operation parameters from the command line: a JSON document (`--input`, inline, a
 * file, or `-` for stdin) and `--param Key=Value` pairs (dotted keys for nested
 * fields), merged and decoded through the operation's own request schema, so the
 * same validation runs as in code.
 *
 * JSON is read as the schema's *encoded* form, where every leaf is XML text: numbers
 * and booleans may be written either way (`1001` or `"1001"`), and a 64-bit key keeps
 * every digit.
 *
 * @since 0.1.0
 */
import { readFileSync } from "node:fs"
import { Effect, Either, ParseResult, Schema } from "effect"
import { InvalidInput } from "./CliError.ts"

const readStdin = (): Effect.Effect<string, InvalidInput> =>
  Effect.tryPromise({
    try: async () => {
      const chunks: Array<Buffer> = []
      for await (const c of process.stdin) chunks.push(c as Buffer)
      return Buffer.concat(chunks).toString("utf8")
    },
    catch: () => new InvalidInput({ reason: "Could not read --input from stdin" })
  })

/** Reads `--input`: `-` is stdin, text starting with `{` is JSON itself, anything else a file. */
export const readInput = (input: string | undefined): Effect.Effect<Record<string, unknown>, InvalidInput> => {
  if (input === undefined) return Effect.succeed({})
  const text =
    input === "-"
      ? readStdin()
      : input.trimStart().startsWith("{")
        ? Effect.succeed(input)
        : Effect.try({
            try: () => readFileSync(input, "utf8"),
            catch: () => new InvalidInput({ reason: `Cannot read the --input file ${input}` })
          })
  return Effect.flatMap(text, (t) =>
    Effect.try({
      try: () => JSON.parse(t) as unknown,
      catch: () => new InvalidInput({ reason: "--input is not valid JSON" })
    }).pipe(
      Effect.filterOrFail(
        (v): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v),
        () => new InvalidInput({ reason: "--input must be a JSON object of the operation's parameters" })
      )
    )
  )
}

/** Sets `Key=Value` pairs (dotted keys make nested objects) on a copy of `base`. */
export const withParams = (
  base: Record<string, unknown>,
  params: ReadonlyArray<readonly [string, string]>
): Either.Either<Record<string, unknown>, InvalidInput> => {
  const out: Record<string, unknown> = structuredClone(base)
  for (const [key, value] of params) {
    const path = key.split(".")
    if (path.some((p) => p === "" || p === "__proto__" || p === "constructor" || p === "prototype")) {
      return Either.left(new InvalidInput({ reason: `--param ${key}: not a usable field path` }))
    }
    let node = out
    for (const p of path.slice(0, -1)) {
      const next = node[p]
      if (typeof next !== "object" || next === null || Array.isArray(next)) node[p] = {}
      node = node[p] as Record<string, unknown>
    }
    node[path[path.length - 1]!] = value
  }
  return Either.right(out)
}

/** JSON → the encoded side of a wire schema: every scalar leaf becomes its text. */
export const toEncoded = (v: unknown): unknown => {
  if (v === null) return null
  if (Array.isArray(v)) return v.map(toEncoded)
  if (typeof v === "object") return Object.fromEntries(Object.entries(v as object).map(([k, x]) => [k, toEncoded(x)]))
  return String(v)
}

// ArrayFormatter ends messages with `, actual <value>`: drop it, a value may be sensitive.
const describe = (e: ParseResult.ParseError): string =>
  ParseResult.ArrayFormatter.formatErrorSync(e)
    .map((i) => `${i.path.join(".") || "(input)"}: ${i.message.replace(/,?\s*actual[\s\S]*$/, "")}`)
    .join("; ")

/** Decodes the parameters with the operation's request schema; unknown fields are refused. */
export const decode = <A, I>(
  schema: Schema.Schema<A, I>,
  operation: string,
  params: Record<string, unknown>
): Either.Either<A, InvalidInput> =>
  Either.mapLeft(
    Schema.decodeUnknownEither(schema, { errors: "all", onExcessProperty: "error" })(toEncoded(params)),
    (e) => new InvalidInput({ reason: `Parameters of ${operation}: ${describe(e)}` })
  )

/** `Key=Value` → a pair; the value may contain `=`. */
export const splitParam = (raw: string): Either.Either<readonly [string, string], InvalidInput> => {
  const i = raw.indexOf("=")
  return i <= 0
    ? Either.left(new InvalidInput({ reason: `--param expects Key=Value, got a value without "="` }))
    : Either.right([raw.slice(0, i).trim(), raw.slice(i + 1)] as const)
}
