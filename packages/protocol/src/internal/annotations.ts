import { Schema } from "effect"
import type { QName, XmlElement } from "../XmlNode.ts"

/** @internal */
export const XmlStructId: unique symbol = Symbol.for("@sessionwire/protocol/XmlBinding/Struct")
/** @internal */
export const XmlElementId: unique symbol = Symbol.for("@sessionwire/protocol/XmlBinding/Element")
/** @internal */
export const XmlArrayId: unique symbol = Symbol.for("@sessionwire/protocol/XmlBinding/Array")

/** @internal */
export interface XmlStructAnnotation {
  /** Namespace of the child elements (`elementFormDefault="qualified"` puts them in the target namespace). */
  readonly ns: string
  /** The XSD complex type, used for `xsi:type` selection. */
  readonly typeName?: QName | undefined
}
/** @internal */
export interface XmlElementAnnotation {
  readonly name?: string | undefined
  readonly ns?: string | undefined
}
/** @internal */
export type XmlArrayAnnotation = { readonly _tag: "Wrapped"; readonly item: QName } | { readonly _tag: "Repeated" }

/** @internal */
export const UnknownElements: unique symbol = Symbol.for("@sessionwire/protocol/XmlBinding/UnknownElements")

/** @internal */
export const Element: Schema.Schema<XmlElement> = Schema.declare(
  (u): u is XmlElement =>
    typeof u === "object" && u !== null && "local" in u && "ns" in u && "children" in u && "attributes" in u,
  { identifier: "XmlElement" }
)

/** @internal */
export const ElementAst = Element.ast
