/**
 * Reads a WCF WSDL 1.1 document (with its embedded XSD) into a small model:
 * the named types, the global elements and, for the SOAP 1.1 binding, every
 * operation with its SOAPAction, body wrappers and header parts.
 *
 * Only the XSD subset WCF's DataContractSerializer emits is understood
 * (sequences, complexContent extension, enumerations, `xs:list`, the
 * `IsDictionary` annotation). Anything else stops the generator with a message
 * naming the construct, because a silently wrong wire type is worse than none.
 *
 * @since 0.1.0
 */

import type { XmlElement } from "@sessionwire/protocol"
import { XmlNode, XmlReader } from "@sessionwire/protocol"
import { Either } from "effect"

export const WSDL_NS = "http://schemas.xmlsoap.org/wsdl/"
export const WSDL_SOAP11_NS = "http://schemas.xmlsoap.org/wsdl/soap/"
export const XS_NS = XmlNode.XS_NS
/** WCF's serialization namespace: `guid`, `char`, `duration` and the `IsDictionary` annotation live here. */
export const SER_NS = "http://schemas.microsoft.com/2003/10/Serialization/"
export const ARRAYS_NS = "http://schemas.microsoft.com/2003/10/Serialization/Arrays"

export interface QN {
  readonly ns: string
  readonly local: string
}

export const key = (q: QN): string => `{${q.ns}}${q.local}`

export type TypeRef =
  | { readonly _tag: "Builtin"; readonly name: QN }
  | { readonly _tag: "Named"; readonly name: QN }
  | { readonly _tag: "Anonymous"; readonly def: ComplexDef }

/** One `xs:element` inside a sequence. `ns` is where the element lives on the wire. */
export interface Particle {
  readonly name: string
  readonly ns: string
  readonly type: TypeRef
  readonly minOccurs: number
  readonly unbounded: boolean
  readonly nillable: boolean
}

export interface ComplexDef {
  readonly base?: QN | undefined
  readonly particles: ReadonlyArray<Particle>
  /** `<IsDictionary>true</IsDictionary>` in the type's appinfo. */
  readonly dictionary: boolean
  /** The namespace of the type's children (the schema's target namespace when qualified). */
  readonly childNs: string
}

export type TypeDef =
  | { readonly _tag: "Complex"; readonly name: QN; readonly def: ComplexDef }
  | { readonly _tag: "Enum"; readonly name: QN; readonly values: ReadonlyArray<string> }
  | { readonly _tag: "Flags"; readonly name: QN; readonly values: ReadonlyArray<string> }
  | { readonly _tag: "Restriction"; readonly name: QN; readonly base: QN }

export interface ElementDecl {
  readonly name: QN
  readonly type: TypeRef
  readonly nillable: boolean
}

export interface HeaderPart {
  /** The WSDL part name, used as the field name of the header struct. */
  readonly part: string
  readonly element: QN
}

export interface MessageUse {
  readonly message: string
  readonly element: QN
  readonly headers: ReadonlyArray<HeaderPart>
}

export interface OperationDef {
  readonly name: string
  readonly soapAction: string
  readonly input: MessageUse
  readonly output: MessageUse
}

export interface WsdlModel {
  readonly fileName: string
  readonly targetNamespace: string
  /** The portType name: `CustomerService`, `SoPrincipal`. */
  readonly service: string
  /** The path below the tenant base URL, e.g. `Remote/Services88/CustomerService.svc`. */
  readonly endpointPath: string | undefined
  readonly types: ReadonlyMap<string, TypeDef>
  readonly elements: ReadonlyMap<string, ElementDecl>
  readonly operations: ReadonlyArray<OperationDef>
}

export class WsdlError extends Error {
  override readonly name = "WsdlError"
}

const children = (el: XmlElement, ns: string, local: string): ReadonlyArray<XmlElement> =>
  el.children.filter((c) => c.ns === ns && c.local === local)

const attr = (el: XmlElement, local: string): string | undefined => XmlNode.attribute(el, "", local)

const required = (el: XmlElement, local: string, where: string): string => {
  const v = attr(el, local)
  if (v === undefined) throw new WsdlError(`${where}: <${el.local}> has no ${local} attribute`)
  return v
}

/**
 * Resolves QName-valued attributes (`type="q1:ArrayOfint"`).
 *
 * The protocol reader drops namespace declarations once it has resolved element
 * names, so prefixes in attribute values are resolved by the rules WCF follows when
 * it writes a WSDL: `tns` is the enclosing schema's (or the definitions') target
 * namespace; a prefix that some element in the document carries (`xs`, `wsdl`)
 * means what it means there; any other prefix (`q1`, `q2`, declared inline by WCF
 * for a cross-namespace reference) names the one other schema that defines the type.
 * An ambiguous or unknown reference stops the generator.
 */
