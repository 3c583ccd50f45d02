/**
 * The hardened XML reader: bytes or text in, a namespace-resolved `XmlElement`
 * tree (or a stream of events) out, with every failure a typed `XmlReadError`.
 *
 * It refuses DOCTYPEs and undefined entities outright, so XXE and entity-expansion
 * bombs never get a foothold, and it enforces size limits while parsing rather than
 * after: input is fed to saxes in chunks and the parser's pending buffers are
 * checked between chunks, so a hostile document fails at the limit instead of
 * being buffered whole.
 *
 * It imports no runtime built-ins, so it runs unchanged on Node and in workerd.
 */
import { Context, Effect, Either } from "effect"
import { type SaxesAttributeNS, SaxesParser, type SaxesTagNS } from "saxes"
import {
  XmlEncodingError,
  XmlForbiddenConstruct,
  XmlLimitExceeded,
  type XmlLimitName,
  type XmlReadError,
  XmlSyntaxError
} from "../XmlError.ts"
import { JAVA_TYPE_NS, type QName, type XmlAttribute, type XmlElement, XSI_NS } from "../XmlNode.ts"

/** Size limits, all checked while parsing. */
export interface XmlLimits {
  /** Total input size in bytes (UTF-8 bytes for string input). */
  readonly maxBytes: number
  /** Nesting depth; the root element is depth 1. */
  readonly maxDepth: number
  /** Attributes per element, namespace declarations included. */
  readonly maxAttributes: number
  /** Characters of text in one element (and of any other pending buffer: attribute value, comment, name). */
  readonly maxTextLength: number
  /** Elements in the whole document. */
  readonly maxElements: number
}

/**
 * Generous enough for a 10 MB array response of ~300k elements, tight enough that a
 * hostile document fails long before it exhausts a Worker's memory.
 */
export const defaultLimits: XmlLimits = {
  maxBytes: 64 * 1024 * 1024,
  maxDepth: 256,
  maxAttributes: 256,
  maxTextLength: 16 * 1024 * 1024,
  maxElements: 2_000_000
}

export interface ReadOptions {
  /** Overrides some limits; the rest come from `defaultLimits` (`readSync`) or `XmlReaderLimits` (`read`). */
  readonly limits?: Partial<XmlLimits>
  /**
   * The charset the transport announced (an HTTP `Content-Type` parameter), used for
   * bytes whose XML declaration names none: servers that send ISO-8859-1 often say so only there.
   */
  readonly charset?: string | undefined
}

/**
 * The limits `read` applies when the call does not override them, so a Layer can
 * configure them for a whole program.
 */
export class XmlReaderLimits extends Context.Reference<XmlReaderLimits>()("@sessionwire/protocol/XmlReaderLimits", {
  defaultValue: (): XmlLimits => defaultLimits
}) {}

/** What `readEvents` reports when an element opens. */
export interface XmlOpenEvent {
  readonly ns: string
  readonly local: string
  /** The prefix on the wire, `""` when unprefixed. */
  readonly prefix: string
  /** Attributes other than namespace declarations. */
  readonly attributes: ReadonlyArray<XmlAttribute>
  /** `xsi:type`, resolved against the namespaces in scope. */
  readonly xsiType: QName | undefined
}

/** Streaming callbacks for `readEvents`. `depth` is 1 for the root element. */
export interface XmlEventHandlers {
  open?(el: XmlOpenEvent, depth: number): void
  /** Character data inside the root element, CDATA included, in document order. */
  text?(text: string): void
  close?(ns: string, local: string, depth: number): void
}

// ---------------------------------------------------------------------------
// Decoding
// ---------------------------------------------------------------------------

const utf8Decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true })

/** Names (lower-cased) decoded as UTF-8; US-ASCII is a subset, so the UTF-8 decoder validates it too. */
const UTF8_NAMES: ReadonlySet<string> = new Set(["utf-8", "utf8", "us-ascii", "ascii"])
const LATIN1_NAMES: ReadonlySet<string> = new Set([
  "iso-8859-1",
  "iso8859-1",
  "iso_8859-1",
  "iso_8859-1:1987",
  "latin1",
  "latin-1",
  "l1"
])

