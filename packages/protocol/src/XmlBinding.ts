/**
 * The XML binding: one Effect Schema per wire type, annotated with XML facts
 * (namespaces, item names, inline repetition), from which the TypeScript type,
 * the encoder and the decoder are all derived.
 *
 * Decoding is two steps: the element tree is walked into the schema's *encoded*
 * form (plain objects, arrays, `null` for `xsi:nil`, strings at every leaf — see
 * `Xs.ts`), then `Schema.decodeUnknown` turns that into the typed value. Encoding
 * runs the same two steps backwards. The walker is compiled once per schema.
 *
 * @since 0.1.0
 */
import { SchemaAST as AST, Data, Either, ParseResult, Schema } from "effect"
import { INVALID, type LexicalCodec, LexicalCodecId } from "./LexicalCodec.ts"
import { type QName, type XmlAttribute, type XmlElement, XSI_NS } from "./XmlNode.ts"

// ---------------------------------------------------------------------------
// Annotations
// ---------------------------------------------------------------------------

/** Struct annotation: the namespace of its child elements and its XSD type name. */
export const XmlStructId: unique symbol = Symbol.for("@sessionwire/protocol/XmlBinding/Struct")
/** Property annotation: element name and namespace when they differ from the key and the struct's namespace. */
export const XmlElementId: unique symbol = Symbol.for("@sessionwire/protocol/XmlBinding/Element")
/** Array annotation: the wrapped item element (`ArrayOfX` → `<X>`), or inline repetition. */
export const XmlArrayId: unique symbol = Symbol.for("@sessionwire/protocol/XmlBinding/Array")

export interface XmlStructAnnotation {
  /** Namespace of the child elements (`elementFormDefault="qualified"` puts them in the target namespace). */
  readonly ns: string
  /** The XSD complex type, used for `xsi:type` selection. */
  readonly typeName?: QName | undefined
}
export interface XmlElementAnnotation {
  readonly name?: string | undefined
  readonly ns?: string | undefined
}
export type XmlArrayAnnotation = { readonly _tag: "Wrapped"; readonly item: QName } | { readonly _tag: "Repeated" }

/**
 * Elements a struct did not describe, kept in order under a symbol key so they
 * survive a decode/encode round trip without showing up in JSON output.
 */
export const UnknownElements: unique symbol = Symbol.for("@sessionwire/protocol/XmlBinding/UnknownElements")
export type UnknownElements = typeof UnknownElements

/** An opaque element tree, for `xs:any` and for the elements a struct does not know. */
export const Element: Schema.Schema<XmlElement> = Schema.declare(
  (u): u is XmlElement =>
    typeof u === "object" && u !== null && "local" in u && "ns" in u && "children" in u && "attributes" in u,
  { identifier: "XmlElement" }
)

const unknownElementsField = Schema.optionalWith(Schema.Array(Element), { exact: true })

// ---------------------------------------------------------------------------
// Combinators: how wire types are described
// ---------------------------------------------------------------------------

export type Fields = Schema.Struct.Fields
export type XmlStruct<F extends Fields> = Schema.Struct<F & { readonly [UnknownElements]: typeof unknownElementsField }>

/**
 * A complex type with a sequence: the property order is the element order.
 * Every struct tolerates elements it does not know and keeps them.
 */
export const Struct = <F extends Fields>(
  fields: F,
  options: { readonly ns: string; readonly typeName?: QName | undefined; readonly identifier?: string }
): XmlStruct<F> =>
  Schema.Struct({ ...fields, [UnknownElements]: unknownElementsField } as F & {
    readonly [UnknownElements]: typeof unknownElementsField
  }).annotations({
    [XmlStructId]: { ns: options.ns, typeName: options.typeName } satisfies XmlStructAnnotation,
    ...((options.identifier ?? options.typeName) ? { identifier: options.identifier ?? options.typeName!.local } : {})
  })

/**
 * `complexContent/extension`: the base's members come first, as XSD requires.
 * Base fields keep the base's namespace when the derived type lives elsewhere.
 */