class Resolver {
  private readonly known = new Map<string, string>()
  private readonly conflicted = new Set<string>()
  constructor(root: XmlElement) {
    const visit = (el: XmlElement): void => {
      this.learn(el.prefix, el.ns)
      for (const a of el.attributes) if (a.ns !== "") this.learn(a.prefix, a.ns)
      for (const c of el.children) visit(c)
    }
    visit(root)
  }
  private learn(prefix: string | undefined, ns: string): void {
    if (!prefix || this.conflicted.has(prefix)) return
    const had = this.known.get(prefix)
    if (had === undefined) this.known.set(prefix, ns)
    else if (had !== ns) {
      this.known.delete(prefix)
      this.conflicted.add(prefix)
    }
  }
  resolve(raw: string, tns: string, lookup: (local: string) => ReadonlyArray<string>, where: string): QN {
    const i = raw.indexOf(":")
    if (i < 0) throw new WsdlError(`${where}: unprefixed QName "${raw}" (no default namespace is declared by WCF)`)
    const prefix = raw.slice(0, i)
    const local = raw.slice(i + 1)
    if (prefix === "tns") return { ns: tns, local }
    const ns = this.known.get(prefix)
    if (ns !== undefined) return { ns, local }
    const candidates = lookup(local).filter((n) => n !== tns)
    if (candidates.length === 1) return { ns: candidates[0]!, local }
    throw new WsdlError(
      `${where}: cannot resolve prefix "${prefix}" of "${raw}" (${candidates.length} schemas define ${local})`
    )
  }
}

const isSerializationFlag = (el: XmlElement, local: string): boolean => {
  for (const ann of children(el, XS_NS, "annotation")) {
    for (const info of children(ann, XS_NS, "appinfo")) {
      for (const c of info.children) if (c.local === local && c.ns === SER_NS && c.text.trim() === "true") return true
    }
  }
  return false
}

interface RawSchema {
  readonly el: XmlElement
  readonly tns: string
  readonly qualified: boolean
}

