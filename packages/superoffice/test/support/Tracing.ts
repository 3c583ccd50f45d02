/** A tracer that records finished spans, to assert names and attributes. */
import { Context, Option, Tracer } from "effect"

export interface Recorded {
  readonly name: string
  readonly kind: Tracer.SpanKind
  readonly attributes: Map<string, unknown>
  readonly parent: string | undefined
}

export const recordingTracer = () => {
  const spans: Array<Recorded> = []
  let n = 0
  const tracer = Tracer.make({
    span: (name, parent, _context, links, _start, kind) => {
      const attributes = new Map<string, unknown>()
      const id = `${++n}`
      const span: Tracer.Span = {
        _tag: "Span",
        name,
        spanId: id,
        traceId: "trace",
        parent,
        context: Context.empty(),
        status: { _tag: "Started", startTime: 0n },
        attributes,
        links,
        sampled: true,
        kind,
        end: () => {
          spans.push({
            name,
            kind,
            attributes,
            parent: Option.match(parent, { onNone: () => undefined, onSome: (p) => p.spanId })
          })
        },
        attribute: (k, v) => void attributes.set(k, v),
        event: () => {},
        addLinks: () => {}
      }
      return span
    },
    context: (f) => f()
  })
  return { tracer, spans }
}
