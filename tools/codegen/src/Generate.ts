/**
 * Runs the generator over a WSDL directory: in memory (for the staleness test),
 * to disk, or as a check that the committed files are current.
 *
 * @since 0.1.0
 */
import { spawnSync } from "node:child_process"
import { createHash } from "node:crypto"
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs"
import { createRequire } from "node:module"
import { dirname, join, relative, resolve } from "node:path"
import { fileURLToPath } from "node:url"
import { type EmittedFile, emitAll, type ServiceCount, type Source } from "./Emit.ts"
import * as Wsdl from "./Wsdl.ts"

/** The repository root, found from this file so the generator may be started from anywhere. */
export const repoRoot: string = resolve(dirname(fileURLToPath(import.meta.url)), "../../..")

export const defaultWsdlDir: string = resolve(repoRoot, "packages/superoffice/wsdl")
export const defaultOutDir: string = resolve(repoRoot, "packages/superoffice/src/generated")

export interface Options {
  readonly wsdlDir?: string
  readonly outDir?: string
}

export interface Result {
  readonly files: ReadonlyArray<EmittedFile>
  readonly counts: ReadonlyArray<ServiceCount>
}

/** Reads every `*.wsdl` in the directory and emits the generated modules, without touching the disk. */
export const generate = (options: Options = {}): Result => {
  const wsdlDir = options.wsdlDir ?? defaultWsdlDir
  const names = readdirSync(wsdlDir)
    .filter((n) => n.endsWith(".wsdl"))
    .sort()
  if (names.length === 0) throw new Wsdl.WsdlError(`no .wsdl files in ${wsdlDir}`)
  // The header names the WSDL relative to the repository root, never an absolute path.
  const base = repoRoot
  const sources: Array<Source> = names.map((name) => {
    const bytes = readFileSync(join(wsdlDir, name))
    return {
      model: Wsdl.parse(bytes.toString("utf8"), name),
      path: relative(base, join(wsdlDir, name)).split("\\").join("/"),
      sha256: createHash("sha256").update(bytes).digest("hex")
    }
  })
  const result = emitAll(sources)
  return { ...result, files: result.files.map((f) => ({ ...f, content: format(f.path, f.content) })) }
}

const biome = createRequire(import.meta.url).resolve("@biomejs/biome/bin/biome")

/**
 * Formats one emitted module with the repository's Biome settings, so the committed code
 * reads like the rest and the staleness check compares formatted text with formatted text.
 */
export const format = (path: string, content: string): string => {
  // The stdin path only tells Biome the language; it is not under `src/generated`, which the
  // repository's Biome configuration leaves out. 140 columns keep every operation on one line.
  const args = ["format", "--line-width=140", `--stdin-file-path=codegen-${path.replace(/\//g, "-")}`]
  const r = spawnSync(process.execPath, [biome, ...args], {
    cwd: repoRoot,
    input: content,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024
  })
  if (r.status !== 0) throw new Wsdl.WsdlError(`biome could not format ${path}: ${r.stderr}`)
  return r.stdout
}

const listFiles = (dir: string): Array<string> => {
  const out: Array<string> = []
  const walk = (d: string): void => {
    let entries: Array<string>
    try {
      entries = readdirSync(d)
    } catch {
      return
    }
    for (const e of entries.sort()) {
      const p = join(d, e)
      if (statSync(p).isDirectory()) walk(p)
      else out.push(relative(dir, p).split("\\").join("/"))
    }
  }
  walk(dir)
  return out
}

export interface Difference {
  readonly path: string
  readonly kind: "missing" | "changed" | "extra"
}

/** Compares generated files with what is on disk. An empty list means the committed files are current. */
export const diff = (result: Result, outDir: string = defaultOutDir): ReadonlyArray<Difference> => {
  const out: Array<Difference> = []
  const expected = new Set(result.files.map((f) => f.path))
  for (const f of result.files) {
    let current: string | undefined
    try {
      current = readFileSync(join(outDir, f.path), "utf8")
    } catch {
      current = undefined
    }
    if (current === undefined) out.push({ path: f.path, kind: "missing" })
    else if (current !== f.content) out.push({ path: f.path, kind: "changed" })
  }
  for (const p of listFiles(outDir)) if (!expected.has(p)) out.push({ path: p, kind: "extra" })
  return out
}

/** Writes the generated files, removing any file in the output directory the generator no longer emits. */
export const write = (result: Result, outDir: string = defaultOutDir): void => {
  const expected = new Set(result.files.map((f) => f.path))
  for (const p of listFiles(outDir)) if (!expected.has(p)) rmSync(join(outDir, p))
  for (const f of result.files) {
    const target = join(outDir, f.path)
    mkdirSync(dirname(target), { recursive: true })
    let current: string | undefined
    try {
      current = readFileSync(target, "utf8")
    } catch {
      current = undefined
    }
    if (current !== f.content) writeFileSync(target, f.content)
  }
}

/** One line per service: `Services88 CustomerService 40 operations (Services88-CustomerService.wsdl)`. */
export const report = (counts: ReadonlyArray<ServiceCount>): string =>
  counts.map((c) => `Services${c.version} ${c.service} ${c.operations} operations (${c.source})`).join("\n")
