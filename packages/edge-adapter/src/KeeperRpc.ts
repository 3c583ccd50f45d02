/**
 * How a `CsSessionKeeper` answers across the Durable Object RPC boundary, and the
 * client that turns those answers back into Effects with typed errors.
 *
 * workerd serializes a thrown `Error` as its name and message only, so a tagged error
 * thrown by the keeper would arrive untyped. The keeper therefore never throws: every
 * method resolves to a {@link Reply}, a plain object carrying either the value or the
 * failure's `_tag`, message and its primitive fields. The client rebuilds the
 * SuperOffice session errors as their own classes and any other failure as a
 * {@link KeeperFailure} that keeps the original `_tag`.
 *
 * @since 0.1.0
 */
import { SessionExpired, SessionNotCreated } from "@sessionwire/superoffice/SuperOfficeError"
import { Data, Effect } from "effect"

/**
 * A keeper's session as callers see it: everything but the session key.
 *
 * @since 0.1.0
 * @category models
 */
export interface KeeperState {
  readonly version: string
  readonly loginId: number
  readonly userId: number
  /** Epoch milliseconds. */
  readonly openedAt: number
  readonly lastUsedAt: number
  readonly nextKeepAliveAt: number
  /** When the keeper removes the session unless it is used again. */
  readonly idleExpiresAt: number
  /** Keep-alives the server accepted since the session was opened. */
  readonly keepAlives: number
  /** How many times the keeper re-opened the session after finding it gone. */
  readonly reopened: number
}

/**
 * A failure as it crosses the RPC boundary: tag, message and the primitive fields.
 *
 * @since 0.1.0
 * @category models
 */
export interface WireFailure {
  readonly _tag: string
  readonly message: string
  readonly fields: Readonly<Record<string, string | number | boolean>>
}

/**
 * @since 0.1.0
 * @category models
 */
export type Reply<A> = { readonly ok: true; readonly value: A } | { readonly ok: false; readonly error: WireFailure }

/**
 * A keeper failure other than the session errors, with the `_tag` it had inside the
 * keeper (`TransportError`, `InvalidCredentials`, `ConfigError`, …) and its primitive fields.
 *
 * @since 0.1.0
 * @category errors
 */
export class KeeperFailure extends Data.Error<{
  readonly _tag: string
  readonly message: string
  readonly fields: Readonly<Record<string, string | number | boolean>>
}> {}

/**
 * The keeper could not be reached or threw (an overloaded or reset Durable Object).
 *
 * @since 0.1.0
 * @category errors
 */
export class KeeperUnavailable extends Data.TaggedError("KeeperUnavailable")<{ readonly message: string }> {}

/**
 * @since 0.1.0
 * @category errors
 */
export type KeeperError = SessionExpired | SessionNotCreated | KeeperFailure | KeeperUnavailable

const primitiveFields = (error: object): Record<string, string | number | boolean> => {
  const fields: Record<string, string | number | boolean> = {}
  for (const [k, v] of Object.entries(error)) {
    if (k !== "_tag" && (typeof v === "string" || typeof v === "number" || typeof v === "boolean")) fields[k] = v
  }
  return fields
}

/**
 * A failure as it crosses the boundary. Library errors carry no secret (the session
 * key is redacted from every error the calls raise), so their fields are safe to send.
 *
 * @since 0.1.0
 * @category encoding
 */
export const toWire = (error: unknown): WireFailure => {
  if (typeof error === "object" && error !== null) {
    const tag = (error as { _tag?: unknown })._tag
    const message = (error as { message?: unknown }).message
    return {
      _tag: typeof tag === "string" ? tag : "Error",
      message: typeof message === "string" ? message : "Unexpected error",
      fields: primitiveFields(error)
    }
  }
  return { _tag: "Error", message: "Unexpected error", fields: {} }
}

/**
 * The failure rebuilt on the caller's side.
 *
 * @since 0.1.0
 * @category encoding
 */
export const fromWire = (wire: WireFailure): KeeperError => {
  const f = wire.fields
  switch (wire._tag) {
    case "SessionExpired":
      return new SessionExpired({ version: String(f.version), loginId: Number(f.loginId), reason: String(f.reason) })
    case "SessionNotCreated":
      return new SessionNotCreated({ version: String(f.version), reason: String(f.reason) })
    case "KeeperUnavailable":
      return new KeeperUnavailable({ message: wire.message })
    default:
      return new KeeperFailure({ _tag: wire._tag, message: wire.message, fields: f })
  }
}

/**
 * What the example Worker (or any caller) sees of a keeper's RPC methods.
 *
 * @since 0.1.0
 * @category models
 */
export interface KeeperStub {
  open(remoteIp: string): Promise<Reply<KeeperState & { readonly joined: boolean }>>
  state(): Promise<Reply<KeeperState | null>>
  close(): Promise<Reply<{ readonly removed: boolean }>>
}

/**
 * @since 0.1.0
 * @category models
 */
export interface KeeperClient {
  /** Opens the session, or joins it when it is already open; either way it counts as a use. */
  readonly open: (remoteIp: string) => Effect.Effect<KeeperState & { readonly joined: boolean }, KeeperError>
  /** The session, or `null` when none is open. Does not count as a use. */
  readonly state: Effect.Effect<KeeperState | null, KeeperError>
  /** Removes the session now. `removed` is false when none was open. */
  readonly close: Effect.Effect<{ readonly removed: boolean }, KeeperError>
}

const call = <A>(f: () => Promise<Reply<A>>): Effect.Effect<A, KeeperError> =>
  Effect.flatMap(
    Effect.tryPromise({
      try: f,
      catch: (cause) =>
        new KeeperUnavailable({
          message: `The session keeper did not answer: ${cause instanceof Error ? cause.message : String(cause)}`
        })
    }),
    (reply) => (reply.ok ? Effect.succeed(reply.value) : Effect.fail(fromWire(reply.error)))
  )

/**
 * Effects over a keeper stub, e.g. `client(env.CS_SESSIONS.getByName(caseId))`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const client = (stub: KeeperStub): KeeperClient => ({
  open: (remoteIp) => call(() => stub.open(remoteIp)),
  state: call(() => stub.state()),
  close: call(() => stub.close())
})
