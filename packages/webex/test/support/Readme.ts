/**
 * The README's TypeScript examples, compiled as written: each ```ts block is handed to
 * the TypeScript compiler as a virtual file inside the package, with the package's test
 * settings, so imports resolve the way a user's would.
 */
import { readFileSync } from "node:fs"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import ts from "typescript"

const packageDir = join(dirname(fileURLToPath(import.meta.url)), "..", "..")

/** The ```ts blocks of the package README, in order. */
export const readmeBlocks = (): ReadonlyArray<string> =>
  [...readFileSync(join(packageDir, "README.md"), "utf8").matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!)

/**
 * The compiler's diagnostics for each source, formatted; an empty list where it compiles.
 * All sources go into one program, since loading the package's types is the slow part.
 */
export const compileErrors = (sources: ReadonlyArray<string>): ReadonlyArray<ReadonlyArray<string>> => {
  const configPath = join(packageDir, "tsconfig.test.json")
  const parsed = ts.getParsedCommandLineOfConfigFile(
    configPath,
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"))
      }
    }
  )!
  const files = new Map(sources.map((source, i) => [join(packageDir, "test", `__readme_example_${i}__.ts`), source]))
  const host = ts.createCompilerHost(parsed.options)
  const getSourceFile = host.getSourceFile.bind(host)
  host.getSourceFile = (name, version, ...rest) => {
    const source = files.get(name)
    return source === undefined ? getSourceFile(name, version, ...rest) : ts.createSourceFile(name, source, version)
  }
  const fileExists = host.fileExists.bind(host)
  host.fileExists = (name) => files.has(name) || fileExists(name)
  const readFile = host.readFile.bind(host)
  host.readFile = (name) => files.get(name) ?? readFile(name)
  const program = ts.createProgram({ rootNames: [...files.keys()], options: { ...parsed.options, noEmit: true }, host })
  return [...files.keys()].map((name) => {
    const sourceFile = program.getSourceFile(name)!
    return [...program.getSyntacticDiagnostics(sourceFile), ...program.getSemanticDiagnostics(sourceFile)].map(
      (d) => `${d.start ?? 0}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`
    )
  })
}
