/**
 * The compact, namespace-resolved element tree shared by the reader, the writer,
 * the binding and the envelopes.
 *
 * Text is kept as one concatenated string per element: the vendor dialects carry
 * data, not mixed content, and a single string keeps the tree small for 10k-item arrays.
 *
 * @since 0.1.0
 */

/**
 * A namespace-qualified name. `ns` is `""` for no namespace.
 *
 * @since 0.1.0
 * @category models
 */
export interface QName {
  readonly ns: string
  readonly local: string
}

/**
 * @since 0.1.0
 * @category models
 */
export interface XmlAttribute {
  readonly ns: string
  readonly local: string
  /** The prefix seen on the wire (reader) or preferred (writer); never semantically significant. */
  readonly prefix?: string | undefined
  readonly value: string
}

/**
 * @since 0.1.0
 * @category models
 */
export interface XmlElement {
  readonly ns: string
  readonly local: string
  /** The prefix seen on the wire (reader) or preferred (writer); never semantically significant. */
  readonly prefix?: string | undefined
  /** Attributes other than namespace declarations. */
  readonly attributes: ReadonlyArray<XmlAttribute>
  readonly children: ReadonlyArray<XmlElement>
  /** The concatenated character data directly inside this element (CDATA included). */
  readonly text: string
  /**
   * `xsi:type`, resolved against the namespaces in scope where it appeared,
   * because a QName-valued attribute cannot be resolved once the tree is detached.
   */
  readonly xsiType?: QName | undefined
}

/**
 * @since 0.1.0
 * @category constants
 */
export const XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
/**
 * @since 0.1.0
 * @category constants
 */
export const XS_NS = "http://www.w3.org/2001/XMLSchema"
/**
 * @since 0.1.0
 * @category constants
 */
export const XMLNS_NS = "http://www.w3.org/2000/xmlns/"
/**
 * @since 0.1.0
 * @category constants
 */
export const XML_NS = "http://www.w3.org/XML/1998/namespace"

/**
 * @since 0.1.0
 * @category constructors
 */
export const qname = (ns: string, local: string): QName => ({ ns, local })

/**
 * @since 0.1.0
 * @category constructors
 */
export const element = (
  ns: string,
  local: string,
  content: {
    readonly attributes?: ReadonlyArray<XmlAttribute>
    readonly children?: ReadonlyArray<XmlElement>
    readonly text?: string
    readonly prefix?: string
    readonly xsiType?: QName
  } = {}
): XmlElement => ({
  ns,
  local,
  prefix: content.prefix,
  attributes: content.attributes ?? [],
  children: content.children ?? [],
  text: content.text ?? "",
  xsiType: content.xsiType
})

/**
 * @since 0.1.0
 * @category guards
 */
export const is = (el: XmlElement, ns: string, local: string): boolean => el.local === local && el.ns === ns

/**
 * @since 0.1.0
 * @category accessors
 */
export const attribute = (el: XmlElement, ns: string, local: string): string | undefined => {
  for (const a of el.attributes) if (a.local === local && a.ns === ns) return a.value
  return undefined
}

/**
 * @since 0.1.0
 * @category accessors
 */
export const child = (el: XmlElement, ns: string, local: string): XmlElement | undefined => {
  for (const c of el.children) if (c.local === local && c.ns === ns) return c
  return undefined
}

/**
 * Finds a child by local name only, for dialects whose senders disagree on namespaces.
 *
 * @since 0.1.0
 * @category accessors
 */
export const childLocal = (el: XmlElement, local: string): XmlElement | undefined => {
  for (const c of el.children) if (c.local === local) return c
  return undefined
}

/**
 * @since 0.1.0
 * @category guards
 */
export const isNil = (el: XmlElement): boolean => {
  const v = attribute(el, XSI_NS, "nil")
  return v === "true" || v === "1"
}

/**
 * Clark notation, `{ns}local`, for messages and map keys.
 *
 * @since 0.1.0
 * @category formatting
 */
export const clark = (q: QName): string => (q.ns === "" ? q.local : `{${q.ns}}${q.local}`)

/**
 * The pseudo-namespace of Castor's `xsi:type="java:com.example.Type"` convention, which the
 * WebEx XML API expects in requests with the `java` prefix never declared. The reader resolves
 * an undeclared `java` prefix in `xsi:type` to it; the writers emit it as that undeclared prefix.
 *
 * @since 0.1.0
 * @category constants
 */
export const JAVA_TYPE_NS = "java:"