const ENCODING_IN_DECLARATION = /^<\?xml\s[^>]*?\bencoding\s*=\s*(?:"([^"]*)"|'([^']*)')/

/**
 * Reads the `encoding` pseudo-attribute of an XML declaration at `offset`. The
 * declaration is ASCII in every encoding this reader accepts, so bytes map 1:1 to characters.
 */
const declaredEncoding = (bytes: Uint8Array, offset: number): string | undefined => {
  // "<?xml" followed by whitespace; anything else is not a declaration.
  if (
    bytes[offset] !== 0x3c ||
    bytes[offset + 1] !== 0x3f ||
    bytes[offset + 2] !== 0x78 ||
    bytes[offset + 3] !== 0x6d ||
    bytes[offset + 4] !== 0x6c
  ) {
    return undefined
  }
  const end = Math.min(bytes.length, offset + 512)
  let head = ""
  for (let i = offset; i < end; i++) {
    const b = bytes[i]!
    head += String.fromCharCode(b)
    if (b === 0x3e) break
  }
  const m = ENCODING_IN_DECLARATION.exec(head)
  return m === null ? undefined : (m[1] ?? m[2])
}

const isAscii = (bytes: Uint8Array): boolean => {
  for (let i = 0; i < bytes.length; i++) if (bytes[i]! > 0x7f) return false
  return true
}

/** Each byte is its own code point; decoded by hand because TextDecoder("latin1") is really windows-1252. */
const decodeLatin1 = (bytes: Uint8Array): string => {
  const step = 0x2000
  let out = ""
  for (let i = 0; i < bytes.length; i += step) {
    out += String.fromCharCode.apply(null, bytes.subarray(i, i + step) as unknown as Array<number>)
  }
  return out
}

/** Offset of the first byte that does not start a valid UTF-8 sequence (overlongs and surrogates included). */
const firstInvalidUtf8 = (bytes: Uint8Array, from: number): number => {
  let i = from
  while (i < bytes.length) {
    const b = bytes[i]!
    if (b < 0x80) {
      i++
      continue
    }
    let need: number
    let min: number
    let cp: number
    if (b >= 0xc2 && b <= 0xdf) {
      need = 1
      min = 0x80
      cp = b & 0x1f
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2
      min = 0x800
      cp = b & 0x0f
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3
      min = 0x10000
      cp = b & 0x07
    } else {
      return i
    }
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k]
      if (c === undefined || (c & 0xc0) !== 0x80) return i
      cp = (cp << 6) | (c & 0x3f)
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i
    i += need + 1
  }
  return bytes.length
}

/** Line and column (both 1-based) of a byte offset, for encoding errors found before parsing. */
const positionOfByte = (bytes: Uint8Array, from: number, offset: number): { line: number; column: number } => {
  let line = 1
  let lineStart = from
  for (let i = from; i < offset; i++) {
    if (bytes[i] === 0x0a) {
      line++
      lineStart = i + 1
    }
  }
  // The bytes before the offset are valid, so they decode; columns count characters like saxes does.
  const column = [...utf8Decoder.decode(bytes.subarray(lineStart, offset))].length + 1
  return { line, column }
}

const encodingError = (encoding: string, message: string, line = 1, column = 0): XmlEncodingError =>
  new XmlEncodingError({ encoding, message, line, column })

/**
 * Where the text saxes reads comes from: it is handed over piece by piece, so a large
 * reply is never held as one string beside its bytes. Returns the first encoding error.
 */
type Source = (emit: (text: string) => void) => XmlEncodingError | undefined

const sliced =
  (text: string): Source =>
  (emit) => {
    const length = text.length
    if (length <= CHUNK) emit(text)
    else for (let offset = 0; offset < length; offset += CHUNK) emit(text.slice(offset, offset + CHUNK))
    return undefined
  }

const invalidUtf8 = (bytes: Uint8Array, start: number, declared: string | undefined, name: string) => {
  const offset = firstInvalidUtf8(bytes, start)
  const at = positionOfByte(bytes, start, offset)
  return encodingError(
    declared ?? "UTF-8",
    name === "utf-8" || name === "utf8" ? "invalid UTF-8 byte sequence" : `byte outside ${declared}`,
    at.line,
    at.column
  )
}

