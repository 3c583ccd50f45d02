/**
 * The binding's one walker, compiled once per schema node from the wire type's
 * description and driven in both directions:
 *
 * - reading, by the reader's element events (open, text, close): each open element
 *   gets a frame that builds its typed value as its content arrives, so a reply is
 *   decoded without building a tree first, and a tree is decoded by replaying it;
 * - writing, from a typed value to the element it stands for, in one pass.
 *
 * Leaves carry a `LexicalCodec` (every `Xs` primitive does); refinements and
 * transformations without one are checked with their own Schema at that node only.
 */
import { SchemaAST as AST, Either, Option, ParseResult, Schema } from "effect"
import { INVALID, type LexicalCodec, LexicalCodecId } from "../LexicalCodec.ts"
import { type QName, type XmlAttribute, type XmlElement, XSI_NS } from "../XmlNode.ts"
import {
  ElementAst,
  UnknownElements,
  type XmlArrayAnnotation,
  XmlArrayId,
  type XmlElementAnnotation,
  XmlElementId,
  type XmlStructAnnotation,
  XmlStructId
} from "./annotations.ts"

// ---------------------------------------------------------------------------
// Failures
// ---------------------------------------------------------------------------

/** Thrown inside the walker and caught at the codec boundary; `path` is filled in while unwinding. */
export class Failure {
  readonly path: Array<string> = []
  readonly message: string
  constructor(message: string, at?: string) {
    this.message = message
    if (at !== undefined) this.path.push(at)
  }
}

const within = (segment: string, e: unknown): never => {
  if (e instanceof Failure) e.path.unshift(segment)
  throw e
}

// ---------------------------------------------------------------------------
// Reading: frames
// ---------------------------------------------------------------------------

/** What an element's opening tells: its name, attributes and resolved `xsi:type`. */
export interface Open {
  readonly ns: string
  readonly local: string
  readonly attributes: ReadonlyArray<XmlAttribute>
  readonly xsiType?: QName | undefined
  readonly prefix?: string | undefined
}

/** One open element being decoded. */
export interface Frame {
  /** A child element opened inside this one: the frame that reads it. */
  child(open: Open): Frame
  text(text: string): void
  /** The child frame last returned by `child` has ended with `value`. */
  put(value: unknown): void
  /** This element has closed: its value. */
  end(): unknown
}

/** How an element of one wire type starts being read. */
export interface Reader {
  start(open: Open): Frame
}

/** Content nobody asked for: read past, kept nowhere. */
export const SKIP: Frame = {
  child: () => SKIP,
  text: () => {},
  put: () => {},
  end: () => undefined
}

const EMPTY: Array<XmlElement> = Object.freeze([]) as unknown as Array<XmlElement>

/** Builds the element tree of what it reads: for `xs:any`, unknown elements and Faults. */
export class TreeFrame implements Frame {
  private readonly el: {
    ns: string
    local: string
    prefix: string | undefined
    attributes: ReadonlyArray<XmlAttribute>
    children: Array<XmlElement>
    text: string
    xsiType: QName | undefined
  }
  constructor(open: Open) {
    this.el = {
      ns: open.ns,
      local: open.local,
      prefix: open.prefix,
      attributes: open.attributes,
      children: EMPTY,
      text: "",
      xsiType: open.xsiType
    }
  }
  child(open: Open): Frame {
    return new TreeFrame(open)
  }
  text(text: string): void {
    this.el.text = this.el.text === "" ? text : this.el.text + text
  }
  put(value: unknown): void {
    if (this.el.children === EMPTY) this.el.children = [value as XmlElement]
    else this.el.children.push(value as XmlElement)
  }
  end(): unknown {
    return this.el
  }
}

const TREE: Reader = { start: (open) => new TreeFrame(open) }

/** Feeds a tree to a frame as the reader would have fed its events. */
export const replay = (frame: Frame, el: XmlElement): void => {
  if (el.text !== "") frame.text(el.text)
  for (const c of el.children) {
    const f = frame.child(c)
    replay(f, c)
    frame.put(f.end())
  }
}

const isNil = (open: Open): boolean => {
  for (const a of open.attributes)
    if (a.local === "nil" && a.ns === XSI_NS) return a.value === "true" || a.value === "1"
  return false
}

// ---------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------

/** Typed value → the element named `name`. */
type Write = (value: unknown, name: QName) => XmlElement

const NIL_ATTR: XmlAttribute = { ns: XSI_NS, local: "nil", prefix: "xsi", value: "true" }

