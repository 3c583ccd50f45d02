import { readFileSync } from "node:fs"
import { dirname, resolve } from "node:path"
import { fileURLToPath } from "node:url"

/** The repository root, found from this file rather than the working directory, so any runner may start anywhere. */
export const repoRoot: string = resolve(dirname(fileURLToPath(import.meta.url)), "../../..")

/** The shared reference material sits beside the repository, in development and in CI alike. */
export const sharedDir: string = resolve(repoRoot, "../shared")

export const sharedPath = (...segments: ReadonlyArray<string>): string => resolve(sharedDir, ...segments)

export const readShared = (...segments: ReadonlyArray<string>): string => readFileSync(sharedPath(...segments), "utf8")

/**
 * Extracts the fenced XML blocks of a SuperOffice doc page or seed, in order:
 * usually the request first and the response second.
 */
export const xmlBlocks = (markdown: string): ReadonlyArray<string> =>
  [...markdown.matchAll(/```xml\s*\n([\s\S]*?)```/g)].map((m) => m[1]!.trim())
export * as Readme from "./Readme.ts"