const decodeBytes = (bytes: Uint8Array, charset: string | undefined): Source | XmlEncodingError => {
  const b0 = bytes[0]
  const b1 = bytes[1]
  if ((b0 === 0xfe && b1 === 0xff) || (b0 === 0xff && b1 === 0xfe)) {
    return encodingError("UTF-16", "UTF-16 is not supported; send UTF-8 or ISO-8859-1")
  }
  // "<" in UTF-16 or UTF-32 without a byte order mark.
  if (bytes.length >= 2 && (b0 === 0x00 || b1 === 0x00)) {
    return encodingError("UTF-16", "UTF-16 and UTF-32 are not supported; send UTF-8 or ISO-8859-1")
  }
  const bom = b0 === 0xef && b1 === 0xbb && bytes[2] === 0xbf
  const start = bom ? 3 : 0
  const declared = declaredEncoding(bytes, start) ?? (bom ? undefined : charset)
  const name = declared === undefined ? "utf-8" : declared.toLowerCase()
  if (UTF8_NAMES.has(name)) {
    if (bytes.length - start <= CHUNK) {
      return (emit) => {
        let text: string
        const body = start === 0 ? bytes : bytes.subarray(start)
        // Most replies are ASCII; for those a plain copy is much cheaper than a TextDecoder call.
        if (isAscii(body)) text = decodeLatin1(body)
        else {
          try {
            text = utf8Decoder.decode(body)
          } catch {
            return invalidUtf8(bytes, start, declared, name)
          }
        }
        emit(text)
        return undefined
      }
    }
    return (emit) => {
      const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true })
      for (let offset = start; offset < bytes.length; offset += CHUNK) {
        let text: string
        try {
          text = decoder.decode(bytes.subarray(offset, offset + CHUNK), { stream: true })
        } catch {
          return invalidUtf8(bytes, start, declared, name)
        }
        if (text !== "") emit(text)
      }
      try {
        // A sequence cut off by the end of the document.
        decoder.decode()
      } catch {
        return invalidUtf8(bytes, start, declared, name)
      }
      return undefined
    }
  }
  if (LATIN1_NAMES.has(name) && !bom) {
    return (emit) => {
      for (let offset = start; offset < bytes.length; offset += CHUNK) {
        emit(decodeLatin1(bytes.subarray(offset, offset + CHUNK)))
      }
      return undefined
    }
  }
  return encodingError(
    declared ?? "UTF-8",
    bom ? `a UTF-8 byte order mark contradicts the declared encoding` : `unsupported encoding`
  )
}

/** Exact UTF-8 length, or the first count past `max`; only needed when the cheap bounds cannot decide. */
const utf8Length = (s: string, max: number): number => {
  let n = 0
  for (let i = 0; i < s.length && n <= max; i++) {
    const c = s.charCodeAt(i)
    if (c < 0x80) n += 1
    else if (c < 0x800) n += 2
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4
      i++
    } else n += 3
  }
  return n
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/**
 * Index of the first unpaired surrogate, or -1. saxes reads a lone high surrogate as
 * half of a pair with whatever follows, so such strings must be refused before it sees
 * them. Decoded bytes never contain one; only strings built in code can.
 */
const firstLoneSurrogate = (s: string): number => {
  // `isWellFormed` (ES2024) is native and fast; the regex is for older runtimes and for locating the culprit.
  const isWellFormed = (s as { isWellFormed?: () => boolean }).isWellFormed
  if (isWellFormed?.call(s)) return -1
  const m = LONE_SURROGATE.exec(s)
  return m === null ? -1 : m.index
}

/** Line and column (both 1-based) of a string index, counted like saxes counts them. */
const positionOfIndex = (s: string, index: number): { line: number; column: number } => {
  const lineStart = s.lastIndexOf("\n", index - 1) + 1
  let line = 1
  for (let i = s.indexOf("\n"); i !== -1 && i < index; i = s.indexOf("\n", i + 1)) line++
  return { line, column: [...s.slice(lineStart, index)].length + 1 }
}