/** Parses a WSDL document. `fileName` is only used in messages and headers. */
export const parse = (text: string, fileName: string): WsdlModel => {
  const root = Either.getOrElse(XmlReader.readSync(text), (e) => {
    throw new WsdlError(`${fileName}: not well-formed XML: ${e.message}`)
  })
  if (root.ns !== WSDL_NS || root.local !== "definitions") {
    throw new WsdlError(`${fileName}: the root is <${root.local}>, not wsdl:definitions`)
  }
  const targetNamespace = required(root, "targetNamespace", fileName)
  const resolver = new Resolver(root)

  const schemas: Array<RawSchema> = []
  for (const types of children(root, WSDL_NS, "types")) {
    for (const s of children(types, XS_NS, "schema")) {
      schemas.push({
        el: s,
        tns: required(s, "targetNamespace", fileName),
        qualified: attr(s, "elementFormDefault") === "qualified"
      })
    }
  }

  // Which namespaces define a type / an element of a given local name: for inline prefixes.
  const typeHomes = new Map<string, Array<string>>()
  const elementHomes = new Map<string, Array<string>>()
  for (const s of schemas) {
    for (const c of s.el.children) {
      const name = attr(c, "name")
      if (name === undefined || c.ns !== XS_NS) continue
      const homes = c.local === "element" ? elementHomes : c.local.endsWith("Type") ? typeHomes : undefined
      if (homes === undefined) continue
      const list = homes.get(name) ?? []
      if (!list.includes(s.tns)) list.push(s.tns)
      homes.set(name, list)
    }
  }
  const typeRef = (raw: string, tns: string, where: string): QN =>
    resolver.resolve(raw, tns, (l) => typeHomes.get(l) ?? [], where)
  const elementRef = (raw: string, tns: string, where: string): QN =>
    resolver.resolve(raw, tns, (l) => elementHomes.get(l) ?? [], where)

  const toTypeRef = (q: QN): TypeRef => (q.ns === XS_NS ? { _tag: "Builtin", name: q } : { _tag: "Named", name: q })

  const readSequence = (seqParent: XmlElement, s: RawSchema, where: string): Array<Particle> => {
    const out: Array<Particle> = []
    for (const c of seqParent.children) {
      if (c.ns !== XS_NS) continue
      if (c.local === "annotation") continue
      if (c.local !== "sequence") throw new WsdlError(`${where}: unsupported content model xs:${c.local}`)
      for (const p of c.children) {
        if (p.ns !== XS_NS || p.local === "annotation") continue
        if (p.local !== "element") throw new WsdlError(`${where}: unsupported particle xs:${p.local}`)
        if (attr(p, "ref") !== undefined) throw new WsdlError(`${where}: element references are not supported`)
        const name = required(p, "name", where)
        const typeAttr = attr(p, "type")
        const inner = children(p, XS_NS, "complexType")[0]
        let type: TypeRef
        if (typeAttr !== undefined) type = toTypeRef(typeRef(typeAttr, s.tns, `${where}.${name}`))
        else if (inner !== undefined) type = { _tag: "Anonymous", def: readComplex(inner, s, `${where}.${name}`) }
        else type = { _tag: "Builtin", name: { ns: XS_NS, local: "anyType" } }
        const max = attr(p, "maxOccurs") ?? "1"
        out.push({
          name,
          ns: s.qualified || attr(p, "form") === "qualified" ? s.tns : "",
          type,
          minOccurs: Number(attr(p, "minOccurs") ?? "1"),
          unbounded: max === "unbounded" || Number(max) > 1,
          nillable: attr(p, "nillable") === "true"
        })
      }
    }
    return out
  }

  const readComplex = (ct: XmlElement, s: RawSchema, where: string): ComplexDef => {
    if (children(ct, XS_NS, "attribute").length > 0 || children(ct, XS_NS, "simpleContent").length > 0) {
      throw new WsdlError(`${where}: attributes and simple content are not supported`)
    }
    const dictionary = isSerializationFlag(ct, "IsDictionary")
    const cc = children(ct, XS_NS, "complexContent")[0]
    if (cc !== undefined) {
      const ext = children(cc, XS_NS, "extension")[0]
      if (ext === undefined) throw new WsdlError(`${where}: only complexContent/extension is supported`)
      return {
        base: typeRef(required(ext, "base", where), s.tns, where),
        particles: readSequence(ext, s, where),
        dictionary,
        childNs: s.qualified ? s.tns : ""
      }
    }
    return { particles: readSequence(ct, s, where), dictionary, childNs: s.qualified ? s.tns : "" }
  }

  const enumValues = (restriction: XmlElement): Array<string> =>
    children(restriction, XS_NS, "enumeration").map((e) => required(e, "value", "enumeration"))

  const readSimple = (st: XmlElement, s: RawSchema, name: QN): TypeDef => {
    const where = `${fileName}: simpleType ${name.local}`
    const list = children(st, XS_NS, "list")[0]
    if (list !== undefined) {
      const itemType = attr(list, "itemType")
      const inner = children(list, XS_NS, "simpleType")[0]
      const restriction = inner && children(inner, XS_NS, "restriction")[0]
      if (itemType !== undefined || restriction === undefined) {
        throw new WsdlError(`${where}: only lists of an inline enumeration are supported`)
      }
      return { _tag: "Flags", name, values: enumValues(restriction) }
    }
    const restriction = children(st, XS_NS, "restriction")[0]
    if (restriction === undefined) throw new WsdlError(`${where}: only restrictions and lists are supported`)
    const values = enumValues(restriction)
    if (values.length > 0) return { _tag: "Enum", name, values }
    return { _tag: "Restriction", name, base: typeRef(required(restriction, "base", where), s.tns, where) }
  }

  const types = new Map<string, TypeDef>()
  const elements = new Map<string, ElementDecl>()
  for (const s of schemas) {
    for (const c of s.el.children) {
      if (c.ns !== XS_NS) continue
      const local = attr(c, "name")
      if (local === undefined) continue
      const name = { ns: s.tns, local }
      const where = `${fileName}: ${c.local} ${local}`
      if (c.local === "complexType") {
        types.set(key(name), { _tag: "Complex", name, def: readComplex(c, s, where) })
      } else if (c.local === "simpleType") {
        types.set(key(name), readSimple(c, s, name))
      } else if (c.local === "element") {
        const typeAttr = attr(c, "type")
        const inner = children(c, XS_NS, "complexType")[0]
        const type: TypeRef =
          typeAttr !== undefined
            ? toTypeRef(typeRef(typeAttr, s.tns, where))
            : inner !== undefined
              ? { _tag: "Anonymous", def: readComplex(inner, s, where) }
              : { _tag: "Builtin", name: { ns: XS_NS, local: "anyType" } }
        elements.set(key(name), { name, type, nillable: attr(c, "nillable") === "true" })
      }
    }
  }

  // Messages: the body part and the header parts.
  const messages = new Map<string, ReadonlyArray<{ readonly name: string; readonly element: QN }>>()
  for (const m of children(root, WSDL_NS, "message")) {
    const name = required(m, "name", fileName)
    messages.set(
      name,
      children(m, WSDL_NS, "part").map((p) => {
        const el = attr(p, "element")
        if (el === undefined) throw new WsdlError(`${fileName}: message ${name} has a type-based part (rpc style)`)
        return { name: required(p, "name", fileName), element: elementRef(el, targetNamespace, `message ${name}`) }
      })
    )
  }
  const messageNamed = (raw: string, where: string) => {
    const q = resolver.resolve(raw, targetNamespace, () => [targetNamespace], where)
    const m = messages.get(q.local)
    if (m === undefined) throw new WsdlError(`${where}: no message ${q.local}`)
    return { name: q.local, parts: m }
  }

  const portType = children(root, WSDL_NS, "portType")[0]
  if (portType === undefined) throw new WsdlError(`${fileName}: no portType`)
  const portOps = new Map<string, { input: string; output: string }>()
  for (const op of children(portType, WSDL_NS, "operation")) {
    const name = required(op, "name", fileName)
    const input = children(op, WSDL_NS, "input")[0]
    const output = children(op, WSDL_NS, "output")[0]
    if (input === undefined || output === undefined) {
      throw new WsdlError(`${fileName}: operation ${name} is not request/response`)
    }
    portOps.set(name, {
      input: required(input, "message", `${fileName}: ${name}`),
      output: required(output, "message", `${fileName}: ${name}`)
    })
  }

  // The SOAP 1.1 binding: WCF's basicHttpBinding.
  const binding = children(root, WSDL_NS, "binding").find((b) => children(b, WSDL_SOAP11_NS, "binding").length > 0)
  if (binding === undefined) throw new WsdlError(`${fileName}: no SOAP 1.1 binding`)
  const operations: Array<OperationDef> = []
  for (const op of children(binding, WSDL_NS, "operation")) {
    const name = required(op, "name", fileName)
    const where = `${fileName}: operation ${name}`
    const soapOp = children(op, WSDL_SOAP11_NS, "operation")[0]
    const port = portOps.get(name)
    if (soapOp === undefined || port === undefined)
      throw new WsdlError(`${where}: missing soap:operation or portType entry`)
    if ((attr(soapOp, "style") ?? "document") !== "document") throw new WsdlError(`${where}: only document style`)
    const use = (dir: "input" | "output", messageRef: string): MessageUse => {
      const bindingDir = children(op, WSDL_NS, dir)[0]
      if (bindingDir === undefined) throw new WsdlError(`${where}: binding has no ${dir}`)
      const body = children(bindingDir, WSDL_SOAP11_NS, "body")[0]
      if (body === undefined || (attr(body, "use") ?? "literal") !== "literal") {
        throw new WsdlError(`${where}: ${dir} body must be literal`)
      }
      const msg = messageNamed(messageRef, where)
      const headerParts = new Set<string>()
      const headers: Array<HeaderPart> = []
      for (const h of children(bindingDir, WSDL_SOAP11_NS, "header")) {
        const hm = messageNamed(required(h, "message", where), where)
        const partName = required(h, "part", where)
        const part = hm.parts.find((p) => p.name === partName)
        if (part === undefined) throw new WsdlError(`${where}: header part ${partName} not in ${hm.name}`)
        headers.push({ part: part.name, element: part.element })
        if (hm.name === msg.name) headerParts.add(part.name)
      }
      const bodyPartsAttr = attr(body, "parts")
      const bodyParts = msg.parts.filter((p) =>
        bodyPartsAttr !== undefined ? bodyPartsAttr.split(/\s+/).includes(p.name) : !headerParts.has(p.name)
      )
      if (bodyParts.length !== 1)
        throw new WsdlError(`${where}: ${dir} must have exactly one body part (wrapped style)`)
      return { message: msg.name, element: bodyParts[0]!.element, headers }
    }
    operations.push({
      name,
      soapAction: attr(soapOp, "soapAction") ?? "",
      input: use("input", port.input),
      output: use("output", port.output)
    })
  }

  const address = children(root, WSDL_NS, "service")
    .flatMap((s) => children(s, WSDL_NS, "port"))
    .flatMap((p) => children(p, WSDL_SOAP11_NS, "address"))
    .map((a) => attr(a, "location"))[0]
  const remote = address === undefined ? undefined : /\/(Remote\/.*)$/.exec(address)?.[1]

  return {
    fileName,
    targetNamespace,
    service: required(portType, "name", fileName),
    endpointPath: remote,
    types,
    elements,
    operations
  }
}
