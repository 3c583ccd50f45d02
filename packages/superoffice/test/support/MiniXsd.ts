/**
 * A deliberately small, independent reading of a WCF WSDL for tests: saxes with
 * full namespace resolution (QName-valued attributes resolved against the
 * declarations in scope), no code shared with the generator. It answers one
 * question: does an XML instance follow the schema's element names, namespaces
 * and order?
 */
import { SaxesParser, type SaxesTagNS } from "saxes"

export const XS = "http://www.w3.org/2001/XMLSchema"
export const WSDL = "http://schemas.xmlsoap.org/wsdl/"
export const WSOAP = "http://schemas.xmlsoap.org/wsdl/soap/"
export const XSI = "http://www.w3.org/2001/XMLSchema-instance"
export const SOAP11 = "http://schemas.xmlsoap.org/soap/envelope/"

export interface Node {
  readonly uri: string
  readonly local: string
  readonly attrs: Record<string, string>
  /** QName-valued attributes, resolved as `{uri}local`. */
  readonly qnames: Record<string, string>
  readonly children: Array<Node>
  text: string
}

const QNAME_ATTRS = new Set(["type", "base", "element", "message", "itemType"])

export const parseXml = (xml: string): Node => {
  const parser = new SaxesParser({ xmlns: true })
  const stack: Array<Node> = []
  let root: Node | undefined
  parser.on("opentag", (tag: SaxesTagNS) => {
    const attrs: Record<string, string> = {}
    const qnames: Record<string, string> = {}
    for (const a of Object.values(tag.attributes)) {
      if (a.prefix === "xmlns" || a.name === "xmlns") continue
      const name = a.uri ? `{${a.uri}}${a.local}` : a.local
      attrs[name] = a.value
      if (!a.uri && QNAME_ATTRS.has(a.local)) {
        const [p, l] = a.value.includes(":") ? a.value.split(":") : ["", a.value]
        qnames[a.local] = `{${parser.resolve(p!) ?? ""}}${l}`
      }
    }
    const node: Node = { uri: tag.uri, local: tag.local, attrs, qnames, children: [], text: "" }
    if (stack.length) stack[stack.length - 1]!.children.push(node)
    else root = node
    stack.push(node)
  })
  parser.on("text", (t) => {
    if (stack.length) stack[stack.length - 1]!.text += t
  })
  parser.on("closetag", () => void stack.pop())
  parser.write(xml).close()
  return root!
}

const kids = (n: Node, uri: string, local: string) => n.children.filter((c) => c.uri === uri && c.local === local)

export interface Particle {
  readonly name: string
  readonly ns: string
  readonly type: string | Node // `{uri}local` or an anonymous complexType node
  readonly min: number
  readonly max: number
  readonly nillable: boolean
}

export interface Schema {
  readonly complex: Map<string, { readonly node: Node; readonly tns: string; readonly qualified: boolean }>
  readonly simple: Map<string, Node>
  readonly elements: Map<string, { readonly node: Node; readonly tns: string; readonly qualified: boolean }>
  readonly operations: Array<{
    readonly name: string
    readonly action: string
    readonly input: { readonly element: string; readonly headers: Array<string> }
    readonly output: { readonly element: string; readonly headers: Array<string> }
  }>
}

