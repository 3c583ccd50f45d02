/**
 * The XML binding: one Effect Schema per wire type, annotated with XML facts
 * (namespaces, item names, inline repetition), from which the TypeScript type,
 * the encoder and the decoder are all derived.
 *
 * One walker, compiled once per schema node, reads and writes typed values directly:
 * reading is driven by the reader's element events, so a reply is decoded while it
 * is parsed, without a tree; a tree (a simulator's request, say) is decoded by
 * replaying it as events. Leaves carry a `LexicalCodec`; a refinement or
 * transformation without one is checked by its own Schema at that node.
 *
 * @since 0.1.0
 */
import { SchemaAST as AST, Data, Either, Schema } from "effect"
import * as annotations from "./internal/annotations.ts"
import * as walker from "./internal/walker.ts"
import type { QName, XmlElement } from "./XmlNode.ts"

// ---------------------------------------------------------------------------
// Annotations
// ---------------------------------------------------------------------------

/**
 * Struct annotation: the namespace of its child elements and its XSD type name.
 *
 * @since 0.1.0
 * @category annotations
 */
export const XmlStructId: typeof annotations.XmlStructId = annotations.XmlStructId
/**
 * Property annotation: element name and namespace when they differ from the key and the struct's namespace.
 *
 * @since 0.1.0
 * @category annotations
 */
export const XmlElementId: typeof annotations.XmlElementId = annotations.XmlElementId
/**
 * Array annotation: the wrapped item element (`ArrayOfX` → `<X>`), or inline repetition.
 *
 * @since 0.1.0
 * @category annotations
 */
export const XmlArrayId: typeof annotations.XmlArrayId = annotations.XmlArrayId

/**
 * @since 0.1.0
 * @category annotations
 */
export type XmlStructAnnotation = annotations.XmlStructAnnotation
/**
 * @since 0.1.0
 * @category annotations
 */
export type XmlElementAnnotation = annotations.XmlElementAnnotation
/**
 * @since 0.1.0
 * @category annotations
 */
export type XmlArrayAnnotation = annotations.XmlArrayAnnotation

/**
 * Elements a struct did not describe, kept in order under a symbol key so they
 * survive a decode/encode round trip without showing up in JSON output.
 *
 * @since 0.1.0
 * @category symbols
 */
export const UnknownElements: typeof annotations.UnknownElements = annotations.UnknownElements
/**
 * @since 0.1.0
 * @category symbols
 */
export type UnknownElements = typeof UnknownElements

/**
 * An opaque element tree, for `xs:any` and for the elements a struct does not know.
 *
 * @since 0.1.0
 * @category combinators
 */
export const Element: Schema.Schema<XmlElement> = annotations.Element

const unknownElementsField = Schema.optionalWith(Schema.Array(Element), { exact: true })

// ---------------------------------------------------------------------------
// Combinators: how wire types are described
// ---------------------------------------------------------------------------

/**
 * @since 0.1.0
 * @category models
 */
export type Fields = Schema.Struct.Fields
/**
 * @since 0.1.0
 * @category models
 */
export type XmlStruct<F extends Fields> = Schema.Struct<F & { readonly [UnknownElements]: typeof unknownElementsField }>

/**
 * A complex type with a sequence: the property order is the element order.
 * Every struct tolerates elements it does not know and keeps them.
 *
 * @since 0.1.0
 * @category combinators
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
 *
 * @since 0.1.0
 * @category combinators
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

/**
 * Names a field's element explicitly (a different local name or namespace than the struct's).
 *
 * @since 0.1.0
 * @category combinators
 */
export const element = <S extends Schema.Struct.Field>(field: S, ann: XmlElementAnnotation): S =>
  withElement(field, ann) as S

/**
 * `minOccurs="0"`: the element may be absent. Distinct from {@link Nillable}.
 *
 * @since 0.1.0
 * @category combinators
 */
export const Optional = <S extends Schema.Schema.Any>(schema: S) => Schema.optionalWith(schema, { exact: true })

/**
 * `nillable="true"`: the element is present with `xsi:nil="true"`, read as `null`.
 *
 * @since 0.1.0
 * @category combinators
 */
export const Nillable = <S extends Schema.Schema.Any>(schema: S) => Schema.NullOr(schema)

/**
 * `minOccurs="0" nillable="true"`: absent, nil and a value are three different things.
 *
 * @since 0.1.0
 * @category combinators
 */
export const OptionalNillable = <S extends Schema.Schema.Any>(schema: S) =>
  Schema.optionalWith(Schema.NullOr(schema), { exact: true })

/**
 * A wrapped array (`ArrayOfX` containing `<X>` items), as WCF and the Serialization/Arrays namespace write them.
 *
 * @since 0.1.0
 * @category combinators
 */
