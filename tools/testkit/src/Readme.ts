/**
 * README examples, compiled as written: each fenced ```ts block becomes a virtual file
 * inside a project, checked with that project's test settings, so imports resolve the way
 * a user's would. Docs that stop compiling fail the tests instead of misleading readers.
 */
import { readFileSync } from "node:fs"
import { join } from "node:path"
import ts from "typescript"

/** The fenced ```ts blocks of a Markdown file, in order. */
export const tsBlocks = (markdownFile: string): ReadonlyArray<string> =>
  [...readFileSync(markdownFile, "utf8").matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!)

/**
 * The compiler's diagnostics for each source, formatted; an empty list where it compiles.
 * All sources go into one program, since loading the packages' types is the slow part.
 */
export const compileErrors = (
  projectDir: string,
  sources: ReadonlyArray<string>
): ReadonlyArray<ReadonlyArray<string>> => {
  const parsed = ts.getParsedCommandLineOfConfigFile(
    join(projectDir, "tsconfig.test.json"),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"))
      }
    }
  )!
  const files = new Map(sources.map((source, i) => [join(projectDir, "test", `__readme_example_${i}__.ts`), source]))
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