const tooLarge = (max: number): XmlLimitExceeded =>
  new XmlLimitExceeded({
    limit: "maxBytes",
    max,
    message: `document is larger than ${max} bytes`,
    line: 1,
    column: 0
  })

/** Checks the size before any decoding or parsing work, then produces the text saxes reads. */
const toSource = (input: string | Uint8Array, maxBytes: number, charset?: string): Source | XmlReadError => {
  if (typeof input === "string") {
    // A UTF-16 code unit is 1 to 3 UTF-8 bytes, so length bounds the size from both sides.
    if (input.length > maxBytes || (input.length * 3 > maxBytes && utf8Length(input, maxBytes) > maxBytes)) {
      return tooLarge(maxBytes)
    }
    const lone = firstLoneSurrogate(input)
    if (lone !== -1) {
      const at = positionOfIndex(input, lone)
      return new XmlSyntaxError({ message: "disallowed character (lone surrogate).", line: at.line, column: at.column })
    }
    return sliced(input.charCodeAt(0) === 0xfeff ? input.slice(1) : input)
  }
  if (input.byteLength > maxBytes) return tooLarge(maxBytes)
  return decodeBytes(input, charset)
}

// ---------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------

/**
 * Where the parsed document goes: a tree builder, the caller's event handlers, or a
 * decoder reading typed values straight off the events (positional arguments, so
 * no event object is allocated per element).
 */
export interface Sink {
  open(
    ns: string,
    local: string,
    prefix: string,
    attributes: ReadonlyArray<XmlAttribute>,
    xsiType: QName | undefined,
    depth: number
  ): void
  text(text: string): void
  close(ns: string, local: string, depth: number): void
}

/**
 * saxes keeps text, attribute values, comments, names and entity names in these
 * buffers until their end is seen, without any event; reading them between chunks
 * is the only way to stop an endless one early.
 */
interface SaxesBuffers {
  readonly text: string
  readonly name: string
  readonly entity: string
}

/** Thrown out of saxes callbacks to stop parsing at once; the real error is kept aside. */
const ABORT: unique symbol = Symbol("XmlReader/abort")

const CHUNK = 64 * 1024

const EMPTY_ATTRIBUTES: ReadonlyArray<XmlAttribute> = Object.freeze([])

/** saxes prefixes its messages with "line:column: ". */
const saxesMessage = (err: Error): string => {
  const m = /^\d+:\d+: /.exec(err.message)
  return m === null ? err.message : err.message.slice(m[0].length)
}

const limitError = (parser: SaxesParser, limit: XmlLimitName, max: number, what: string): XmlLimitExceeded =>
  new XmlLimitExceeded({
    limit,
    max,
    message: `${what} exceeds ${limit} (${max})`,
    line: parser.line,
    column: parser.column
  })

/**
 * Resolves an `xsi:type` QName against the namespaces in scope at the element being
 * opened (saxes has already installed that element's own declarations).
 */
const resolveXsiType = (parser: SaxesParser, raw: string): QName | string => {
  const value = raw.trim()
  const colon = value.indexOf(":")
  if (colon === -1) {
    if (value === "") return "empty xsi:type"
    return { ns: parser.resolve("") ?? "", local: value }
  }
  const prefix = value.slice(0, colon)
  const local = value.slice(colon + 1)
  if (prefix === "" || local === "" || local.includes(":")) return `malformed xsi:type QName`
  const ns = parser.resolve(prefix)
  if (ns !== undefined) return { ns, local }
  // Castor's class-name convention, which the WebEx XML API expects without a declaration.
  if (prefix === "java") return { ns: JAVA_TYPE_NS, local }
  return prefix.length <= 64
    ? `unbound namespace prefix in xsi:type: ${JSON.stringify(prefix)}.`
    : "unbound namespace prefix in xsi:type."
}

/** The callbacks saxes stores as plain fields; see `HardenedParser`. */
interface SaxesHandlers {
  errorHandler: (err: Error) => void
  doctypeHandler: () => void
  openTagStartHandler: () => void
  attributeHandler: (attribute: SaxesAttributeNS) => void
  openTagHandler: (tag: SaxesTagNS) => void
  textHandler: (text: string) => void
  cdataHandler: (text: string) => void
  closeTagHandler: (tag: SaxesTagNS) => void
}