export const ArrayOf = <S extends Schema.Schema.Any>(item: S, itemName: QName) =>
  Schema.Array(item).annotations({ [XmlArrayId]: { _tag: "Wrapped", item: itemName } satisfies XmlArrayAnnotation })

/**
 * `maxOccurs="unbounded"` directly in a sequence: the field's element repeats in place.
 *
 * @since 0.1.0
 * @category combinators
 */
export const Repeated = <S extends Schema.Schema.Any>(item: S) =>
  Schema.Array(item).annotations({ [XmlArrayId]: { _tag: "Repeated" } satisfies XmlArrayAnnotation })

/**
 * A WCF dictionary (`IsDictionary`): an array of `KeyValueOf…` items with `Key` and `Value`.
 * Kept as ordered pairs, which loses nothing a map would.
 *
 * @since 0.1.0
 * @category combinators
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
 *
 * @since 0.1.0
 * @category errors
 */
export class XmlBindingError extends Data.TaggedError("XmlBindingError")<{
  readonly direction: "decode" | "encode"
  readonly path: string
  readonly message: string
}> {}

// ---------------------------------------------------------------------------
// Codecs
// ---------------------------------------------------------------------------

const failureToError = (direction: "decode" | "encode", root: string, f: walker.Failure): XmlBindingError => {
  const path = [root, ...f.path].join(".")
  return new XmlBindingError({ direction, path, message: `${path}: ${f.message}` })
}

/**
 * A wire type compiled for both directions.
 *
 * @since 0.2.0
 * @category internals
 */
export type Node = walker.Node

/**
 * The walker of a schema, for readers that drive it with their own events (the
 * envelope and message readers). Compiled on first use.
 *
 * @since 0.2.0
 * @category internals
 */
export const node = (schema: Schema.Schema.Any): walker.Node => walker.compile(schema.ast, "")

/**
 * A decode failure met while a reader drove the walker: `path` lists the element
 * names from the decoded element down.
 *
 * @since 0.2.0
 * @category internals
 */
export const fromFailure = (e: unknown, path: ReadonlyArray<string>): XmlBindingError => {
  if (!(e instanceof walker.Failure)) throw e
  const full = [...path, ...e.path].join(".")
  return new XmlBindingError({ direction: "decode", path: full, message: `${full}: ${e.message}` })
}

/**
 * Decodes an element into the schema's type. The element's own name is not checked:
 * the caller (an envelope or a struct) already matched it.
 *
 * @since 0.1.0
 * @category codecs
 */
export const decodeElement = <A, I>(schema: Schema.Schema<A, I>) => {
  let compiled: walker.Node | undefined
  return (el: XmlElement, path = el.local): Either.Either<A, XmlBindingError> => {
    compiled ??= node(schema)
    try {
      const frame = compiled.reader.start(el)
      replayChecked(frame, el)
      return Either.right(frame.end() as A)
    } catch (e) {
      if (e instanceof walker.Failure) return Either.left(failureToError("decode", path, e))
      throw e
    }
  }
}

const replayChecked = (frame: walker.Frame, el: XmlElement): void => {
  if (el.text !== "") frame.text(el.text)
  for (const c of el.children) {
    try {
      const f = frame.child(c)
      replayChecked(f, c)
      frame.put(f.end())
    } catch (e) {
      if (e instanceof walker.Failure) e.path.unshift(c.local)
      throw e
    }
  }
}

/**
 * Encodes a value of the schema's type as an element named `name`.
 *
 * @since 0.1.0
 * @category codecs
 */
export const encodeElement = <A, I>(schema: Schema.Schema<A, I>) => {
  let compiled: walker.Node | undefined
  return (value: A, name: QName): Either.Either<XmlElement, XmlBindingError> => {
    compiled ??= node(schema)
    try {
      return Either.right(compiled.write(value, name))
    } catch (e) {
      if (e instanceof walker.Failure) return Either.left(failureToError("encode", name.local, e))
      throw e
    }
  }
}

/**
 * Encodes a struct as a list of elements (its children), as SOAP headers are written.
 *
 * @since 0.1.0
 * @category codecs
 */
export const encodeChildren = <A, I>(schema: Schema.Schema<A, I>) => {
  const enc = encodeElement(schema)
  return (value: A): Either.Either<ReadonlyArray<XmlElement>, XmlBindingError> =>
    Either.map(enc(value, { ns: "", local: "_" }), (el) => el.children)
}

/**
 * Decodes a list of sibling elements (SOAP headers) as one struct.
 *
 * @since 0.1.0
 * @category codecs
 */
export const decodeChildren = <A, I>(schema: Schema.Schema<A, I>) => {
  const dec = decodeElement(schema)
  return (children: ReadonlyArray<XmlElement>, path = "Header"): Either.Either<A, XmlBindingError> =>
    dec({ ns: "", local: path, attributes: [], children, text: "" }, path)
}