export const readWsdl = (xml: string): Schema => {
  const root = parseXml(xml)
  const complex: Schema["complex"] = new Map()
  const simple: Schema["simple"] = new Map()
  const elements: Schema["elements"] = new Map()
  for (const types of kids(root, WSDL, "types")) {
    for (const s of kids(types, XS, "schema")) {
      const tns = s.attrs.targetNamespace!
      const qualified = s.attrs.elementFormDefault === "qualified"
      for (const c of s.children) {
        const key = `{${tns}}${c.attrs.name}`
        if (c.local === "complexType") complex.set(key, { node: c, tns, qualified })
        if (c.local === "simpleType") simple.set(key, c)
        if (c.local === "element") elements.set(key, { node: c, tns, qualified })
      }
    }
  }
  const messages = new Map<string, Node>()
  for (const m of kids(root, WSDL, "message")) messages.set(`{${root.attrs.targetNamespace}}${m.attrs.name}`, m)
  const partElement = (message: string, part?: string) => {
    const m = messages.get(message)!
    const p = part === undefined ? kids(m, WSDL, "part")[0]! : kids(m, WSDL, "part").find((x) => x.attrs.name === part)!
    return p.qnames.element!
  }
  const portType = kids(root, WSDL, "portType")[0]!
  const binding = kids(root, WSDL, "binding")[0]!
  const operations = kids(binding, WSDL, "operation").map((op) => {
    const port = kids(portType, WSDL, "operation").find((p) => p.attrs.name === op.attrs.name)!
    const side = (dir: "input" | "output") => ({
      element: partElement(kids(port, WSDL, dir)[0]!.qnames.message!),
      headers: kids(kids(op, WSDL, dir)[0]!, WSOAP, "header").map((h) => partElement(h.qnames.message!, h.attrs.part))
    })
    return {
      name: op.attrs.name!,
      action: kids(op, WSOAP, "operation")[0]!.attrs.soapAction!,
      input: side("input"),
      output: side("output")
    }
  })
  return { complex, simple, elements, operations }
}

/** The particles of a complex type, base members first. */
export const particlesOf = (schema: Schema, typeNode: Node, tns: string, qualified: boolean): Array<Particle> => {
  const out: Array<Particle> = []
  const ext = kids(kids(typeNode, XS, "complexContent")[0] ?? typeNode, XS, "extension")[0]
  if (ext) {
    const base = schema.complex.get(ext.qnames.base!)!
    out.push(...particlesOf(schema, base.node, base.tns, base.qualified))
  }
  const seq = kids(ext ?? typeNode, XS, "sequence")[0]
  for (const e of seq ? kids(seq, XS, "element") : []) {
    out.push({
      name: e.attrs.name!,
      ns: qualified ? tns : "",
      type: e.qnames.type ?? kids(e, XS, "complexType")[0]!,
      min: Number(e.attrs.minOccurs ?? "1"),
      max: e.attrs.maxOccurs === "unbounded" ? Number.POSITIVE_INFINITY : Number(e.attrs.maxOccurs ?? "1"),
      nillable: e.attrs.nillable === "true"
    })
  }
  return out
}

export const typeOfElement = (
  schema: Schema,
  element: string
): { type: string | Node; tns: string; qualified: boolean } => {
  const e = schema.elements.get(element)!
  return { type: e.node.qnames.type ?? kids(e.node, XS, "complexType")[0]!, tns: e.tns, qualified: e.qualified }
}

const enumValues = (schema: Schema, type: string): Array<string> | undefined => {
  const st = schema.simple.get(type)
  if (!st) return undefined
  const list = kids(st, XS, "list")[0]
  const r = list ? kids(kids(list, XS, "simpleType")[0]!, XS, "restriction")[0]! : kids(st, XS, "restriction")[0]!
  return kids(r, XS, "enumeration").map((e) => e.attrs.value!)
}

const LEXICAL: Record<string, string> = {
  string: "text",
  int: "7",
  short: "3",
  byte: "1",
  unsignedByte: "2",
  unsignedShort: "4",
  unsignedInt: "5",
  long: "9007199254740993",
  unsignedLong: "9007199254740995",
  boolean: "true",
  dateTime: "2024-05-06T07:08:09Z",
  double: "1.5",
  float: "2.5",
  decimal: "12.50",
  base64Binary: "AQID",
  anyURI: "https://example.com/",
  duration: "PT1H",
  guid: "01234567-89ab-cdef-0123-456789abcdef",
  char: "65"
}

