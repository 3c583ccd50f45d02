/**
 * A SOAP reply read in one pass of the reader's events: the envelope, the header
 * blocks and the body element are decoded by the binding walker as they arrive, and
 * only a Fault is built as a tree. Nothing else of the document is kept.
 *
 * Binding failures do not stop the read: each part records its first failure and
 * reads past the rest of that part, so the caller can apply NetServer's order (a
 * Fault, then the headers, then the status, then the body) exactly as if the whole
 * reply had been read first.
 */
import { Either } from "effect"
import type { SoapEnvelopeError } from "../Envelope.ts"
import * as Envelope from "../Envelope.ts"
import * as Fault from "../Fault.ts"
import * as SoapVersion from "../SoapVersion.ts"
import { fromFailure, type XmlBindingError } from "../XmlBinding.ts"
import type { XmlReadError } from "../XmlError.ts"
import type { QName, XmlAttribute, XmlElement } from "../XmlNode.ts"
import * as XmlReader from "../XmlReader.ts"
import { type Frame, type Node, type Open, SKIP, TreeFrame } from "./walker.ts"

/** What one pass over a reply found. */
export interface SoapReply {
  readonly version: SoapVersion.SoapVersion
  readonly fault: Fault.SoapFault | undefined
  readonly headers: Either.Either<unknown, XmlBindingError>
  /** `undefined` when the body held no element of the expected name. */
  readonly body: Either.Either<unknown, XmlBindingError> | undefined
  /** The local names of the body's other children, for a precise error. */
  readonly found: ReadonlyArray<string>
}

/** The part of the envelope an open element belongs to. */
const Part = { Header: 0, Body: 1, Fault: 2, Other: 3 } as const
type Part = (typeof Part)[keyof typeof Part]

const HEADER_OPEN = { ns: "", local: "Header", attributes: [] }

