import { readdirSync, readFileSync } from "node:fs"
import ts from "typescript"
import { describe, expect, it } from "vitest"

// The public surface is the flat `src/*.ts` set; `src/internal/` is free to change
// without docs, so it is deliberately not read here.
const srcDir = new URL("../src/", import.meta.url)
const publicModules = readdirSync(srcDir)
  .filter((name) => name.endsWith(".ts"))
  .sort()

const parse = (name: string): ts.SourceFile =>
  ts.createSourceFile(name, readFileSync(new URL(name, srcDir), "utf8"), ts.ScriptTarget.Latest, true)

const isExported = (node: ts.Node): boolean =>
  ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword)

const tagNames = (node: ts.Node): ReadonlySet<string> =>
  new Set(
    ts
      .getJSDocCommentsAndTags(node)
      .flatMap((doc) => (ts.isJSDoc(doc) ? [...(doc.tags ?? [])] : [doc]))
      .map((tag) => tag.tagName.text)
  )

interface Exported {
  readonly name: string
  readonly node: ts.Node
}

/** Every exported declaration of a module, with the node its JSDoc belongs to. */
const exportedDeclarations = (source: ts.SourceFile): ReadonlyArray<Exported> =>
  source.statements.flatMap((statement): ReadonlyArray<Exported> => {
    if (ts.isExportDeclaration(statement)) {
      const clause = statement.exportClause
      const name =
        clause === undefined
          ? `* from ${statement.moduleSpecifier?.getText(source)}`
          : ts.isNamespaceExport(clause)
            ? clause.name.text
            : clause.elements.map((element) => element.name.text).join(", ")
      return [{ name, node: statement }]
    }
    if (!isExported(statement)) return []
    if (ts.isVariableStatement(statement)) {
      return statement.declarationList.declarations.map((declaration) => ({
        name: declaration.name.getText(source),
        node: statement
      }))
    }
    if (
      ts.isFunctionDeclaration(statement) ||
      ts.isClassDeclaration(statement) ||
      ts.isInterfaceDeclaration(statement) ||
      ts.isTypeAliasDeclaration(statement) ||
      ts.isEnumDeclaration(statement) ||
      ts.isModuleDeclaration(statement)
    ) {
      return [{ name: statement.name?.getText(source) ?? "default", node: statement }]
    }
    return [{ name: statement.getText(source).slice(0, 40), node: statement }]
  })

const untagged = (name: string): ReadonlyArray<string> =>
  exportedDeclarations(parse(name)).flatMap(({ name: exportName, node }) => {
    const tags = tagNames(node)
    const missing = ["since", "category"].filter((tag) => !tags.has(tag))
    return missing.length === 0 ? [] : [`${name}: ${exportName} lacks ${missing.map((tag) => `@${tag}`).join(", ")}`]
  })

const moduleSpecifiers = (source: ts.SourceFile): ReadonlyArray<string> =>
  source.statements.flatMap((statement) =>
    (ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) &&
    statement.moduleSpecifier !== undefined &&
    ts.isStringLiteral(statement.moduleSpecifier)
      ? [statement.moduleSpecifier.text]
      : []
  )

describe("protocol module layout", () => {
  it("reads the public modules", () => {
    expect(publicModules).toContain("index.ts")
    expect(publicModules).toContain("XmlBuilder2Writer.ts")
    expect(publicModules.length).toBeGreaterThan(10)
  })

  it("finds an export without tags (the check itself can fail)", () => {
    const source = ts.createSourceFile(
      "Probe.ts",
      [
        "/** @since 0.1.0\n * @category models */ export interface Tagged {}",
        "/** Only a since. @since 0.1.0 */ export const half = 1",
        "export class Bare {}",
        "/** @since 0.1.0 */ export * as Ns from './Ns.ts'"
      ].join("\n"),
      ts.ScriptTarget.Latest,
      true
    )
    const report = exportedDeclarations(source).map(({ name, node }) => [name, [...tagNames(node)].sort()])
    expect(report).toEqual([
      ["Tagged", ["category", "since"]],
      ["half", ["since"]],
      ["Bare", []],
      ["Ns", ["since"]]
    ])
  })

  it.each(publicModules)("%s tags every export with @since and @category", (name) => {
    expect(untagged(name)).toEqual([])
  })

  it.each(publicModules.filter((name) => name !== "XmlBuilder2Writer.ts"))(
    "%s does not import xmlbuilder2 or the XmlBuilder2Writer entry",
    (name) => {
      const offending = moduleSpecifiers(parse(name)).filter(
        (specifier) =>
          specifier === "xmlbuilder2" || specifier.startsWith("xmlbuilder2/") || /XmlBuilder2Writer/.test(specifier)
      )
      expect(offending).toEqual([])
    }
  )

  // Each thin module names and documents members of its implementation in `internal/`. Error
  // classes are declared here instead, so declaration files of callers name them from the
  // public entry (a class declared under `internal/` could not be named there).
  it.each([
    ["Envelope.ts", "./internal/envelope.ts"],
    ["Fault.ts", "./internal/fault.ts"],
    ["XmlReader.ts", "./internal/reader.ts"],
    ["XmlWriter.ts", "./internal/writer.ts"],
    ["Xs.ts", "./internal/xs.ts"]
  ])("%s is a thin module over %s", (name, implementation) => {
    const source = parse(name)
    const specifiers = moduleSpecifiers(source)
    expect(specifiers).toContain(implementation)
    expect(
      specifiers.filter((s) => s !== implementation && s !== "effect" && !/^\.\/[A-Za-z0-9]+\.ts$/.test(s))
    ).toEqual([])
    const notDelegated = exportedDeclarations(source).flatMap(({ name: exportName, node }) => {
      if (ts.isExportDeclaration(node)) {
        return node.moduleSpecifier?.getText(source) === JSON.stringify(implementation) ? [] : [exportName]
      }
      if (ts.isTypeAliasDeclaration(node)) {
        return node.type.getText(source).startsWith(`internal.${node.name.text}`) ? [] : [exportName]
      }
      if (ts.isVariableStatement(node)) {
        return node.declarationList.declarations.every(
          (declaration) => declaration.initializer?.getText(source) === `internal.${declaration.name.getText(source)}`
        )
          ? []
          : [exportName]
      }
      if (ts.isClassDeclaration(node)) {
        return node.heritageClauses?.[0]?.types[0]?.expression.getText(source).startsWith("Data.TaggedError(")
          ? []
          : [exportName]
      }
      return [exportName]
    })
    expect(notDelegated).toEqual([])
  })

  it("keeps XmlBuilder2Writer out of the main entry", () => {
    const index = parse("index.ts")
    const reexported = moduleSpecifiers(index).filter((specifier) => /XmlBuilder2Writer/.test(specifier))
    const names = exportedDeclarations(index).map(({ name }) => name)
    expect(reexported).toEqual([])
    expect(names.filter((name) => name.includes("XmlBuilder2"))).toEqual([])
  })
})