const element = (
  name: QName,
  text: string,
  children: ReadonlyArray<XmlElement> = EMPTY,
  attributes: ReadonlyArray<XmlAttribute> = EMPTY as unknown as ReadonlyArray<XmlAttribute>
): XmlElement => ({ ns: name.ns, local: name.local, attributes, children, text })

// ---------------------------------------------------------------------------
// The compiled node
// ---------------------------------------------------------------------------

/** A wire type compiled for both directions. */
export interface Node {
  readonly reader: Reader
  readonly write: Write
  /** Set for `Repeated` arrays: the item, read and written in place by the enclosing struct. */
  readonly repeated?: Node | undefined
}

const cache = new WeakMap<AST.AST, Node>()

/** The node of a schema, compiled on first use and cached for the life of the schema. */
export const compile = (ast: AST.AST, parentNs: string): Node => {
  const cached = cache.get(ast)
  if (cached !== undefined) return cached
  // Recursive types (ExceptionInfo.InnerException) meet themselves while compiling:
  // a forwarding node breaks the cycle and resolves on first use.
  let resolved: Node | undefined
  const forward: Node = {
    reader: { start: (open) => resolved!.reader.start(open) },
    write: (v, n) => resolved!.write(v, n)
  }
  cache.set(ast, forward)
  try {
    resolved = compileUncached(ast, parentNs)
  } catch (e) {
    cache.delete(ast)
    throw e
  }
  cache.set(ast, resolved)
  return resolved
}

const identifier = (ast: AST.AST): string =>
  Option.getOrElse(AST.getIdentifierAnnotation(ast), () =>
    Option.getOrElse(AST.getTitleAnnotation(ast), () => ast._tag)
  )

const leaf = (codec: LexicalCodec, what: string): Node => {
  const expected = `Expected ${what}`
  // A leaf holds no element, so no two of one leaf type are ever open at once: one frame serves them all.
  const frame = new LeafFrame(codec, expected)
  return {
    reader: {
      start: () => frame.reset()
    },
    write: (value, name) => {
      const s = codec.encode(value)
      if (s === INVALID) throw new Failure(expected)
      return element(name, s)
    }
  }
}

/**
 * A copy of `s` that shares no storage: the reader's text is a slice of a 64 KB piece
 * of the document, and one kept slice would keep the whole piece alive. Concatenating
 * then slicing makes V8 flatten into a fresh string.
 */
const detach = (s: string): string => ` ${s}`.slice(1)

class LeafFrame implements Frame {
  private value = ""
  private readonly codec: LexicalCodec
  private readonly expected: string
  constructor(codec: LexicalCodec, expected: string) {
    this.codec = codec
    this.expected = expected
  }
  reset(): this {
    this.value = ""
    return this
  }
  child(): Frame {
    throw new Failure("Expected text content, found child elements")
  }
  text(text: string): void {
    this.value = this.value === "" ? text : this.value + text
  }
  put(): void {}
  end(): unknown {
    const v = this.codec.decode(this.value)
    if (v === INVALID) throw new Failure(this.expected)
    return typeof v === "string" && v.length > 12 ? detach(v) : v
  }
}

const plainString: LexicalCodec = {
  decode: (s) => s,
  encode: (v) => (typeof v === "string" ? v : INVALID)
}

/** A codec from a Schema's own `is`, for textual nodes with no LexicalCodec (literals, patterns). */
const checkedString = (ast: AST.AST): LexicalCodec => {
  const is = Schema.is(Schema.make(ast))
  return {
    decode: (s) => (is(s) ? s : INVALID),
    encode: (v) => (typeof v === "string" && is(v) ? v : INVALID)
  }
}

const safeMessage = (issue: ParseResult.ParseIssue): string =>
  // ArrayFormatter's messages end in `, actual <value>`: drop it, values may be secrets.
  ParseResult.ArrayFormatter.formatIssueSync(issue)
    .map((i) => `${i.path.join(".")}${i.path.length ? ": " : ""}${i.message.replace(/,?\s*actual[\s\S]*$/, "")}`)
    .join("; ")

/** A node whose value is checked, or transformed, by its own Schema on top of an inner node. */
const around = (
  inner: Node,
  decode: (u: unknown) => Either.Either<unknown, ParseResult.ParseError>,
  encode: (u: unknown) => Either.Either<unknown, ParseResult.ParseError>
): Node => ({
  reader: {
    start: (open) => {
      const f = inner.reader.start(open)
      return {
        child: (o) => f.child(o),
        text: (t) => f.text(t),
        put: (v) => f.put(v),
        end: () => {
          const r = decode(f.end())
          if (Either.isLeft(r)) throw new Failure(safeMessage(r.left.issue))
          return r.right
        }
      }
    }
  },
  write: (value, name) => {
    const r = encode(value)
    if (Either.isLeft(r)) throw new Failure(safeMessage(r.left.issue))
    return inner.write(r.right, name)
  }
})

