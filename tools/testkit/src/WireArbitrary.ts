/**
 * Arbitrary values of wire schemas (the `XmlBinding` descriptions), for property tests.
 *
 * `Arbitrary.make` alone cannot be used on them: the unknown-elements slot every
 * struct carries is an opaque `XmlElement` declaration, and its default strings are
 * printable ASCII. This rewrites the schema's type side so that
 * - strings draw from everything XML 1.0 can carry, weighted towards what breaks
 *   writers: `]]>`, `&`, `<`, CR, LF, CR LF, TAB, astral characters;
 * - `xs:dateTime` values are lexical date-times (with and without fraction and zone);
 * - `xs:list` flags are whitespace-free tokens, since a space is the list separator;
 * - unknown elements are left out, or (with `unknownElements: true`) generated in a
 *   namespace no wire type uses, so a decoder must keep them rather than read them.
 */
import { Arbitrary, SchemaAST as AST, Option, ParseResult, Redacted, Schema } from "effect"
import * as fc from "fast-check"

/** The namespace of generated unknown elements; no wire type lives in it. */
export const UNKNOWN_NS = "urn:sessionwire:test:unknown"

// Symbol.for keys, so this module needs no import of the package it tests.
const UnknownElements = Symbol.for("@sessionwire/protocol/XmlBinding/UnknownElements")
const XmlArrayId = Symbol.for("@sessionwire/protocol/XmlBinding/Array")

const isRepeated = (ast: AST.AST): boolean =>
  ast._tag === "TupleType" && (ast.annotations[XmlArrayId] as { _tag?: string } | undefined)?._tag === "Repeated"

// An absent repeated element and an empty list are the same on the wire, so an optional one is present and non-empty.
const nonEmpty = (ast: AST.AST): AST.AST =>
  new AST.Refinement(ast, (a, _, self) =>
    Array.isArray(a) && a.length > 0 ? Option.none() : Option.some(new ParseResult.Type(self, a))
  )

/** Every character class XML 1.0 allows, with the awkward ones made frequent. */
const awkward = fc.constantFrom(
  "a",
  "Z",
  "0",
  " ",
  "&",
  "<",
  ">",
  '"',
  "'",
  "]]>",
  "]]",
  "\r",
  "\n",
  "\r\n",
  "\t",
  "é",
  "ß",
  "東京",
  "\u00A0",
  "\u2028",
  "\uFFFD",
  "🎉",
  "\u{10000}",
  "\u{10FFFF}",
  "&amp;",
  "<![CDATA[x]]>"
)

const legal = (s: string) => s.replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, "")

/** Any string XML 1.0 can carry. */
export const xmlText: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: awkward, maxLength: 8 }) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 12 }).map(legal) },
  {
    weight: 1,
    arbitrary: fc.constantFrom("", " ", "  padded  ", "]]>", "a&b<c>d\"e'f", "x\r\ny\rz\n", "Zürich — 東京 🎉")
  }
)

const two = (min: number, max: number) => fc.integer({ min, max }).map((n) => String(n).padStart(2, "0"))

/** `xs:dateTime` lexical values, as WCF writes them and as others might. */
export const xsDateTime: fc.Arbitrary<string> = fc
  .record({
    year: fc.integer({ min: 1, max: 9999 }).map((n) => String(n).padStart(4, "0")),
    month: two(1, 12),
    day: two(1, 28),
    hour: two(0, 23),
    minute: two(0, 59),
    second: two(0, 59),
    fraction: fc.option(fc.stringMatching(/^\.\d{1,7}$/), { nil: "" }),
    zone: fc.oneof(fc.constant(""), fc.constant("Z"), fc.stringMatching(/^[+-](0\d|1[0-3]):(00|30|45)$/))
  })
  .map((d) => `${d.year}-${d.month}-${d.day}T${d.hour}:${d.minute}:${d.second}${d.fraction}${d.zone}`)

const localName = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_.-]{0,8}$/)

