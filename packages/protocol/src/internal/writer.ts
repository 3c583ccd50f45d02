/**
 * The fast XML writer: an `XmlElement` tree to a compact XML 1.0 string, in one pass
 * and without dependencies, because every request goes through it.
 *
 * Every namespace is declared once, on the root element, so a document diffs cleanly
 * and a receiving parser resolves each prefix from one place. No default namespace is
 * ever declared, so an element with namespace `""` is simply unprefixed.
 */
import { Either } from "effect"
import { XmlWriteError } from "../XmlError.ts"
import { JAVA_TYPE_NS, XML_NS, XMLNS_NS, type XmlAttribute, type XmlElement, XS_NS, XSI_NS } from "../XmlNode.ts"

export interface WriteOptions {
  /** Namespace URI → preferred prefix; wins over the prefixes recorded in the tree. */
  readonly prefixes?: Readonly<Record<string, string>>
  /** Whether to start with `<?xml version="1.0" encoding="utf-8"?>`; default `true`. */
  readonly declaration?: boolean
}

/** The declaration both writers emit. */
export const DECLARATION = `<?xml version="1.0" encoding="utf-8"?>`

// Characters that need escaping in text, or that XML 1.0 cannot carry at all; a
// surrogate may be half of a valid pair, so it only sends the value to the slow path.
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what this looks for
const TEXT_SPECIAL = /[&<>\r\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what this looks for
const ATTRIBUTE_SPECIAL = /[&<>"\t\n\r\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/

const NCNAME_ASCII = /^[A-Za-z_][A-Za-z0-9_.-]*$/
const NCNAME =
  /^[A-Z_a-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C-\u200D\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD\u{10000}-\u{EFFFF}][\u0300-\u036FA-Z_a-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C-\u200D\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD\u{10000}-\u{EFFFF}\-.0-9\u00B7\u203F\u2040]*$/u

/** Whether `name` is an NCName (an XML name without a colon), i.e. usable as a prefix or local name. */
export const isNCName = (name: string): boolean => NCNAME_ASCII.test(name) || NCNAME.test(name)

/** Prefixes no namespace may take from a hint: the reserved `xml*` family and Castor's `java`. */
const isReservedPrefix = (prefix: string): boolean =>
  prefix === "java" || (prefix.length >= 3 && prefix.slice(0, 3).toLowerCase() === "xml")

/** Conventional prefixes, used when neither the options nor the tree suggest one. */
const CONVENTIONAL: ReadonlyMap<string, string> = new Map([
  [XSI_NS, "xsi"],
  [XS_NS, "xsd"]
])

/** What kind of character was refused, for a message that must not quote the value. */
const describeInvalid = (code: number): string =>
  code >= 0xd800 && code <= 0xdfff
    ? "a lone surrogate"
    : code === 0xfffe || code === 0xffff
      ? "a noncharacter (U+FFFE or U+FFFF)"
      : `a control character (U+${code.toString(16).toUpperCase().padStart(4, "0")})`

/** State of one `write` call. */
class Writer {
  private readonly preferred: Readonly<Record<string, string>> | undefined
  /** Prefixes the options reserve, so a hint or a generated name never takes one from its namespace. */
  private readonly claimed: ReadonlySet<string> | undefined
  private readonly prefixByNs = new Map<string, string>()
  private readonly usedPrefixes = new Set<string>()
  private generated = 0
  /** The `xmlns:*` declarations for the root element, in order of first use. */
  declarations = ""
  /** The elements from the root to the one being written, for error paths only. */
  private readonly stack: Array<XmlElement> = []

  constructor(options: WriteOptions | undefined) {
    const preferred = options?.prefixes
    this.preferred = preferred
    if (preferred !== undefined) {
      const claimed = new Set<string>()
      for (const ns of Object.keys(preferred)) claimed.add(preferred[ns]!)
      this.claimed = claimed
    } else this.claimed = undefined
  }

  // -- errors -----------------------------------------------------------------

  /** `/Envelope/Body/Item[2]/@name`: local names, with a position where siblings share the name. */
  path(attribute?: string): string {
    let out = ""
    const stack = this.stack
    for (let i = 0; i < stack.length; i++) {
      const el = stack[i]!
      out += "/" + el.local
      const parent = stack[i - 1]
      if (parent !== undefined) {
        let position = 0
        let count = 0
        for (const sibling of parent.children) {
          if (sibling.local === el.local && sibling.ns === el.ns) {
            count++
            if (sibling === el) position = count
          }
        }
        if (count > 1) out += `[${position}]`
      }
    }
    if (out === "") out = "/"
    return attribute === undefined ? out : `${out}/@${attribute}`
  }

  fail(message: string, attribute?: string): never {
    const path = this.path(attribute)
    throw new XmlWriteError({ message: `${message} at ${path}`, path })
  }

  // -- escaping ----------------------------------------------------------------

  /** Escapes `value` for text (`inAttribute` false) or a double-quoted attribute value. */
  private escapeSlow(value: string, inAttribute: boolean, what: string, attribute: string | undefined): string {
    let out = ""
    let last = 0
    const length = value.length
    for (let i = 0; i < length; i++) {
      const c = value.charCodeAt(i)
      let replacement: string
      if (c >= 0x20 && c < 0xd800) {
        if (c === 0x26) replacement = "&amp;"
        else if (c === 0x3c) replacement = "&lt;"
        else if (c === 0x3e) replacement = "&gt;"
        else if (c === 0x22 && inAttribute) replacement = "&quot;"
        else continue
      } else if (c === 0x0d) replacement = "&#13;"
      else if (c === 0x0a || c === 0x09) {
        // Attribute-value normalisation would turn a literal tab or newline into a space.
        if (!inAttribute) continue
        replacement = c === 0x0a ? "&#10;" : "&#9;"
      } else if (c >= 0xd800 && c <= 0xdbff && (value.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
        i++
        continue
      } else if (c >= 0xe000 && c !== 0xfffe && c !== 0xffff) {
        continue
      } else {
        this.fail(`${what} contains ${describeInvalid(c)}, which XML 1.0 cannot carry,`, attribute)
      }
      out += value.slice(last, i) + replacement
      last = i + 1
    }
    return last === 0 ? value : out + value.slice(last)
  }

  text(value: string): string {
    return TEXT_SPECIAL.test(value) ? this.escapeSlow(value, false, "text", undefined) : value
  }

  attributeValue(value: string, attribute: string | undefined, what = "attribute value"): string {
    return ATTRIBUTE_SPECIAL.test(value) ? this.escapeSlow(value, true, what, attribute) : value
  }

  // -- names ------------------------------------------------------------------

  private isFree(prefix: string | undefined): prefix is string {
    return (
      prefix !== undefined &&
      prefix !== "" &&
      !this.usedPrefixes.has(prefix) &&
      !isReservedPrefix(prefix) &&
      this.claimed?.has(prefix) !== true &&
      isNCName(prefix)
    )
  }

  /** The prefix of `ns`, chosen and declared on first use. */
  prefixFor(ns: string, hint: string | undefined): string {
    const known = this.prefixByNs.get(ns)
    if (known !== undefined) return known
    let prefix: string
    if (ns === XML_NS) {
      // Bound by definition; declaring it is allowed but pointless.
      prefix = "xml"
      this.prefixByNs.set(ns, prefix)
      return prefix
    }
    if (ns === XMLNS_NS) this.fail("namespace declarations are generated by the writer, not given as attributes")
    // Own properties only: a namespace named like an Object.prototype member must not find one.
    const preferred = this.preferred !== undefined && Object.hasOwn(this.preferred, ns) ? this.preferred[ns] : undefined
    if (preferred !== undefined && !this.usedPrefixes.has(preferred) && isNCName(preferred)) {
      if (isReservedPrefix(preferred) && !(preferred === "java" && ns === JAVA_TYPE_NS)) {
        this.fail(`the prefix ${JSON.stringify(preferred)} is reserved`)
      }
      prefix = preferred
    } else if (ns === JAVA_TYPE_NS && !this.usedPrefixes.has("java")) prefix = "java"
    else if (this.isFree(hint)) prefix = hint
    else if (this.isFree(CONVENTIONAL.get(ns))) prefix = CONVENTIONAL.get(ns)!
    else {
      do prefix = `ns${++this.generated}`
      while (this.usedPrefixes.has(prefix) || this.claimed?.has(prefix) === true)
    }
    this.prefixByNs.set(ns, prefix)
    this.usedPrefixes.add(prefix)
    this.declarations += ` xmlns:${prefix}="${this.attributeValue(ns, undefined, "namespace URI")}"`
    return prefix
  }

  localName(local: string, attribute?: string): string {
    if (!isNCName(local)) {
      this.fail(attribute === undefined ? "element name is not an NCName" : "attribute name is not an NCName")
    }
    return local
  }

  // -- elements ---------------------------------------------------------------

  /** The attributes of `el` as ` name="value"` pairs, `xsi:type` included. */
  private attributes(el: XmlElement): string {
    let out = ""
    const attributes = el.attributes
    const xsiType = el.xsiType
    for (let i = 0; i < attributes.length; i++) {
      const a = attributes[i]!
      // `xsiType` is authoritative; a stale `xsi:type` attribute copied along with it would clash.
      if (xsiType !== undefined && a.local === "type" && a.ns === XSI_NS) continue
      if (i > 0) this.checkDuplicate(attributes, i)
      out += ` ${this.attributeName(a)}="${this.attributeValue(a.value, a.local)}"`
    }
    if (xsiType !== undefined) {
      const local = this.localName(xsiType.local, "type")
      const value =
        xsiType.ns === ""
          ? local
          : xsiType.ns === JAVA_TYPE_NS
            ? `java:${local}`
            : `${this.prefixFor(xsiType.ns, undefined)}:${local}`
      out += ` ${this.prefixFor(XSI_NS, "xsi")}:type="${this.attributeValue(value, "type")}"`
    }
    return out
  }

  private attributeName(a: XmlAttribute): string {
    const local = this.localName(a.local, a.local)
    if (a.ns === "") {
      if (local === "xmlns") this.fail("namespace declarations are generated by the writer, not given as attributes")
      return local
    }
    return `${this.prefixFor(a.ns, a.prefix)}:${local}`
  }

  private checkDuplicate(attributes: ReadonlyArray<XmlAttribute>, i: number): void {
    const a = attributes[i]!
    for (let j = 0; j < i; j++) {
      const b = attributes[j]!
      if (b.local === a.local && b.ns === a.ns) this.fail("duplicate attribute", a.local)
    }
  }

  private qname(el: XmlElement): string {
    const local = this.localName(el.local)
    return el.ns === "" ? local : `${this.prefixFor(el.ns, el.prefix)}:${local}`
  }

  /**
   * The text and descendants of `parent`, the element on top of `stack`. A loop over an
   * explicit stack rather than recursion, so a tree of any depth is written instead of
   * overflowing the call stack (a RangeError, not an `XmlWriteError`). Side effects keep
   * the recursive order (name, attributes, text, children), so prefixes are chosen in
   * order of first use.
   */
  private content(parent: XmlElement): string {
    let out = parent.text === "" ? "" : this.text(parent.text)
    const stack = this.stack
    const base = stack.length - 1
    // For each open element from `parent` down: its qualified name and the next child to write.
    const names: Array<string> = [""]
    const next: Array<number> = [0]
    for (;;) {
      const level = stack.length - 1 - base
      const open = stack[stack.length - 1]!
      const i = next[level]!
      if (i < open.children.length) {
        next[level] = i + 1
        const el = open.children[i]!
        stack.push(el)
        const name = this.qname(el)
        out += `<${name}${this.attributes(el)}`
        if (el.text === "" && el.children.length === 0) {
          out += "/>"
          stack.pop()
        } else {
          out += el.text === "" ? ">" : `>${this.text(el.text)}`
          names.push(name)
          next.push(0)
        }
      } else {
        if (level === 0) return out
        out += `</${names.pop()}>`
        next.pop()
        stack.pop()
      }
    }
  }

  /** The root is assembled last: its start tag carries every declaration the whole tree needed. */
  document(root: XmlElement, declaration: boolean): string {
    this.stack.push(root)
    const name = this.qname(root)
    const attributes = this.attributes(root)
    const empty = root.text === "" && root.children.length === 0
    const body = empty ? "" : this.content(root)
    const start = `<${name}${this.declarations}${attributes}`
    const xml = empty ? `${start}/>` : `${start}>${body}</${name}>`
    return declaration ? DECLARATION + xml : xml
  }
}

/**
 * Writes `root` as a compact XML 1.0 document.
 *
 * Prefixes: `options.prefixes` first, then the tree's own prefix if still free, then
 * `xsi`/`xsd` for those namespaces, then `ns1`, `ns2`, …
 *
 * Depth is not limited: the tree is walked with an explicit stack, never by recursion.
 *
 * @throws XmlWriteError when the tree holds a character XML 1.0 cannot carry, a name
 * that is not an NCName or a duplicate attribute.
 */
export const write = (root: XmlElement, options?: WriteOptions): string =>
  new Writer(options).document(root, options?.declaration !== false)

/** `write`, with the failure as a value. */
export const writeEither = (root: XmlElement, options?: WriteOptions): Either.Either<string, XmlWriteError> => {
  try {
    return Either.right(write(root, options))
  } catch (error) {
    if (error instanceof XmlWriteError) return Either.left(error)
    throw error
  }
}