export const extend = <B extends Fields, F extends Fields>(
  base: XmlStruct<B>,
  fields: F,
  options: { readonly ns: string; readonly typeName?: QName | undefined; readonly identifier?: string }
): XmlStruct<B & F> => {
  const baseNs = AST.getAnnotation<XmlStructAnnotation>(base.ast, XmlStructId).pipe((o) =>
    o._tag === "Some" ? o.value.ns : options.ns
  ) as string
  const baseFields: Record<string, Schema.Struct.Field> = {}
  for (const [key, field] of Object.entries(base.fields)) {
    if ((key as unknown) === UnknownElements) continue
    baseFields[key] = baseNs === options.ns ? field : withElement(field, { ns: baseNs })
  }
  return Struct({ ...baseFields, ...fields } as B & F, options)
}

const withElement = (field: Schema.Struct.Field, ann: XmlElementAnnotation): Schema.Struct.Field => {
  if (Schema.isPropertySignature(field)) {
    return (field as Schema.PropertySignature.Any).annotations({ [XmlElementId]: ann } as any)
  }
  return Schema.propertySignature(field as Schema.Schema.Any).annotations({ [XmlElementId]: ann } as any)
}

/** Names a field's element explicitly (a different local name or namespace than the struct's). */
export const element = <S extends Schema.Struct.Field>(field: S, ann: XmlElementAnnotation): S =>
  withElement(field, ann) as S

/** `minOccurs="0"`: the element may be absent. Distinct from {@link Nillable}. */
export const Optional = <S extends Schema.Schema.Any>(schema: S) => Schema.optionalWith(schema, { exact: true })

/** `nillable="true"`: the element is present with `xsi:nil="true"`, read as `null`. */
export const Nillable = <S extends Schema.Schema.Any>(schema: S) => Schema.NullOr(schema)

/** `minOccurs="0" nillable="true"`: absent, nil and a value are three different things. */
export const OptionalNillable = <S extends Schema.Schema.Any>(schema: S) =>
  Schema.optionalWith(Schema.NullOr(schema), { exact: true })

/** A wrapped array (`ArrayOfX` containing `<X>` items), as WCF and the Serialization/Arrays namespace write them. */
export const ArrayOf = <S extends Schema.Schema.Any>(item: S, itemName: QName) =>
  Schema.Array(item).annotations({ [XmlArrayId]: { _tag: "Wrapped", item: itemName } satisfies XmlArrayAnnotation })

/** `maxOccurs="unbounded"` directly in a sequence: the field's element repeats in place. */
export const Repeated = <S extends Schema.Schema.Any>(item: S) =>
  Schema.Array(item).annotations({ [XmlArrayId]: { _tag: "Repeated" } satisfies XmlArrayAnnotation })

/**
 * A WCF dictionary (`IsDictionary`): an array of `KeyValueOf…` items with `Key` and `Value`.
 * Kept as ordered pairs, which loses nothing a map would.
 */
export const Dictionary = <K extends Schema.Schema.Any, V extends Schema.Schema.Any>(key: K, value: V, item: QName) =>
  ArrayOf(Struct({ Key: key, Value: value }, { ns: item.ns }), item)

// ---------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------

/**
 * A value did not fit its wire type. `path` locates it (`CreateSession.RemoteIp`);
 * the message names what was expected but never echoes the offending value,
 * since values may be tickets or passwords.
 */
export class XmlBindingError extends Data.TaggedError("XmlBindingError")<{
  readonly direction: "decode" | "encode"
  readonly path: string
  readonly message: string
}> {}

// ---------------------------------------------------------------------------
// The compiled walker
// ---------------------------------------------------------------------------

/**
 * Thrown inside the walker and caught at the codec boundary. The path is built
 * while unwinding, so a successful walk allocates nothing for it.
 */
class Failure {
  readonly path: Array<string> = []
  readonly message: string
  constructor(message: string) {
    this.message = message
  }
}

const within = (segment: string, e: unknown): never => {
  if (e instanceof Failure) e.path.unshift(segment)
  throw e
}