/** An unknown element: a leaf with text or a small subtree, maybe with attributes. */
export const unknownElement = (depth = 2): fc.Arbitrary<unknown> =>
  fc
    .record({
      local: localName,
      attributes: fc.uniqueArray(fc.record({ ns: fc.constantFrom("", UNKNOWN_NS), local: localName, value: xmlText }), {
        maxLength: 2,
        selector: (a) => `${a.ns} ${a.local}`
      }),
      content:
        depth <= 0
          ? xmlText.map((text) => ({ children: [], text }))
          : fc.oneof(
              xmlText.map((text) => ({ children: [] as Array<unknown>, text })),
              fc
                .array(unknownElement(depth - 1), { minLength: 1, maxLength: 2 })
                .map((children) => ({ children, text: "" }))
            )
    })
    .map(({ local, attributes, content }) => ({ ns: UNKNOWN_NS, local, attributes, ...content }))

export interface WireArbitraryOptions {
  /** Generate elements the schema does not describe (kept by the decoder under its symbol key). */
  readonly unknownElements?: boolean
  /**
   * Arbitraries for the schemas with these identifiers, for types whose rules a filter
   * states but a generator cannot guess (a date format, a range of at most 90 days).
   */
  readonly overrides?: Readonly<Record<string, fc.Arbitrary<unknown>>>
}

const identifier = (ast: AST.AST) => AST.getIdentifierAnnotation(ast).pipe((o) => (o._tag === "Some" ? o.value : ""))

const withArbitrary = <A extends AST.Annotated>(ast: A, arb: unknown): A => {
  const annotations = { ...ast.annotations, [AST.ArbitraryAnnotationId]: arb }
  return Object.assign(Object.create(Object.getPrototypeOf(ast)), ast, { annotations })
}

const literals = (ast: AST.AST): Array<string> =>
  ast._tag === "Literal" && typeof ast.literal === "string"
    ? [ast.literal]
    : ast._tag === "Union"
      ? ast.types.flatMap(literals)
      : []

const rewriter = (options: WireArbitraryOptions) => {
  const memo = new Map<AST.AST, AST.AST>()
  const go = (ast: AST.AST): AST.AST => {
    const seen = memo.get(ast)
    if (seen !== undefined) return seen
    let out: AST.AST
    switch (ast._tag) {
      case "StringKeyword":
        out = withArbitrary(ast, () => () => xmlText)
        break
      case "Refinement":
        out = identifier(ast) === "xs:dateTime" ? withArbitrary(ast, () => () => xsDateTime) : ast
        break
      case "Declaration":
        out = identifier(ast) === "XmlElement" ? withArbitrary(ast, () => () => unknownElement()) : ast
        break
      case "Transformation": {
        const to = ast.to
        if (ast.from._tag === "StringKeyword" && to._tag === "TupleType" && to.rest.length === 1) {
          // An xs:list: its items are tokens, since whitespace separates them on the wire.
          const known = literals(to.rest[0]!.type)
          const token = fc.oneof(
            { weight: 3, arbitrary: known.length > 0 ? fc.constantFrom(...known) : localName },
            { weight: 1, arbitrary: localName }
          )
          out = new AST.Transformation(
            ast.from,
            withArbitrary(to, () => () => fc.array(token, { maxLength: 4 })),
            ast.transformation,
            ast.annotations
          )
        } else {
          out = new AST.Transformation(go(ast.from), go(ast.to), ast.transformation, ast.annotations)
        }
        break
      }
      case "Union":
        out = AST.Union.make(ast.types.map(go), ast.annotations)
        break
      case "TupleType":
        out = new AST.TupleType(
          ast.elements.map((e) => new AST.OptionalType(go(e.type), e.isOptional, e.annotations)),
          ast.rest.map((r) => new AST.Type(go(r.type), r.annotations)),
          ast.isReadonly,
          ast.annotations
        )
        break
      case "TypeLiteral": {
        const signatures: Array<AST.PropertySignature> = []
        for (const ps of ast.propertySignatures) {
          if (ps.name === UnknownElements) {
            if (!options.unknownElements) continue
            // Present means at least one: an empty list and no list are the same on the wire.
            signatures.push(
              new AST.PropertySignature(
                ps.name,
                withArbitrary(go(ps.type), () => () => fc.array(unknownElement(), { minLength: 1, maxLength: 2 })),
                true,
                ps.isReadonly,
                ps.annotations
              )
            )
            continue
          }
          const type = ps.isOptional && isRepeated(ps.type) ? nonEmpty(go(ps.type)) : go(ps.type)
          signatures.push(new AST.PropertySignature(ps.name, type, ps.isOptional, ps.isReadonly, ps.annotations))
        }
        out = new AST.TypeLiteral(signatures, ast.indexSignatures, ast.annotations)
        break
      }
      case "Suspend": {
        const suspended = new AST.Suspend(() => go(ast.f()), ast.annotations)
        memo.set(ast, suspended)
        return suspended
      }
      default:
        out = ast
    }
    // Applied to the rewritten node: Arbitrary still describes what an override replaces.
    const override = options.overrides?.[identifier(ast)]
    if (override !== undefined) out = withArbitrary(out, () => () => override)
    memo.set(ast, out)
    return out
  }
  return go
}