const SAXES_OPTIONS = { xmlns: true, position: true } as const

/**
 * A saxes parser with every handler installed by its constructor. saxes's own `on()`
 * adds each handler slot late, through a computed-key store; eight of them push the
 * parser object into V8's slow dictionary mode and make every character read about
 * four times slower. Assigned here, the slots are part of the object's shape from the start.
 */
class HardenedParser extends SaxesParser<typeof SAXES_OPTIONS> {
  constructor(handlers: SaxesHandlers) {
    super(SAXES_OPTIONS)
    const slots = this as unknown as SaxesHandlers
    slots.errorHandler = handlers.errorHandler
    slots.doctypeHandler = handlers.doctypeHandler
    slots.openTagStartHandler = handlers.openTagStartHandler
    slots.attributeHandler = handlers.attributeHandler
    slots.openTagHandler = handlers.openTagHandler
    slots.textHandler = handlers.textHandler
    slots.cdataHandler = handlers.cdataHandler
    slots.closeTagHandler = handlers.closeTagHandler
  }
}

/** One document being parsed: its limits, its sink, and what has been counted so far. */
class Run {
  readonly parser: HardenedParser
  limits: XmlLimits = defaultLimits
  sink: Sink | undefined = undefined
  failure: XmlReadError | undefined = undefined
  depth = 0
  elements = 0
  // The attributes of the tag being read; saxes fills in their `uri` before `opentag`.
  readonly attributes: Array<SaxesAttributeNS> = []
  // Text length of the open element, and of its ancestors while a child is open.
  textLength = 0
  readonly textLengths: Array<number> = []

  constructor() {
    this.parser = new HardenedParser({
      errorHandler: (err) => {
        const message = saxesMessage(err)
        if (message === "undefined entity.") this.forbidden("ENTITY", "reference to an undefined entity")
        if (message.includes("doctype")) this.forbidden("DOCTYPE", "DOCTYPE is not allowed")
        this.abort(new XmlSyntaxError({ message, line: this.parser.line, column: this.parser.column }))
      },
      doctypeHandler: () => this.forbidden("DOCTYPE", "DOCTYPE is not allowed"),
      openTagStartHandler: () => {
        const { maxDepth, maxElements } = this.limits
        if (this.depth >= maxDepth) this.abort(limitError(this.parser, "maxDepth", maxDepth, "element nesting"))
        if (++this.elements > maxElements) {
          this.abort(limitError(this.parser, "maxElements", maxElements, "element count"))
        }
        this.attributes.length = 0
      },
      // Counted as each attribute is read, so a tag with a million attributes stops at the limit.
      attributeHandler: (attribute) => {
        if (this.attributes.push(attribute) > this.limits.maxAttributes) {
          this.abort(limitError(this.parser, "maxAttributes", this.limits.maxAttributes, "attribute count"))
        }
      },
      openTagHandler: (tag) => {
        const attributes = this.attributes
        let list: Array<XmlAttribute> | undefined
        let xsiType: QName | undefined
        for (let i = 0; i < attributes.length; i++) {
          const a = attributes[i]!
          if (a.prefix === "xmlns" || a.name === "xmlns") continue
          if (a.local === "type" && a.uri === XSI_NS) {
            const resolved = resolveXsiType(this.parser, a.value)
            if (typeof resolved === "string") {
              this.abort(new XmlSyntaxError({ message: resolved, line: this.parser.line, column: this.parser.column }))
            } else xsiType = resolved
          }
          const attribute: XmlAttribute = { ns: a.uri, local: a.local, prefix: a.prefix, value: a.value }
          if (list === undefined) list = [attribute]
          else list.push(attribute)
        }
        this.textLengths.push(this.textLength)
        this.textLength = 0
        this.depth++
        this.sink!.open(tag.uri, tag.local, tag.prefix, list ?? EMPTY_ATTRIBUTES, xsiType, this.depth)
      },
      textHandler: (text) => this.onText(text),
      cdataHandler: (text) => this.onText(text),
      closeTagHandler: (tag) => {
        // saxes also reports the tags it unwinds before failing on a mismatched close tag.
        if (this.depth === 0) return
        this.sink!.close(tag.uri, tag.local, this.depth)
        this.depth--
        this.textLength = this.textLengths.pop()!
      }
    })
  }

