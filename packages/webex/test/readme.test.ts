/** The README's example, compiled as written against the package's own types. */

import { Readme } from "@sessionwire/testkit"
import { expect, it } from "vitest"

const packageDir = new URL("..", import.meta.url).pathname
const readmeBlocks = () => Readme.tsBlocks(`${packageDir}README.md`)
const compileErrors = (sources: ReadonlyArray<string>) => Readme.compileErrors(packageDir, sources)

it("the README's TypeScript examples compile as written", { timeout: 120_000 }, () => {
  const blocks = readmeBlocks()
  expect(blocks.length).toBeGreaterThan(0)
  // The last source is a wrong call in the same setting, to show the checker is live.
  const wrong = `import { SupportSession } from "@sessionwire/webex"\nSupportSession.create({ metaData: { sessionType: "13" } })\n`
  const errors = compileErrors([...blocks, wrong])
  expect(errors.slice(0, -1)).toEqual(blocks.map(() => []))
  expect(errors.at(-1)).not.toEqual([])
})