/** Arbitrary values of a wire schema's type. */
export const wireArbitrary = <A, I, R>(
  schema: Schema.Schema<A, I, R>,
  options: WireArbitraryOptions = {}
): fc.Arbitrary<A> =>
  // Built with this fast-check rather than the copy effect bundles, so every combinator comes from one instance.
  Arbitrary.makeLazy(Schema.make<A, I, R>(rewriter(options)(schema.ast)))(
    fc as unknown as Parameters<Arbitrary.LazyArbitrary<A>>[0]
  ) as unknown as fc.Arbitrary<A>

interface Element {
  readonly ns: string
  readonly local: string
  readonly attributes: ReadonlyArray<{ readonly ns: string; readonly local: string; readonly value: string }>
  readonly children: ReadonlyArray<Element>
  readonly text: string
  readonly xsiType?: unknown
}

const isElement = (u: object): u is Element => "local" in u && "ns" in u && "children" in u && "attributes" in u

/**
 * A value reduced to what it means, for structural comparison: Redacted revealed,
 * the unknown-elements slot under a visible key, an element's wire prefix and
 * absent fields dropped (prefixes are formatting, not content).
 */
export const canonical = (value: unknown): unknown => {
  if (Redacted.isRedacted(value)) return { redacted: canonical(Redacted.value(value)) }
  if (Array.isArray(value)) return value.map(canonical)
  if (typeof value !== "object" || value === null || value instanceof Uint8Array) return value
  if (isElement(value)) {
    return {
      ns: value.ns,
      local: value.local,
      attributes: value.attributes.map((a) => ({ ns: a.ns, local: a.local, value: a.value })),
      children: value.children.map(canonical),
      text: value.text,
      ...(value.xsiType ? { xsiType: value.xsiType } : {})
    }
  }
  // Effect data types (BigDecimal) compare with Equal, through @effect/vitest's testers.
  const proto = Object.getPrototypeOf(value)
  if (proto !== Object.prototype && proto !== null) return value
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = canonical(v)
  const unknown = (value as Record<PropertyKey, unknown>)[UnknownElements]
  if (unknown !== undefined) out["[unknown elements]"] = canonical(unknown)
  return out
}

/**
 * Moves every unknown element (as generated, appended after the known ones) to a
 * position among its siblings chosen by `pick`, keeping the unknown ones in order.
 * Shows unknown elements are tolerated anywhere in a sequence, not only at its end.
 */
export const scatterUnknown = <E extends Element>(root: E, pick: (siblings: number) => number): E => {
  const go = (el: Element): Element => {
    const children = el.children.map(go)
    const unknown = children.filter((c) => c.ns === UNKNOWN_NS)
    if (unknown.length === 0 || unknown.length === children.length) return { ...el, children }
    const known = children.filter((c) => c.ns !== UNKNOWN_NS)
    const slots = unknown.map(() => pick(known.length + 1)).sort((a, b) => a - b)
    const out: Array<Element> = []
    let u = 0
    for (let i = 0; i <= known.length; i++) {
      while (u < unknown.length && slots[u] === i) out.push(unknown[u++]!)
      if (i < known.length) out.push(known[i]!)
    }
    return { ...el, children: out }
  }
  return go(root) as E
}