  private abort(error: XmlReadError): never {
    this.failure = error
    throw ABORT
  }

  private forbidden(construct: "DOCTYPE" | "ENTITY", message: string): never {
    return this.abort(
      new XmlForbiddenConstruct({ construct, message, line: this.parser.line, column: this.parser.column })
    )
  }

  private onText(text: string): void {
    // Whitespace around the root element carries nothing.
    if (this.depth === 0) return
    this.textLength += text.length
    if (this.textLength > this.limits.maxTextLength) {
      this.abort(limitError(this.parser, "maxTextLength", this.limits.maxTextLength, "element text"))
    }
    this.sink!.text(text)
  }

  readonly write = (text: string): void => {
    this.parser.write(text)
    const buffers = this.parser as unknown as SaxesBuffers
    const pending = buffers.text.length + buffers.name.length + buffers.entity.length
    if (pending + this.textLength > this.limits.maxTextLength) {
      this.abort(limitError(this.parser, "maxTextLength", this.limits.maxTextLength, "pending text"))
    }
  }

  /** Runs saxes over the source; returns the first error, or `undefined`. */
  run(source: Source, limits: XmlLimits, sink: Sink): XmlReadError | undefined {
    this.limits = limits
    this.sink = sink
    this.failure = undefined
    this.depth = 0
    this.elements = 0
    this.textLength = 0
    this.textLengths.length = 0
    const parser = this.parser
    try {
      const encoding = source(this.write)
      if (encoding !== undefined) return encoding
      parser.close()
    } catch (e) {
      if (e === ABORT) return this.failure
      // saxes throws a plain Error for a few internal inconsistencies; they are still bad input.
      return new XmlSyntaxError({
        message: e instanceof Error ? saxesMessage(e) : "unreadable document",
        line: parser.line,
        column: parser.column
      })
    } finally {
      this.sink = undefined
    }
    return this.failure
  }

  /** Back to a fresh document; saxes does this itself only after a clean close. */
  reset(): void {
    ;(this.parser as unknown as { _init(): void })._init()
    this.attributes.length = 0
  }
}

// Building a saxes parser costs more than reading a small reply with it, so one is kept
// and reused; a parse that starts while it is busy (a sink that parses) gets its own.
let idle: Run | undefined

/**
 * Runs saxes over the source, enforcing the limits and the forbidden constructs, and
 * forwards the document to `sink`. Returns the first error, or `undefined`.
 */
const parse = (source: Source, limits: XmlLimits, sink: Sink): XmlReadError | undefined => {
  const run = idle ?? new Run()
  idle = undefined
  try {
    return run.run(source, limits, sink)
  } finally {
    run.reset()
    idle = run
  }
}

// ---------------------------------------------------------------------------
// Tree building
// ---------------------------------------------------------------------------

/** The mutable shape the builder fills in; handed out as the read-only `XmlElement`. */
interface Building {
  ns: string
  local: string
  prefix: string | undefined
  attributes: ReadonlyArray<XmlAttribute>
  children: Array<XmlElement>
  text: string
  xsiType: QName | undefined
}

/** Leaves share one frozen empty array; most elements of a response are leaves. */
const NO_CHILDREN: Array<XmlElement> = Object.freeze([]) as unknown as Array<XmlElement>

class TreeSink implements Sink {
  root: Building | undefined = undefined
  private top: Building | undefined = undefined
  private readonly stack: Array<Building | undefined> = []

  open(
    ns: string,
    local: string,
    prefix: string,
    attributes: ReadonlyArray<XmlAttribute>,
    xsiType: QName | undefined
  ): void {
    const el: Building = { ns, local, prefix, attributes, children: NO_CHILDREN, text: "", xsiType }
    const parent = this.top
    if (parent === undefined) this.root = el
    else if (parent.children === NO_CHILDREN) parent.children = [el]
    else parent.children.push(el)
    this.stack.push(parent)
    this.top = el
  }