interface Walker {
  /** Element → encoded value. */
  read(el: XmlElement): unknown
  /** Encoded value → element named `name`. */
  write(value: unknown, name: QName): XmlElement
  /** Set for arrays that repeat inline instead of sitting in a wrapper. */
  readonly repeated?: Walker | undefined
}

interface FieldWalker {
  readonly key: PropertyKey
  readonly name: QName
  readonly optional: boolean
  readonly walker: Walker
}

/** Appends to a list created on first use: most structs have no unknown or repeated children. */
const pushTo = <A>(list: Array<A> | undefined, item: A): Array<A> => {
  if (list === undefined) return [item]
  list.push(item)
  return list
}

const NIL_ATTR: XmlAttribute = { ns: XSI_NS, local: "nil", prefix: "xsi", value: "true" }

const isNilElement = (el: XmlElement): boolean => {
  for (const a of el.attributes) if (a.local === "nil" && a.ns === XSI_NS) return a.value === "true" || a.value === "1"
  return false
}

const make = (
  name: QName,
  text: string,
  children: ReadonlyArray<XmlElement> = [],
  attributes: ReadonlyArray<XmlAttribute> = []
): XmlElement => ({
  ns: name.ns,
  local: name.local,
  attributes,
  children,
  text
})

const leaf: Walker = {
  read: (el) => {
    if (el.children.length > 0) throw new Failure("Expected text content, found child elements")
    return el.text
  },
  write: (value, name) => {
    if (typeof value !== "string") throw new Failure("Expected a string on the encoded side")
    return make(name, value)
  }
}

const opaque: Walker = {
  read: (el) => el,
  write: (value, name) => {
    const el = value as XmlElement
    return el.local === name.local && el.ns === name.ns ? el : { ...el, ns: name.ns, local: name.local }
  }
}

const cache = new WeakMap<AST.AST, Walker>()

const compile = (ast: AST.AST, parentNs: string): Walker => {
  const cached = cache.get(ast)
  if (cached) return cached
  const walker = compileUncached(ast, parentNs)
  cache.set(ast, walker)
  return walker
}

const arrayAnnotation = (ast: AST.AST): XmlArrayAnnotation | undefined => {
  const o = AST.getAnnotation<XmlArrayAnnotation>(ast, XmlArrayId)
  return o._tag === "Some" ? o.value : undefined
}

const compileUncached = (ast: AST.AST, parentNs: string): Walker => {
  switch (ast._tag) {
    case "Transformation":
      return compileArrayOr(ast, () => compile(ast.from, parentNs))
    case "Refinement":
      return compileArrayOr(ast, () => compile(ast.from, parentNs))
    case "Suspend": {
      // Recursive types (ExceptionInfo.InnerException): resolve on first use.
      let inner: Walker | undefined
      const get = () => (inner ??= compile(ast.f(), parentNs))
      return {
        read: (el) => get().read(el),
        write: (v, n) => get().write(v, n)
      }
    }
    case "StringKeyword":
    case "TemplateLiteral":
      return leaf
    case "Literal":
      return leaf
    case "Declaration":
      return opaque
    case "Union":
      return compileUnion(ast, parentNs)
    case "TypeLiteral":
      return compileStruct(ast, parentNs)
    case "TupleType":
      return compileArray(ast, parentNs)
    default:
      throw new Error(`XmlBinding: unsupported schema node ${ast._tag}; wire types must encode to strings`)
  }
}

const compileArrayOr = (ast: AST.AST, otherwise: () => Walker): Walker => {
  const ann = arrayAnnotation(ast)
  if (ann && ast._tag !== "TupleType") {
    // Annotation on a wrapper node (e.g. a refinement of an array): find the tuple below.
    let inner: AST.AST = ast
    while (inner._tag === "Refinement" || inner._tag === "Transformation") inner = inner.from
    if (inner._tag === "TupleType") return compileArrayWith(inner, ann, "")
  }
  return otherwise()
}