/** Reads `bytes` as a SOAP reply whose headers are `headers` and whose body element is `bodyName` read by `body`. */
export const read = (
  bytes: Uint8Array,
  options: XmlReader.ReadOptions,
  headers: Node,
  bodyName: QName,
  body: Node
): Either.Either<SoapReply, XmlReadError | SoapEnvelopeError> => {
  let envNs = ""
  let version: SoapVersion.SoapVersion | undefined
  let notEnvelope: string | undefined
  let sawBody = false
  const headerFrame: Frame = headers.reader.start(HEADER_OPEN)
  let headerError: XmlBindingError | undefined
  let bodyValue: Either.Either<unknown, XmlBindingError> | undefined
  let faultTree: XmlElement | undefined
  const found: Array<string> = []

  // The unit being decoded: a header block, the body element or the Fault, opened at `unitDepth`.
  let part: Part = Part.Other
  let unitDepth = 0
  const stack: Array<Frame> = []
  const names: Array<string> = []
  let skipping = false

  const fail = (e: unknown): void => {
    const error = fromFailure(e, part === Part.Body ? names : ["Header", ...names])
    if (part === Part.Body) bodyValue ??= Either.left(error)
    else headerError ??= error
    stack.length = 0
    skipping = true
  }

  const startUnit = (frame: Frame, which: Part, depth: number, local: string): void => {
    part = which
    unitDepth = depth
    skipping = false
    stack.length = 0
    names.length = 0
    stack.push(frame)
    names.push(local)
  }

  const finishUnit = (value: unknown): void => {
    switch (part) {
      case Part.Header:
        if (headerError === undefined) {
          try {
            headerFrame.put(value)
          } catch (e) {
            fail(e)
          }
        }
        break
      case Part.Body:
        bodyValue ??= Either.right(value)
        break
      case Part.Fault:
        faultTree = value as XmlElement
        break
    }
    part = Part.Other
    unitDepth = 0
  }

  const headerBlock = (open: Open, depth: number): void => {
    if (headerError !== undefined) {
      startUnit(SKIP, Part.Header, depth, open.local)
      return
    }
    try {
      startUnit(headerFrame.child(open), Part.Header, depth, open.local)
    } catch (e) {
      part = Part.Header
      fail(e)
      unitDepth = depth
    }
  }

  // One event object, refilled per element: frames read it at once and keep nothing of it.
  const open = {
    ns: "",
    local: "",
    prefix: "",
    attributes: [] as ReadonlyArray<XmlAttribute>,
    xsiType: undefined as QName | undefined
  }
  const result = XmlReader.readInto(
    bytes,
    {
      open: (ns, local, prefix, attributes, xsiType, depth) => {
        open.ns = ns
        open.local = local
        open.prefix = prefix
        open.attributes = attributes
        open.xsiType = xsiType
        if (unitDepth !== 0) {
          if (skipping) return
          try {
            stack.push(stack[stack.length - 1]!.child(open))
            names.push(open.local)
          } catch (e) {
            fail(e)
          }
          return
        }
        if (depth === 1) {
          version = SoapVersion.fromNamespace(open.ns)
          envNs = open.ns
          if (open.local !== "Envelope" || version === undefined) {
            notEnvelope = `Expected a SOAP Envelope, found <${open.local}>${open.ns ? ` in ${open.ns}` : ""}`
          }
          return
        }
        if (notEnvelope !== undefined) return
        if (depth === 2) {
          if (open.ns === envNs && open.local === "Body") sawBody = true
          // Doc-page style: header blocks written straight under Envelope.
          else if (!(open.ns === envNs && open.local === "Header")) headerBlock(open, depth)
          return
        }
        // depth 3: inside Header or Body (deeper levels belong to a unit)
        if (!sawBody || part !== Part.Other) {
          headerBlock(open, depth)
          return
        }
        if (open.local === "Fault" && open.ns === envNs) {
          startUnit(new TreeFrame(open), Part.Fault, depth, open.local)
        } else if (
          bodyValue === undefined &&
          open.local === bodyName.local &&
          (open.ns === bodyName.ns || open.ns === "")
        ) {
          try {
            startUnit(body.reader.start(open), Part.Body, depth, open.local)
          } catch (e) {
            part = Part.Body
            fail(e)
            unitDepth = depth
          }
        } else {
          found.push(open.local)
          startUnit(SKIP, Part.Other, depth, open.local)
        }
      },
      text: (text) => {
        if (unitDepth === 0 || skipping) return
        try {
          stack[stack.length - 1]!.text(text)
        } catch (e) {
          fail(e)
        }
      },
      close: (_ns, _local, depth) => {
        if (unitDepth === 0) {
          // The Header or Body element itself closing, or the envelope.
          return
        }
        if (skipping) {
          if (depth === unitDepth) {
            skipping = false
            part = Part.Other
            unitDepth = 0
          }
          return
        }
        try {
          const frame = stack.pop()!
          const value = frame.end()
          names.pop()
          if (stack.length > 0) stack[stack.length - 1]!.put(value)
          else finishUnit(value)
        } catch (e) {
          fail(e)
          if (depth === unitDepth) {
            skipping = false
            part = Part.Other
            unitDepth = 0
          }
        }
      }
    },
    options
  )
  if (Either.isLeft(result)) return Either.left(result.left)
  if (notEnvelope !== undefined || version === undefined) {
    return Either.left(new Envelope.SoapEnvelopeError({ message: notEnvelope ?? "Expected a SOAP Envelope" }))
  }
  if (!sawBody) return Either.left(new Envelope.SoapEnvelopeError({ message: "The SOAP Envelope has no Body" }))
  let headerValue: Either.Either<unknown, XmlBindingError>
  if (headerError !== undefined) headerValue = Either.left(headerError)
  else {
    try {
      headerValue = Either.right(headerFrame.end())
    } catch (e) {
      headerValue = Either.left(fromFailure(e, ["Header"]))
    }
  }
  return Either.right({
    version,
    fault: faultTree === undefined ? undefined : Fault.fromElement(version, faultTree),
    headers: headerValue,
    body: bodyValue,
    found
  })
}
