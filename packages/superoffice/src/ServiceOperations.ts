/**
 * The factory the generated modules call, so each operation is one line: the WSDLs of
 * every NetServer version follow one convention (body element = operation name, reply
 * element = name + `Response`, SOAP action = service namespace + name), and only what
 * differs from it is spelled out. The typed client of a service is a mapped type over its
 * operation record, so per-version typing follows the record.
 *
 * @since 0.1.0
 */
import { Operation, type QName } from "@sessionwire/protocol"
import type { Effect, Schema } from "effect"

/**
 * What every operation of one service shares.
 *
 * @since 0.1.0
 * @category models
 */
export interface Service<HIn, HOut> {
  /** For spans and messages, e.g. `Services88.CustomerService`. */
  readonly service: string
  /** The namespace of the body elements. */
  readonly ns: string
  /** The SOAP action is this followed by the operation name. */
  readonly actionBase: string
  readonly requestHeaders: Schema.Schema<HIn, any>
  readonly responseHeaders: Schema.Schema<HOut, any>
  readonly prefixes: Readonly<Record<string, string>>
}

/**
 * Where an operation departs from the service's convention.
 *
 * @since 0.1.0
 * @category models
 */
export interface Exceptions {
  readonly action?: string | undefined
  readonly request?: QName | undefined
  readonly response?: QName | undefined
}

/**
 * One operation's line: its body schemas, whether it is safe to resend, and any departure
 * from the service's naming convention.
 *
 * @since 0.1.0
 * @category models
 */
export type Definition = readonly [
  request: Schema.Schema<any, any>,
  response: Schema.Schema<any, any>,
  idempotent: boolean,
  exceptions?: Exceptions
]

/**
 * The operations a record of definitions describes, keyed (and named) by operation.
 *
 * @since 0.1.0
 * @category models
 */
export type Operations<Defs extends Record<string, Definition>, HIn, HOut> = {
  readonly [K in keyof Defs]: Operation.Operation<
    Schema.Schema.Type<Defs[K][0]>,
    Schema.Schema.Type<Defs[K][1]>,
    HIn,
    HOut
  >
}

/**
 * The maker of a service's operations: give it a record of definitions, get the operations,
 * each named by its key.
 *
 * @since 0.1.0
 * @category constructors
 */
export const factory =
  <HIn, HOut>(service: Service<HIn, HOut>) =>
  <const Defs extends Record<string, Definition>>(definitions: Defs): Operations<Defs, HIn, HOut> => {
    const out: Record<string, Operation.Operation<any, any, HIn, HOut>> = {}
    for (const [name, [request, response, idempotent, exceptions = {}]] of Object.entries(definitions)) {
      out[name] = Operation.make({
        service: service.service,
        name,
        action: exceptions.action ?? `${service.actionBase}${name}`,
        soapVersion: "1.1",
        request: { element: exceptions.request ?? { ns: service.ns, local: name }, schema: request },
        response: { element: exceptions.response ?? { ns: service.ns, local: `${name}Response` }, schema: response },
        requestHeaders: service.requestHeaders,
        responseHeaders: service.responseHeaders,
        idempotent,
        prefixes: service.prefixes
      })
    }
    return out as Operations<Defs, HIn, HOut>
  }

/**
 * The typed client of an operation record: one method per operation, each returning the
 * decoded body with the response headers. `E` and `R` are the client's error and requirements.
 *
 * @since 0.1.0
 * @category models
 */
export type Client<Ops, E, R = never> = {
  readonly [K in keyof Ops]: Ops[K] extends Operation.Operation<infer In, infer Out, any, infer HOut>
    ? (input: In) => Effect.Effect<Operation.Reply<Out, HOut>, E, R>
    : never
}
