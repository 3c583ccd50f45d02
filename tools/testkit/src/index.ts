import { readFileSync } from "node:fs"
import { dirname, resolve } from "node:path"
import { fileURLToPath } from "node:url"

/** The repository root, found from this file rather than the working directory, so any runner may start anywhere. */
export const repoRoot: string = resolve(dirname(fileURLToPath(import.meta.url)), "../../..")

/** The test fixtures (seeds, doc samples, WebEx examples and captures), inside the repository; see its PROVENANCE.md. */
export const fixturesDir: string = resolve(repoRoot, "tools/testkit/fixtures")

/** The SuperOffice WSDLs, kept beside the package generated from them. */
export const wsdlDir: string = resolve(repoRoot, "packages/superoffice/wsdl")

/** The WebEx XML API schemas, kept beside the WebEx package. */
export const xsdDir: string = resolve(repoRoot, "packages/webex/xsd")

/**
 * A reference file by its logical path: `wsdl/superoffice/…` and `xsd/webex/…` resolve to the
 * package that owns them, everything else (`seeds/…`, `samples/…`, `webex/examples/…`) to the fixtures.
 */
export const fixturePath = (...segments: ReadonlyArray<string>): string => {
  const path = segments.join("/").split("/").filter(Boolean)
  if (path[0] === "wsdl" && path[1] === "superoffice") return resolve(wsdlDir, ...path.slice(2))
  if (path[0] === "xsd" && path[1] === "webex") return resolve(xsdDir, ...path.slice(2))
  return resolve(fixturesDir, ...path)
}

export const readFixture = (...segments: ReadonlyArray<string>): string =>
  readFileSync(fixturePath(...segments), "utf8")

/**
 * The names the tests used when this material sat outside the repository; kept so tests
 * under other hands need no edit. Both read from the repository only.
 */
export const sharedPath: typeof fixturePath = fixturePath
export const readShared: typeof readFixture = readFixture

/**
 * Extracts the fenced XML blocks of a SuperOffice doc page or seed, in order:
 * usually the request first and the response second.
 */
export const xmlBlocks = (markdown: string): ReadonlyArray<string> =>
  [...markdown.matchAll(/```xml\s*\n([\s\S]*?)```/g)].map((m) => m[1]!.trim())
export * as Readme from "./Readme.ts"