  text(text: string): void {
    const top = this.top!
    top.text = top.text === "" ? text : top.text + text
  }

  close(): void {
    this.top = this.stack.pop()
  }
}

const resolveLimits = (base: XmlLimits, options: ReadOptions | undefined): XmlLimits =>
  options?.limits === undefined ? base : { ...base, ...options.limits }

const readWith = (
  input: string | Uint8Array,
  limits: XmlLimits,
  charset: string | undefined
): Either.Either<XmlElement, XmlReadError> => {
  const source = toSource(input, limits.maxBytes, charset)
  if (typeof source !== "function") return Either.left(source)
  const sink = new TreeSink()
  const error = parse(source, limits, sink)
  if (error !== undefined) return Either.left(error)
  // saxes guarantees a root once close() succeeded; the guard keeps this total.
  return sink.root === undefined
    ? Either.left(new XmlSyntaxError({ message: "document must contain a root element.", line: 1, column: 0 }))
    : Either.right(sink.root)
}

/**
 * Reads a document into an `XmlElement` tree. Never throws.
 *
 * Strings are taken as already decoded (a leading BOM is dropped); bytes are decoded
 * from UTF-8 or ISO-8859-1 as sniffed from the BOM and the XML declaration.
 */
export const readSync = (input: string | Uint8Array, options?: ReadOptions): Either.Either<XmlElement, XmlReadError> =>
  readWith(input, resolveLimits(defaultLimits, options), options?.charset)

/** `readSync` as an Effect; limits not given in `options` come from `XmlReaderLimits`. */
export const read = (input: string | Uint8Array, options?: ReadOptions): Effect.Effect<XmlElement, XmlReadError> =>
  Effect.flatMap(XmlReaderLimits, (limits) => readWith(input, resolveLimits(limits, options), options?.charset))

/**
 * Reads a document as a stream of callbacks, with the same decoding, hardening and
 * limits as `readSync`, without building a tree. An exception thrown by a handler
 * propagates to the caller.
 */
export const readEvents = (
  input: string | Uint8Array,
  handlers: XmlEventHandlers,
  options?: ReadOptions
): Either.Either<void, XmlReadError> =>
  readInto(
    input,
    {
      open: (ns, local, prefix, attributes, xsiType, depth) =>
        handlers.open?.({ ns, local, prefix, attributes, xsiType }, depth),
      text: (text) => handlers.text?.(text),
      close: (ns, local, depth) => handlers.close?.(ns, local, depth)
    },
    options
  )

/** Forwards to a positional sink; an exception of its stops saxes and is rethrown after it. */
class GuardedSink implements Sink {
  private readonly sink: Sink
  thrown: { readonly error: unknown } | undefined = undefined

  constructor(sink: Sink) {
    this.sink = sink
  }

  open(
    ns: string,
    local: string,
    prefix: string,
    attributes: ReadonlyArray<XmlAttribute>,
    xsiType: QName | undefined,
    depth: number
  ): void {
    try {
      this.sink.open(ns, local, prefix, attributes, xsiType, depth)
    } catch (error) {
      this.thrown = { error }
      throw ABORT
    }
  }

  text(text: string): void {
    try {
      this.sink.text(text)
    } catch (error) {
      this.thrown = { error }
      throw ABORT
    }
  }

  close(ns: string, local: string, depth: number): void {
    try {
      this.sink.close(ns, local, depth)
    } catch (error) {
      this.thrown = { error }
      throw ABORT
    }
  }
}

/**
 * `readEvents` for a positional {@link Sink}: the same decoding, hardening and limits,
 * without an event object per element. An exception thrown by the sink propagates.
 */
export const readInto = (
  input: string | Uint8Array,
  sink: Sink,
  options?: ReadOptions
): Either.Either<void, XmlReadError> => {
  const limits = resolveLimits(defaultLimits, options)
  const source = toSource(input, limits.maxBytes, options?.charset)
  if (typeof source !== "function") return Either.left(source)
  const guarded = new GuardedSink(sink)
  const error = parse(source, limits, guarded)
  if (guarded.thrown !== undefined) throw guarded.thrown.error
  return error === undefined ? Either.void : Either.left(error)
}
