/**
 * The admin API under `/__admin`, for tests and tools in another process:
 *
 * | method | path | does |
 * |---|---|---|
 * | GET | `/__admin/health` | `{ ok: true }` |
 * | GET | `/__admin/faults` | the rules in force |
 * | POST | `/__admin/faults` | adds a rule or an array of rules (JSON), answers 201 with them and their ids |
 * | PUT | `/__admin/faults` | replaces every rule |
 * | DELETE | `/__admin/faults` | clears every rule |
 * | DELETE | `/__admin/faults/<id>` | removes one rule |
 * | GET | `/__admin/state` | counts and ids of users, tickets, sessions (never a credential) |
 * | POST | `/__admin/tickets/revoke` | invalidates every SuperOffice and WebEx ticket |
 * | GET | `/__admin/tenants` | the SuperOffice Online tenants: host, state |
 * | POST | `/__admin/tenants/<contextId>` | adds or changes a tenant: `{ host?, state?, validSeconds?, servicesCurrent? }`; a new host moves it (the old one answers 421) |
 *
 * @since 0.1.0
 */
import { Either } from "effect"
import { type FaultStore, parseRules } from "./Faults.ts"
import { json, type Reply } from "./Reply.ts"
import type { SuperOfficeState } from "./SuperOfficeState.ts"
import type { Tenants } from "./Tenants.ts"
import type { WebExState } from "./WebExState.ts"

export const PREFIX = "/__admin"

export interface AdminContext {
  readonly faults: FaultStore
  readonly superoffice: SuperOfficeState
  readonly webex: WebExState
  readonly tenants: Tenants
}

const parseJson = (body: string): Either.Either<unknown, string> => {
  try {
    return Either.right(JSON.parse(body))
  } catch {
    return Either.left("The body is not JSON")
  }
}

export const handle = (method: string, path: string, body: string, ctx: AdminContext): Reply => {
  const rest = path.slice(PREFIX.length)
  if (rest === "/health" && method === "GET") return json(200, { ok: true })
  if (rest === "/state" && method === "GET") {
    return json(200, { superoffice: ctx.superoffice.summary(), webex: ctx.webex.summary(), faults: ctx.faults.list() })
  }
  if (rest === "/tickets/revoke" && method === "POST") {
    return json(200, { superoffice: ctx.superoffice.revokeTickets(), webex: ctx.webex.revokeTickets() })
  }
  if (rest === "/tenants" && method === "GET") return json(200, ctx.tenants.list())
  const tenant = /^\/tenants\/([\w-]+)$/.exec(rest)
  if (tenant !== null && method === "POST") {
    const input = parseJson(body)
    if (Either.isLeft(input) || typeof input.right !== "object" || input.right === null) {
      return json(400, { error: "The body is not a JSON object" })
    }
    const { host, state, validSeconds, servicesCurrent } = input.right as Record<string, unknown>
    try {
      return json(
        200,
        ctx.tenants.set({
          contextId: tenant[1]!,
          host: typeof host === "string" ? host : undefined,
          state: typeof state === "string" ? state : undefined,
          validSeconds: typeof validSeconds === "number" ? validSeconds : undefined,
          servicesCurrent: typeof servicesCurrent === "string" ? servicesCurrent : undefined
        })
      )
    } catch (e) {
      return json(400, { error: (e as Error).message })
    }
  }
  if (rest === "/faults") {
    switch (method) {
      case "GET":
        return json(200, ctx.faults.list())
      case "DELETE":
        return json(200, { removed: ctx.faults.clear() })
      case "POST":
      case "PUT": {
        const rules = Either.flatMap(parseJson(body), parseRules)
        if (Either.isLeft(rules)) return json(400, { error: rules.left })
        if (method === "PUT") return json(200, ctx.faults.set(...rules.right))
        return json(
          201,
          rules.right.map((r) => ctx.faults.add(r))
        )
      }
      default:
        return json(405, { error: `${method} is not supported on ${path}` })
    }
  }
  const one = /^\/faults\/([\w-]+)$/.exec(rest)
  if (one !== null && method === "DELETE") {
    const removed = ctx.faults.clear(one[1]!)
    return json(removed > 0 ? 200 : 404, { removed })
  }
  return json(404, { error: `No admin endpoint ${method} ${path}` })
}