const compileUnion = (ast: AST.Union, parentNs: string): Walker => {
  const nonNull = ast.types.filter((t) => !(t._tag === "Literal" && t.literal === null))
  const nillable = nonNull.length !== ast.types.length
  let inner: Walker
  if (nonNull.length === 1) {
    inner = compile(nonNull[0]!, parentNs)
  } else if (nonNull.every(isTextual)) {
    inner = leaf
  } else {
    inner = compilePolymorphic(nonNull, parentNs)
  }
  if (!nillable) return inner
  return {
    read: (el) => (isNilElement(el) ? null : inner.read(el)),
    write: (value, name) => (value === null ? make(name, "", [], [NIL_ATTR]) : inner.write(value, name)),
    repeated: inner.repeated
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

const structAnnotation = (ast: AST.AST): XmlStructAnnotation | undefined => {
  let node: AST.AST = ast
  for (;;) {
    const o = AST.getAnnotation<XmlStructAnnotation>(node, XmlStructId)
    if (o._tag === "Some") return o.value
    if (node._tag === "Refinement" || node._tag === "Transformation") node = node.from
    else return undefined
  }
}

/**
 * A union of complex types: the member is chosen by `xsi:type` on the way in
 * (falling back to the first member), and by best field coverage on the way out.
 */
const compilePolymorphic = (members: ReadonlyArray<AST.AST>, parentNs: string): Walker => {
  const compiled = members.map((m) => ({ ann: structAnnotation(m), walker: compile(m, parentNs), keys: keysOf(m) }))
  return {
    read: (el) => {
      const t = el.xsiType
      const chosen =
        (t && compiled.find((c) => c.ann?.typeName?.local === t.local && c.ann.typeName.ns === t.ns)) ??
        (t && compiled.find((c) => c.ann?.typeName?.local === t.local)) ??
        compiled[0]!
      return chosen.walker.read(el)
    },
    write: (value, name) => {
      const present = typeof value === "object" && value !== null ? Object.keys(value) : []
      let best = compiled[0]!
      let bestScore = -1
      for (const c of compiled) {
        if (!present.every((k) => c.keys.has(k))) continue
        const score = -c.keys.size
        if (bestScore === -1 || score > bestScore) {
          best = c
          bestScore = score
        }
      }
      const el = best.walker.write(value, name)
      return best !== compiled[0] && best.ann?.typeName ? { ...el, xsiType: best.ann.typeName } : el
    }
  }
}

const keysOf = (ast: AST.AST): Set<string> => {
  let node: AST.AST = ast
  while (node._tag === "Refinement" || node._tag === "Transformation") node = node.from
  return new Set(node._tag === "TypeLiteral" ? node.propertySignatures.map((p) => String(p.name)) : [])
}

/** A struct's members as elements: both walkers read a struct's description through this. */
interface StructMember {
  readonly key: PropertyKey
  readonly name: QName
  readonly optional: boolean
  readonly type: AST.AST
}

const structMembers = (
  ast: AST.TypeLiteral,
  parentNs: string
): { readonly members: ReadonlyArray<StructMember>; readonly keepUnknown: boolean } => {
  const ns = structAnnotation(ast)?.ns ?? parentNs
  const members: Array<StructMember> = []
  let keepUnknown = false
  for (const ps of ast.propertySignatures) {
    if (ps.name === UnknownElements) {
      keepUnknown = true
      continue
    }
    const eo = AST.getAnnotation<XmlElementAnnotation>(ps, XmlElementId)
    const ann = eo._tag === "Some" ? eo.value : undefined
    const name: QName = { ns: ann?.ns ?? ns, local: ann?.name ?? String(ps.name) }
    members.push({ key: ps.name, name, optional: ps.isOptional, type: ps.type })
  }
  return { members, keepUnknown }
}

const compileStruct = (ast: AST.TypeLiteral, parentNs: string): Walker => {
  const { members, keepUnknown } = structMembers(ast, parentNs)
  const fields: Array<FieldWalker> = members.map((m) => ({
    key: m.key,
    name: m.name,
    optional: m.optional,
    walker: compile(m.type, m.name.ns)
  }))
  const byLocal = new Map<string, number>()
  for (const [i, f] of fields.entries()) byLocal.set(f.name.local, i)

  const hasRepeated = fields.some((f) => f.walker.repeated !== undefined)
  return {
    read: (el) => {
      const out: Record<PropertyKey, unknown> = {}
      let unknown: Array<XmlElement> | undefined
      const repeats: Array<Array<unknown> | undefined> | undefined = hasRepeated ? new Array(fields.length) : undefined
      for (const c of el.children) {
        const i = byLocal.get(c.local)
        const f = i === undefined ? undefined : fields[i]!
        // Namespaces are matched leniently (by local name) only when one side has none,
        // which is how unqualified senders and doc pages write qualified schemas.
        if (f === undefined || (c.ns !== f.name.ns && c.ns !== "" && f.name.ns !== "")) {
          unknown = pushTo(unknown, c)
          continue
        }
        try {
          if (f.walker.repeated) {
            repeats![i!] = pushTo(repeats![i!], f.walker.repeated.read(c))
          } else if (f.key in out) {
            unknown = pushTo(unknown, c)
          } else {
            out[f.key] = f.walker.read(c)
          }
        } catch (e) {
          within(f.name.local, e)
        }
      }
      for (let i = 0; i < fields.length; i++) {
        const f = fields[i]!
        if (f.walker.repeated) {
          const r = repeats![i]
          if (r !== undefined) out[f.key] = r
          else if (!f.optional) out[f.key] = []
        } else if (!f.optional && !(f.key in out)) {
          within(f.name.local, new Failure("Expected a required element, found none"))
        }
      }
      if (unknown !== undefined && keepUnknown) out[UnknownElements] = unknown
      return out
    },
    write: (value, name) => {
      if (typeof value !== "object" || value === null) throw new Failure("Expected an object")
      const v = value as Record<PropertyKey, unknown>
      const children: Array<XmlElement> = []
      for (const f of fields) {
        const fv = v[f.key]
        if (fv === undefined) {
          if (!f.optional && !f.walker.repeated) within(f.name.local, new Failure("Expected a value"))
          continue
        }
        try {
          if (f.walker.repeated) {
            for (const item of fv as ReadonlyArray<unknown>) children.push(f.walker.repeated.write(item, f.name))
          } else {
            children.push(f.walker.write(fv, f.name))
          }
        } catch (e) {
          within(f.name.local, e)
        }
      }
      const extra = v[UnknownElements] as ReadonlyArray<XmlElement> | undefined
      if (extra) for (const e of extra) children.push(e)
      return make(name, "", children)
    }
  }
}

const compileArray = (ast: AST.TupleType, parentNs: string): Walker => {
  const ann = arrayAnnotation(ast)
  if (!ann) throw new Error("XmlBinding: an array needs ArrayOf(...) or Repeated(...) to say how it is written")
  return compileArrayWith(ast, ann, parentNs)
}

const compileArrayWith = (ast: AST.TupleType, ann: XmlArrayAnnotation, parentNs: string): Walker => {
  const itemAst = ast.rest[0]?.type
  if (itemAst === undefined) throw new Error("XmlBinding: only homogeneous arrays are supported")
  if (ann._tag === "Repeated") {
    const item = compile(itemAst, parentNs)
    return {
      read: () => {
        throw new Error("XmlBinding: a repeated field is read by its struct")
      },
      write: () => {
        throw new Error("XmlBinding: a repeated field is written by its struct")
      },
      repeated: item
    }
  }
  const item = compile(itemAst, ann.item.ns)
  const itemName = ann.item
  return {
    read: (el) => {
      const out: Array<unknown> = []
      for (const c of el.children) {
        if (c.local !== itemName.local) continue
        try {
          out.push(item.read(c))
        } catch (e) {
          within(`${itemName.local}[${out.length}]`, e)
        }
      }
      return out
    },
    write: (value, name) => {
      const items = value as ReadonlyArray<unknown>
      const children: Array<XmlElement> = new Array(items.length)
      for (let i = 0; i < items.length; i++) {
        try {
          children[i] = item.write(items[i], itemName)
        } catch (e) {
          within(`${itemName.local}[${i}]`, e)
        }
      }
      return make(name, "", children)
    }
  }
}

// ---------------------------------------------------------------------------
// The fast path
// ---------------------------------------------------------------------------
//
// For schemas built only from Xs primitives (which carry a LexicalCodec), structs,
// arrays and nil, a second walker reads and writes typed values in one pass. It is
// compiled from the same description; anything it does not cover (refinements,
// polymorphic unions) leaves the whole schema on the two-step path. When it meets a
// value it cannot handle it gives up, and the two-step path runs to give the
// precise, path-carrying error.

/** Thrown by the fast walker to hand over to the two-step path. */
const GIVE_UP: unique symbol = Symbol("XmlBinding/giveUp")

interface Fast {
  read(el: XmlElement): unknown
  write(value: unknown, name: QName): XmlElement
  readonly repeated?: Fast | undefined
}

const fastCache = new WeakMap<AST.AST, Fast | null>()
const inProgress = new Set<AST.AST>()

const compileFast = (ast: AST.AST, parentNs: string): Fast | undefined => {
  const cached = fastCache.get(ast)
  if (cached !== undefined) return cached ?? undefined
  if (inProgress.has(ast)) {
    // A recursive reference: resolved lazily; if the target turns out not to be fast, give up at run time.
    return {
      read: (el) => (fastCache.get(ast) ?? giveUp()).read(el),
      write: (v, n) => (fastCache.get(ast) ?? giveUp()).write(v, n)
    }
  }
  inProgress.add(ast)
  let result: Fast | undefined
  try {
    result = compileFastUncached(ast, parentNs)
  } finally {
    inProgress.delete(ast)
  }
  fastCache.set(ast, result ?? null)
  return result
}

const plainString: LexicalCodec = {
  decode: (s) => s,
  encode: (v) => (typeof v === "string" ? v : INVALID)
}

const giveUp = (): never => {
  throw GIVE_UP
}

const lexicalLeaf = (codec: LexicalCodec): Fast => ({
  read: (el) => {
    if (el.children.length > 0) giveUp()
    const v = codec.decode(el.text)
    return v === INVALID ? giveUp() : v
  },
  write: (value, name) => {
    const s = codec.encode(value)
    return s === INVALID ? giveUp() : make(name, s)
  }
})

const compileFastUncached = (ast: AST.AST, parentNs: string): Fast | undefined => {
  const codec = AST.getAnnotation<LexicalCodec>(ast, LexicalCodecId)
  if (codec._tag === "Some") return lexicalLeaf(codec.value)
  switch (ast._tag) {
    case "Suspend":
      return compileFast(ast.f(), parentNs)
    case "StringKeyword":
      return lexicalLeaf(plainString)
    case "Declaration":
      return ast === Element.ast ? { read: (el) => el, write: opaque.write } : undefined
    case "Union": {
      const nonNull = ast.types.filter((t) => !(t._tag === "Literal" && t.literal === null))
      if (nonNull.length !== 1 || nonNull.length === ast.types.length) return undefined
      const inner = compileFast(nonNull[0]!, parentNs)
      if (inner === undefined) return undefined
      return {
        read: (el) => (isNilElement(el) ? null : inner.read(el)),
        write: (value, name) => (value === null ? make(name, "", [], [NIL_ATTR]) : inner.write(value, name)),
        repeated: inner.repeated
      }
    }
    case "TypeLiteral":
      return compileFastStruct(ast, parentNs)
    case "TupleType": {
      const ann = arrayAnnotation(ast)
      const itemAst = ast.rest[0]?.type
      if (ann === undefined || itemAst === undefined || ast.elements.length > 0) return undefined
      if (ann._tag === "Repeated") {
        const item = compileFast(itemAst, parentNs)
        return item === undefined ? undefined : { read: giveUp, write: giveUp, repeated: item }
      }
      const item = compileFast(itemAst, ann.item.ns)
      if (item === undefined) return undefined
      const itemName = ann.item
      return {
        read: (el) => {
          const out: Array<unknown> = []
          for (const c of el.children) if (c.local === itemName.local) out.push(item.read(c))
          return out
        },
        write: (value, name) => {
          if (!Array.isArray(value)) giveUp()
          const items = value as ReadonlyArray<unknown>
          const children: Array<XmlElement> = new Array(items.length)
          for (let i = 0; i < items.length; i++) children[i] = item.write(items[i], itemName)
          return make(name, "", children)
        }
      }
    }
    default:
      return undefined
  }
}

const compileFastStruct = (ast: AST.TypeLiteral, parentNs: string): Fast | undefined => {
  if (ast.indexSignatures.length > 0) return undefined
  const { members, keepUnknown } = structMembers(ast, parentNs)
  const fields: Array<{ key: PropertyKey; name: QName; optional: boolean; fast: Fast }> = []
  for (const m of members) {
    const fast = compileFast(m.type, m.name.ns)
    if (fast === undefined) return undefined
    fields.push({ key: m.key, name: m.name, optional: m.optional, fast })
  }
  const byLocal = new Map<string, number>()
  for (const [i, f] of fields.entries()) byLocal.set(f.name.local, i)
  return {
    read: (el) => {
      const out: Record<PropertyKey, unknown> = {}
      let unknown: Array<XmlElement> | undefined
      let repeats: Array<Array<unknown> | undefined> | undefined
      for (const c of el.children) {
        const i = byLocal.get(c.local)
        const f = i === undefined ? undefined : fields[i]!
        if (f === undefined || (c.ns !== f.name.ns && c.ns !== "" && f.name.ns !== "")) {
          unknown = pushTo(unknown, c)
        } else if (f.fast.repeated) {
          repeats ??= new Array(fields.length)
          repeats[i!] = pushTo(repeats[i!], f.fast.repeated.read(c))
        } else if (f.key in out) {
          unknown = pushTo(unknown, c)
        } else {
          out[f.key] = f.fast.read(c)
        }
      }
      // Schema.Struct builds its output in declaration order; so must this, or equal values would print differently.
      const ordered: Record<PropertyKey, unknown> = {}
      for (let i = 0; i < fields.length; i++) {
        const f = fields[i]!
        if (f.fast.repeated) {
          const r = repeats?.[i]
          if (r !== undefined) ordered[f.key] = r
          else if (!f.optional) ordered[f.key] = []
        } else if (f.key in out) {
          ordered[f.key] = out[f.key]
        } else if (!f.optional) {
          giveUp()
        }
      }
      if (unknown !== undefined && keepUnknown) ordered[UnknownElements] = unknown
      return ordered
    },
    write: (value, name) => {
      if (typeof value !== "object" || value === null) giveUp()
      const v = value as Record<PropertyKey, unknown>
      const children: Array<XmlElement> = []
      for (const f of fields) {
        const fv = v[f.key]
        if (fv === undefined) {
          if (!f.optional && !f.fast.repeated) giveUp()
          continue
        }
        if (f.fast.repeated) {
          if (!Array.isArray(fv)) giveUp()
          for (const item of fv as ReadonlyArray<unknown>) children.push(f.fast.repeated.write(item, f.name))
        } else {
          children.push(f.fast.write(fv, f.name))
        }
      }
      if (keepUnknown) {
        const extra = v[UnknownElements]
        if (extra !== undefined) {
          if (!Array.isArray(extra)) giveUp()
          for (const e of extra as ReadonlyArray<XmlElement>) children.push(e)
        }
      }
      return make(name, "", children)
    }
  }
}

// ---------------------------------------------------------------------------
// Public codec
// ---------------------------------------------------------------------------

const walkerFor = (schema: Schema.Schema.Any): Walker => compile(schema.ast, "")

export interface CodecOptions {
  /** `false` forces the two-step path (schema-driven); for tests that hold both paths to the same answers. */
  readonly fast?: boolean
}

const safeMessage = (issue: ParseResult.ParseIssue): string =>
  // ArrayFormatter's messages end in `, actual <value>`: drop it, values may be secrets.
  ParseResult.ArrayFormatter.formatIssueSync(issue)
    .map((i) => `${i.path.join(".")}${i.path.length ? ": " : ""}${i.message.replace(/,?\s*actual[\s\S]*$/, "")}`)
    .join("; ")

const failureToError = (direction: "decode" | "encode", root: string, f: Failure): XmlBindingError =>
  new XmlBindingError({ direction, path: [root, ...f.path].join("."), message: f.message })

/**
 * Decodes an element into the schema's type. The element's own name is not checked:
 * the caller (an envelope or a struct) already matched it.
 */
export const decodeElement = <A, I>(schema: Schema.Schema<A, I>, options: CodecOptions = {}) => {
  const walker = walkerFor(schema)
  const fast = options.fast === false ? undefined : compileFast(schema.ast, "")
  // The walker emits only the keys of the struct it chose (by `xsi:type` for a union of
  // complex types), so an excess property can only mean "wrong union member": refusing it
  // makes Schema try the next member instead of stripping the derived type's fields.
  const decode = Schema.decodeUnknownEither(schema, { errors: "all", onExcessProperty: "error" })
  return (el: XmlElement, path = el.local): Either.Either<A, XmlBindingError> => {
    if (fast !== undefined) {
      try {
        return Either.right(fast.read(el) as A)
      } catch (e) {
        if (e !== GIVE_UP) throw e
      }
    }
    let encoded: unknown
    try {
      encoded = walker.read(el)
    } catch (e) {
      if (e instanceof Failure) return Either.left(failureToError("decode", path, e))
      throw e
    }
    return Either.mapLeft(
      decode(encoded),
      (pe) => new XmlBindingError({ direction: "decode", path, message: safeMessage(pe.issue) })
    )
  }
}

/** Encodes a value of the schema's type as an element named `name`. */
export const encodeElement = <A, I>(schema: Schema.Schema<A, I>, options: CodecOptions = {}) => {
  const walker = walkerFor(schema)
  const fast = options.fast === false ? undefined : compileFast(schema.ast, "")
  // Exact first, so a union of complex types encodes a derived value as the derived member
  // rather than as the first (base) member with the extra fields stripped; lenient second,
  // so a value carrying stray properties still encodes as before.
  const encodeExact = Schema.encodeEither(schema, { errors: "all", onExcessProperty: "error" })
  const encodeLenient = Schema.encodeEither(schema, { errors: "all" })
  const encode = (value: A) => Either.orElse(encodeExact(value), () => encodeLenient(value))
  return (value: A, name: QName): Either.Either<XmlElement, XmlBindingError> => {
    if (fast !== undefined) {
      try {
        return Either.right(fast.write(value, name))
      } catch (e) {
        if (e !== GIVE_UP) throw e
      }
    }
    return Either.flatMap(
      Either.mapLeft(
        encode(value),
        (pe) => new XmlBindingError({ direction: "encode", path: name.local, message: safeMessage(pe.issue) })
      ),
      (encoded) => {
        try {
          return Either.right(walker.write(encoded, name))
        } catch (e) {
          if (e instanceof Failure) return Either.left(failureToError("encode", name.local, e))
          throw e
        }
      }
    )
  }
}

/** Encodes a struct as a list of elements (its children), as SOAP headers are written. */
export const encodeChildren = <A, I>(schema: Schema.Schema<A, I>) => {
  const enc = encodeElement(schema)
  return (value: A): Either.Either<ReadonlyArray<XmlElement>, XmlBindingError> =>
    Either.map(enc(value, { ns: "", local: "_" }), (el) => el.children)
}

/** Decodes a list of sibling elements (SOAP headers) as one struct. */
export const decodeChildren = <A, I>(schema: Schema.Schema<A, I>) => {
  const dec = decodeElement(schema)
  return (children: ReadonlyArray<XmlElement>, path = "Header"): Either.Either<A, XmlBindingError> =>
    dec({ ns: "", local: path, attributes: [], children, text: "" }, path)
}
