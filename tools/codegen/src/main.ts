/**
 * `npm run generate -w @sessionwire/codegen` writes the generated modules;
 * `--check` only reports whether they are current (exit code 1 when stale).
 */
import * as Generate from "./Generate.ts"

const check = process.argv.includes("--check")
const result = Generate.generate()
console.log(Generate.report(result.counts))
if (check) {
  const differences = Generate.diff(result)
  for (const d of differences) console.error(`${d.kind}: ${d.path}`)
  if (differences.length > 0) {
    console.error("Generated files are stale: run `npm run generate -w @sessionwire/codegen`.")
    process.exitCode = 1
  }
} else {
  Generate.write(result)
  console.log(`Wrote ${result.files.length} files to ${Generate.defaultOutDir.slice(Generate.repoRoot.length + 1)}`)
}