const compileUncached = (ast: AST.AST, parentNs: string): Node => {
  const codec = AST.getAnnotation<LexicalCodec>(ast, LexicalCodecId)
  if (Option.isSome(codec)) return leaf(codec.value, identifier(ast))
  const array = AST.getAnnotation<XmlArrayAnnotation>(ast, XmlArrayId)
  if (Option.isSome(array) && ast._tag !== "TupleType") {
    // An array's annotation on a wrapper (a refinement of the array, say): the tuple is below.
    let inner: AST.AST = ast
    while (inner._tag === "Refinement" || inner._tag === "Transformation") inner = inner.from
    if (inner._tag === "TupleType") return compileArray(inner, array.value, parentNs)
  }
  switch (ast._tag) {
    case "StringKeyword":
      return leaf(plainString, "a string")
    case "Literal":
    case "TemplateLiteral":
      return leaf(checkedString(ast), identifier(ast))
    case "Declaration":
      if (ast === ElementAst) return opaque
      throw new Error(`XmlBinding: unsupported declaration ${identifier(ast)}; wire types must encode to strings`)
    case "Suspend":
      return compile(ast.f(), parentNs)
    case "Refinement": {
      const inner = compile(ast.from, parentNs)
      const check = (u: unknown): Either.Either<unknown, ParseResult.ParseError> => {
        const issue = ast.filter(u, AST.defaultParseOption, ast)
        return Option.isNone(issue) ? Either.right(u) : Either.left(new ParseResult.ParseError({ issue: issue.value }))
      }
      return { ...around(inner, check, check), repeated: inner.repeated }
    }
    case "Transformation": {
      // The inner node yields the `from` side's typed value; this node's Schema carries it the rest of the way.
      const inner = compile(ast.from, parentNs)
      const step = Schema.make(new AST.Transformation(AST.typeAST(ast.from), ast.to, ast.transformation))
      return around(inner, Schema.decodeUnknownEither(step), Schema.encodeUnknownEither(step))
    }
    case "Union":
      return compileUnion(ast, parentNs)
    case "TypeLiteral":
      return compileStruct(ast, parentNs)
    case "TupleType": {
      if (Option.isNone(array)) {
        throw new Error("XmlBinding: an array needs ArrayOf(...) or Repeated(...) to say how it is written")
      }
      return compileArray(ast, array.value, parentNs)
    }
    default:
      throw new Error(`XmlBinding: unsupported schema node ${ast._tag}; wire types must encode to strings`)
  }
}

const opaque: Node = {
  reader: TREE,
  write: (value, name) => {
    const el = value as XmlElement
    if (typeof el !== "object" || el === null || !("local" in el)) throw new Failure("Expected an XML element")
    return el.local === name.local && el.ns === name.ns ? el : { ...el, ns: name.ns, local: name.local }
  }
}

const isTextual = (ast: AST.AST): boolean => {
  switch (ast._tag) {
    case "StringKeyword":
    case "TemplateLiteral":
    case "Literal":
      return true
    case "Refinement":
    case "Transformation":
      return isTextual(ast.from)
    case "Union":
      return ast.types.every(isTextual)
    default:
      return false
  }
}

const compileUnion = (ast: AST.Union, parentNs: string): Node => {
  const nonNull = ast.types.filter((t) => !(t._tag === "Literal" && t.literal === null))
  const nillable = nonNull.length !== ast.types.length
  const inner =
    nonNull.length === 1
      ? compile(nonNull[0]!, parentNs)
      : nonNull.every(isTextual)
        ? leaf(checkedString(nillable ? AST.Union.make(nonNull) : ast), identifier(ast))
        : compilePolymorphic(nonNull, parentNs)
  if (!nillable) return inner
  return {
    reader: {
      start: (open) => (isNil(open) ? NIL : inner.reader.start(open))
    },
    write: (value, name) => (value === null ? element(name, "", EMPTY, [NIL_ATTR]) : inner.write(value, name)),
    repeated: inner.repeated
  }
}

/** `xsi:nil="true"`: whatever the element holds, its value is `null`. */
const NIL: Frame = { child: () => SKIP, text: () => {}, put: () => {}, end: () => null }

