/** The repository README's TypeScript examples, compiled as written against the packages' real types. */
import { Readme, repoRoot } from "@sessionwire/testkit"
import { expect, it } from "vitest"

const packageDir = new URL("..", import.meta.url).pathname

it("the repository README's TypeScript examples compile as written", { timeout: 120_000 }, () => {
  const blocks = Readme.tsBlocks(`${repoRoot}/README.md`)
  expect(blocks.length).toBeGreaterThanOrEqual(5)
  // A wrong call in the same setting shows the checker is live.
  const wrong = `import { CsSession } from "@sessionwire/superoffice"\nCsSession.scoped(42)\n`
  const errors = Readme.compileErrors(packageDir, [...blocks, wrong])
  expect(errors.slice(0, -1)).toEqual(blocks.map(() => []))
  expect(errors.at(-1)).not.toEqual([])
})