const isArrayType = (ps: Array<Particle>) => ps.length === 1 && ps[0]!.max > 1

/**
 * A sample in the binding's *encoded* form (strings at the leaves, arrays for
 * ArrayOf/dictionary types and repeated elements), with every particle present.
 */
export const sample = (schema: Schema, type: string | Node, tns: string, qualified: boolean, depth = 0): unknown => {
  if (typeof type !== "string") return sampleComplex(schema, type, tns, qualified, depth)
  const ct = schema.complex.get(type)
  if (ct) return sampleComplex(schema, ct.node, ct.tns, ct.qualified, depth)
  const values = enumValues(schema, type)
  if (values !== undefined && values.length > 0) {
    return kids(schema.simple.get(type)!, XS, "list").length ? values.slice(0, 2).join(" ") : values[0]
  }
  const lexical = LEXICAL[type.slice(type.indexOf("}") + 1)]
  if (lexical === undefined) throw new Error(`no sample for ${type}`)
  return lexical
}

const sampleComplex = (schema: Schema, node: Node, tns: string, qualified: boolean, depth: number): unknown => {
  const ps = particlesOf(schema, node, tns, qualified)
  if (isArrayType(ps)) {
    const item = sample(schema, ps[0]!.type, tns, qualified, depth + 1)
    return [item, item]
  }
  const out: Record<string, unknown> = {}
  for (const p of ps) {
    // Recursive types (ExceptionInfo.InnerException) stop after a few levels.
    if (depth > 3 && p.min === 0 && typeof p.type === "string" && schema.complex.has(p.type)) continue
    const v = sample(schema, p.type, tns, qualified, depth + 1)
    out[p.name] = p.max > 1 ? [v, v] : v
  }
  return out
}

/** Checks an instance element against a type: names, namespaces, order, occurrence, nil. Returns problems. */
export const validate = (
  schema: Schema,
  el: Node,
  type: string | Node,
  tns: string,
  qualified: boolean,
  path: string
): Array<string> => {
  const problems: Array<string> = []
  if (el.attrs[`{${XSI}}nil`] === "true") {
    if (el.children.length || el.text.trim()) problems.push(`${path}: nil element with content`)
    return problems
  }
  if (typeof type === "string" && !schema.complex.has(type)) {
    if (el.children.length) problems.push(`${path}: simple type ${type} has child elements`)
    const values = enumValues(schema, type)
    if (values !== undefined && values.length > 0) {
      const list = kids(schema.simple.get(type)!, XS, "list").length > 0
      const tokens = list ? el.text.trim().split(/\s+/).filter(Boolean) : [el.text]
      for (const t of tokens) if (!values.includes(t)) problems.push(`${path}: ${t} is not in ${type}`)
    }
    return problems
  }
  const node = typeof type === "string" ? schema.complex.get(type)! : { node: type, tns, qualified }
  const ps = particlesOf(schema, node.node, node.tns, node.qualified)
  let i = 0
  for (const p of ps) {
    let n = 0
    while (i < el.children.length && el.children[i]!.local === p.name && el.children[i]!.uri === p.ns && n < p.max) {
      const c = el.children[i]!
      if (c.attrs[`{${XSI}}nil`] === "true" && !p.nillable) problems.push(`${path}.${p.name}: nil but not nillable`)
      problems.push(...validate(schema, c, p.type, node.tns, node.qualified, `${path}.${p.name}`))
      i++
      n++
    }
    if (n < p.min) problems.push(`${path}.${p.name}: expected at least ${p.min}, found ${n}`)
  }
  for (; i < el.children.length; i++) {
    const c = el.children[i]!
    problems.push(`${path}: unexpected {${c.uri}}${c.local} at position ${i}`)
  }
  return problems
}

/** Every element name in document order below `el`, as `{uri}local`, for "all present" checks. */
export const names = (el: Node): Array<string> => el.children.map((c) => `{${c.uri}}${c.local}`)