const structAnnotation = (ast: AST.AST): XmlStructAnnotation | undefined => {
  let node: AST.AST = ast
  for (;;) {
    const o = AST.getAnnotation<XmlStructAnnotation>(node, XmlStructId)
    if (Option.isSome(o)) return o.value
    if (node._tag === "Refinement" || node._tag === "Transformation") node = node.from
    else return undefined
  }
}

const keysOf = (ast: AST.AST): Set<string> => {
  let node: AST.AST = ast
  while (node._tag === "Refinement" || node._tag === "Transformation") node = node.from
  return new Set(node._tag === "TypeLiteral" ? node.propertySignatures.map((p) => String(p.name)) : [])
}

/**
 * A union of complex types: the member is chosen by `xsi:type` on the way in (falling
 * back to the first member), and on the way out by the fewest fields that still cover
 * the value's, with `xsi:type` written when that is not the first member.
 */
const compilePolymorphic = (members: ReadonlyArray<AST.AST>, parentNs: string): Node => {
  const compiled = members.map((m) => ({ ann: structAnnotation(m), node: compile(m, parentNs), keys: keysOf(m) }))
  return {
    reader: {
      start: (open) => {
        const t = open.xsiType
        const chosen =
          (t && compiled.find((c) => c.ann?.typeName?.local === t.local && c.ann.typeName.ns === t.ns)) ??
          (t && compiled.find((c) => c.ann?.typeName?.local === t.local)) ??
          compiled[0]!
        return chosen.node.reader.start(open)
      }
    },
    write: (value, name) => {
      const present = typeof value === "object" && value !== null ? Object.keys(value) : []
      let best = compiled[0]!
      let bestSize = Number.POSITIVE_INFINITY
      for (const c of compiled) {
        if (!present.every((k) => c.keys.has(k))) continue
        if (c.keys.size < bestSize) {
          best = c
          bestSize = c.keys.size
        }
      }
      const el = best.node.write(value, name)
      return best !== compiled[0] && best.ann?.typeName ? { ...el, xsiType: best.ann.typeName } : el
    }
  }
}

/** A struct member as an element. */
interface Member {
  readonly key: PropertyKey
  readonly name: QName
  readonly optional: boolean
  readonly node: Node
}

const UNKNOWN_SLOT = -1

const compileStruct = (ast: AST.TypeLiteral, parentNs: string): Node => {
  if (ast.indexSignatures.length > 0) throw new Error("XmlBinding: index signatures have no XML form")
  const ns = structAnnotation(ast)?.ns ?? parentNs
  const members: Array<Member> = []
  let keepUnknown = false
  for (const ps of ast.propertySignatures) {
    if (ps.name === UnknownElements) {
      keepUnknown = true
      continue
    }
    const eo = AST.getAnnotation<XmlElementAnnotation>(ps, XmlElementId)
    const ann = Option.getOrUndefined(eo)
    const name: QName = { ns: ann?.ns ?? ns, local: ann?.name ?? String(ps.name) }
    members.push({ key: ps.name, name, optional: ps.isOptional, node: compile(ps.type, name.ns) })
  }
  const byLocal = new Map<string, number>()
  for (const [i, m] of members.entries()) byLocal.set(m.name.local, i)
  const shape: StructShape = { members, byLocal, keepUnknown }
  return {
    reader: { start: () => new StructFrame(shape) },
    write: (value, name) => {
      if (typeof value !== "object" || value === null) throw new Failure("Expected an object")
      const v = value as Record<PropertyKey, unknown>
      const children: Array<XmlElement> = []
      for (const m of members) {
        const fv = v[m.key]
        if (fv === undefined) {
          if (!m.optional && m.node.repeated === undefined) throw new Failure("Expected a value", m.name.local)
          continue
        }
        try {
          if (m.node.repeated !== undefined) {
            if (!Array.isArray(fv)) throw new Failure("Expected an array")
            for (const item of fv) children.push(m.node.repeated.write(item, m.name))
          } else {
            children.push(m.node.write(fv, m.name))
          }
        } catch (e) {
          within(m.name.local, e)
        }
      }
      if (keepUnknown) {
        const extra = v[UnknownElements]
        if (extra !== undefined) {
          if (!Array.isArray(extra)) throw new Failure("Expected an array of elements", "(unknown elements)")
          for (const e of extra as ReadonlyArray<XmlElement>) children.push(e)
        }
      }
      return element(name, "", children)
    }
  }
}

interface StructShape {
  readonly members: ReadonlyArray<Member>
  readonly byLocal: ReadonlyMap<string, number>
  readonly keepUnknown: boolean
}

class StructFrame implements Frame {
  // Filled in arrival order, which on the wire is declaration order; `end` rebuilds only when it was not.
  private out: Record<PropertyKey, unknown> = {}
  private unknown: Array<XmlElement> | undefined = undefined
  private slot = UNKNOWN_SLOT
  private last = -1
  private ordered = true
  private set = 0
  private readonly shape: StructShape
  constructor(shape: StructShape) {
    this.shape = shape
  }
  child(open: Open): Frame {
    const i = this.shape.byLocal.get(open.local)
    const m = i === undefined ? undefined : this.shape.members[i]!
    // Namespaces are matched leniently (by local name) only when one side has none,
    // which is how unqualified senders and doc pages write qualified schemas.
    if (m === undefined || (open.ns !== m.name.ns && open.ns !== "" && m.name.ns !== "")) return this.other(open)
    if (m.node.repeated !== undefined) {
      this.slot = i!
      return m.node.repeated.reader.start(open)
    }
    // A second occurrence of a single element is kept as unknown rather than lost.
    if (m.key in this.out) return this.other(open)
    this.slot = i!
    return m.node.reader.start(open)
  }
  private other(open: Open): Frame {
    this.slot = UNKNOWN_SLOT
    return this.shape.keepUnknown ? new TreeFrame(open) : SKIP
  }
  text(): void {}
  put(value: unknown): void {
    const slot = this.slot
    if (slot === UNKNOWN_SLOT) {
      if (this.shape.keepUnknown) {
        if (this.unknown === undefined) this.unknown = [value as XmlElement]
        else this.unknown.push(value as XmlElement)
      }
      return
    }
    const m = this.shape.members[slot]!
    if (m.node.repeated !== undefined) {
      const list = this.out[m.key] as Array<unknown> | undefined
      if (list !== undefined) {
        list.push(value)
        return
      }
      value = [value]
    }
    if (slot < this.last) this.ordered = false
    this.last = slot
    this.out[m.key] = value
    this.set++
  }
  end(): unknown {
    const members = this.shape.members
    let out = this.out
    if (this.set < members.length || !this.ordered) {
      // Built in declaration order, as Schema.Struct builds its output, so equal values print alike.
      const ordered: Record<PropertyKey, unknown> = {}
      for (let i = 0; i < members.length; i++) {
        const m = members[i]!
        if (m.key in out) ordered[m.key] = out[m.key]
        else if (m.node.repeated !== undefined) {
          if (!m.optional) ordered[m.key] = []
        } else if (!m.optional) throw new Failure("Expected a required element, found none", m.name.local)
      }
      out = ordered
    }
    if (this.unknown !== undefined) out[UnknownElements] = this.unknown
    return out
  }
}

const compileArray = (ast: AST.TupleType, ann: XmlArrayAnnotation, parentNs: string): Node => {
  const itemAst = ast.rest[0]?.type
  if (itemAst === undefined || ast.elements.length > 0)
    throw new Error("XmlBinding: only homogeneous arrays are supported")
  if (ann._tag === "Repeated") {
    const item = compile(itemAst, parentNs)
    const misuse = (): never => {
      throw new Error("XmlBinding: a repeated field is read and written by its struct")
    }
    return { reader: { start: misuse }, write: misuse, repeated: item }
  }
  const item = compile(itemAst, ann.item.ns)
  const itemName = ann.item
  return {
    reader: { start: () => new ArrayFrame(item.reader, itemName.local) },
    write: (value, name) => {
      if (!Array.isArray(value)) throw new Failure("Expected an array")
      const children: Array<XmlElement> = new Array(value.length)
      for (let i = 0; i < value.length; i++) {
        try {
          children[i] = item.write(value[i], itemName)
        } catch (e) {
          within(`${itemName.local}[${i}]`, e)
        }
      }
      return element(name, "", children)
    }
  }
}

class ArrayFrame implements Frame {
  private readonly items: Array<unknown> = []
  private skipping = false
  private readonly item: Reader
  private readonly itemLocal: string
  constructor(item: Reader, itemLocal: string) {
    this.item = item
    this.itemLocal = itemLocal
  }
  child(open: Open): Frame {
    this.skipping = open.local !== this.itemLocal
    return this.skipping ? SKIP : this.item.start(open)
  }
  text(): void {}
  put(value: unknown): void {
    if (!this.skipping) this.items.push(value)
  }
  end(): unknown {
    return this.items
  }
}
