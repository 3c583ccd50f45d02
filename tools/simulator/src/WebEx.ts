/**
 * The simulated WebEx XML API (`/WBXService/XMLService`): reads a `serv:message`,
 * checks the security context, runs each `bodyContent` against {@link WebExState}
 * and answers the way WebEx does — HTTP 200 with `result=SUCCESS`, or with
 * `result=FAILURE` plus a reason and a six-digit `exceptionID`.
 *
 * @since 0.1.0
 */
import { XmlBinding, type XmlElement, XmlNode, XmlReader, XmlWriter } from "@sessionwire/protocol"
import { Either, type Schema } from "effect"
import type { Reply } from "./Reply.ts"
import type { SupportSessionRecord, WebExState, WebExUser } from "./WebExState.ts"
import * as W from "./WebExWire.ts"

/** Known failure IDs, with the reason texts WebEx sends where they have been seen. */
export const Failures = {
  malformed: { exceptionID: "000000", reason: "Fail to forward request:null" },
  noRecords: { exceptionID: "000015", reason: "Sorry, no record found" },
  rateLimited: { exceptionID: "000045", reason: "API Rate Limit Reach" },
  userNotFound: { exceptionID: "030001", reason: "Corresponding User not found" },
  badPassword: { exceptionID: "030002", reason: "Incorrect user or password" },
  badTicket: { exceptionID: "030047", reason: "Not a valid session ticket" }
} as const

interface Failure {
  readonly exceptionID: string
  readonly reason: string
}

const CONTENT_TYPE = "text/xml;charset=UTF-8"

/** A request read as far as the simulator needs before deciding about faults. */
export type Parsed = { readonly _tag: "Message"; readonly root: XmlElement } | { readonly _tag: "Malformed" }

const ROOT_TAG = /<([A-Za-z_][\w.-]*):message\b[^>]*>/

/**
 * Parses the request. WebEx accepts `serv:message` with the `serv` prefix never declared
 * (several of its own docs samples do it), so the simulator supplies that one declaration;
 * an undeclared `xsi` prefix, by contrast, fails as on the real service.
 */
export const parse = (bytes: Uint8Array): Parsed => {
  let text = new TextDecoder("utf-8", { fatal: false }).decode(bytes)
  const m = ROOT_TAG.exec(text)
  if (m !== null && !m[0].includes(`xmlns:${m[1]}=`)) {
    const at = m.index + 1 + m[1]!.length + ":message".length
    text = `${text.slice(0, at)} xmlns:${m[1]}="${W.SERV}"${text.slice(at)}`
  }
  const read = XmlReader.readSync(text)
  if (Either.isLeft(read) || read.right.local !== "message") return { _tag: "Malformed" }
  return { _tag: "Message", root: read.right }
}

const bodyContents = (root: XmlElement): ReadonlyArray<XmlElement> => {
  const body = XmlNode.childLocal(root, "body")
  return body === undefined ? [] : body.children.filter((c) => c.local === "bodyContent")
}

/** `java:com.webex.service.binding.<package>.<Op>` → `<Op>`, for fault targeting and logs. */
export const operationOf = (parsed: Parsed): string | undefined => {
  if (parsed._tag !== "Message") return undefined
  const t = bodyContents(parsed.root)[0]?.xsiType
  return t === undefined ? undefined : t.local.slice(t.local.lastIndexOf(".") + 1)
}

// ---------------------------------------------------------------------------
// Writing replies
// ---------------------------------------------------------------------------

const encodeResponse = XmlBinding.encodeElement(W.Response)
const el = (local: string, children: ReadonlyArray<XmlElement>): XmlElement =>
  XmlNode.element(W.SERV, local, { children })

const write = (responses: ReadonlyArray<W.Response>, bodies: ReadonlyArray<XmlElement> | undefined): Reply => {
  const header = el(
    "header",
    responses.map((r) => Either.getOrThrow(encodeResponse(r, { ns: W.SERV, local: "response" })))
  )
  const root = el("message", [header, el("body", bodies ?? [])])
  return {
    status: 200,
    headers: { "content-type": CONTENT_TYPE },
    body: XmlWriter.write(root, { prefixes: W.prefixes })
  }
}

/** A FAILURE reply, delivered with HTTP 200 as WebEx delivers it. */
export const failure = (f: Failure, options: { readonly emptyBody?: boolean } = {}): Reply =>
  write(
    [{ result: "FAILURE", reason: f.reason, gsbStatus: "PRIMARY", exceptionID: f.exceptionID }],
    options.emptyBody ? [] : [el("bodyContent", [])]
  )

const SUCCESS: W.Response = { result: "SUCCESS", gsbStatus: "PRIMARY" }

const body = <A, I>(schema: Schema.Schema<A, I>, typeNs: string, typeName: string) => {
  const enc = XmlBinding.encodeElement(schema)
  return (value: A): XmlElement => ({
    ...Either.getOrThrow(enc(value, { ns: W.SERV, local: "bodyContent" })),
    xsiType: { ns: typeNs, local: typeName }
  })
}

const bodies = {
  createSupportSession: body(W.CreateSupportSessionResponse, W.SC, "createSupportSessionResponse"),
  getFeedbackInfo: body(W.GetFeedbackInfoResponse, W.ATT, "getFeedbackInfoResponse"),
  lstsupportsessionHistory: body(W.LstsupportsessionHistoryResponse, W.HISTORY, "lstsupportsessionHistoryResponse"),
  lstsupportattendeeHistory: body(W.LstsupportattendeeHistoryResponse, W.HISTORY, "lstsupportattendeeHistoryResponse"),
  authenticateUser: body(W.AuthenticateUserResponse, W.USE, "authenticateUserResponse"),
  getAPIVersion: body(W.GetAPIVersionResponse, W.EP, "getAPIVersionResponse")
}

// ---------------------------------------------------------------------------
// Authentication
// ---------------------------------------------------------------------------

type Auth = { readonly user: WebExUser } | { readonly failure: Failure }

const siteFailure: Failure = { exceptionID: "000000", reason: "Site not found" }

const authenticate = (ctx: W.SecurityContext, state: WebExState, bodyAccessToken?: string): Auth => {
  if (!state.matchesSite(ctx.siteName, ctx.siteID)) return { failure: siteFailure }
  const user =
    state.findUser(ctx.webExID, ctx.email) ??
    (ctx.webExID === undefined && ctx.email === undefined && ctx.webExAccessToken !== undefined
      ? state.findUserByAccessToken(ctx.webExAccessToken)
      : undefined)
  if (user === undefined) return { failure: Failures.userNotFound }
  if (ctx.sessionTicket !== undefined) {
    return state.checkTicket(ctx.sessionTicket.trim(), user) ? { user } : { failure: Failures.badTicket }
  }
  const token = ctx.webExAccessToken ?? bodyAccessToken
  if (token !== undefined) {
    return user.accessToken !== undefined && token.trim() === user.accessToken
      ? { user }
      : { failure: Failures.badPassword }
  }
  if (ctx.password !== undefined && ctx.password === user.password) return { user }
  return { failure: Failures.badPassword }
}

// ---------------------------------------------------------------------------
// Operations
// ---------------------------------------------------------------------------

type Outcome = { readonly ok: XmlElement } | { readonly failure: Failure }

interface Op {
  readonly run: (content: XmlElement, ctx: W.SecurityContext, state: WebExState, now: number) => Outcome
}

const decoder = <A, I>(schema: Schema.Schema<A, I>) => {
  const dec = XmlBinding.decodeElement(schema)
  return (content: XmlElement): A | Failure =>
    Either.match(dec(content, "bodyContent"), {
      onLeft: (): Failure => Failures.malformed,
      onRight: (a) => a
    })
}
const isFailure = (v: unknown): v is Failure => typeof v === "object" && v !== null && "exceptionID" in v

const pad = (n: number) => String(n).padStart(2, "0")
/** WebEx's `MM/DD/YYYY HH:MM:SS`, in GMT. */
export const formatTime = (ms: number): string => {
  const d = new Date(ms)
  return `${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}/${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(
    d.getUTCMinutes()
  )}:${pad(d.getUTCSeconds())}`
}
const TIME = /^\s*(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*$/
export const parseTime = (s: string): number | undefined => {
  const m = TIME.exec(s)
  if (m === null) return undefined
  const t = Date.UTC(
    Number(m[3]),
    Number(m[1]) - 1,
    Number(m[2]),
    Number(m[4] ?? 0),
    Number(m[5] ?? 0),
    Number(m[6] ?? 0)
  )
  return Number.isNaN(t) ? undefined : t
}

const tooWide: Failure = { exceptionID: "999999", reason: "Maximum date range is 90 days" }
const badTime: Failure = { exceptionID: "999999", reason: "Invalid date format, expected MM/DD/YYYY HH:MM:SS" }

const withAuth =
  (run: (content: XmlElement, user: WebExUser, state: WebExState, now: number) => Outcome): Op["run"] =>
  (content, ctx, state, now) => {
    const auth = authenticate(ctx, state)
    return "failure" in auth ? auth : run(content, auth.user, state, now)
  }

const visibleTo = (user: WebExUser, s: SupportSessionRecord, hostFilter?: string): boolean =>
  user.siteAdmin
    ? hostFilter === undefined || s.hostWebExID.toLowerCase() === hostFilter.trim().toLowerCase()
    : s.hostWebExID === user.webExID

interface ListControl {
  readonly startFrom?: bigint | undefined
  readonly maximumNum?: bigint | undefined
  readonly listMethod?: string | undefined
}

/** Paging as WebEx does it: 1-based `startFrom`, `maximumNum` default 10 and at most 500. */
const page = <A>(all: ReadonlyArray<A>, lc: ListControl | undefined) => {
  const startFrom = Math.max(1, Number(lc?.startFrom ?? 1n))
  const max = Math.min(500, Math.max(1, Number(lc?.maximumNum ?? 10n)))
  const items = all.slice(startFrom - 1, startFrom - 1 + max)
  return {
    items,
    matchingRecords: { total: BigInt(all.length), returned: BigInt(items.length), startFrom: BigInt(startFrom) }
  }
}

type Scope = { readonly sessionStartTimeStart: string; readonly sessionStartTimeEnd: string }
type EndScope = { readonly sessionEndTimeStart: string; readonly sessionEndTimeEnd: string }
const scopeOf = (s: Scope | EndScope | undefined): readonly [number, number] | undefined | Failure => {
  if (s === undefined) return undefined
  const [a, b] =
    "sessionStartTimeStart" in s
      ? [s.sessionStartTimeStart, s.sessionStartTimeEnd]
      : [s.sessionEndTimeStart, s.sessionEndTimeEnd]
  const from = parseTime(a)
  const to = parseTime(b)
  if (from === undefined || to === undefined) return badTime
  return to - from > 90 * 86_400_000 ? tooWide : [from, to]
}

/** Combines filters with `listMethod` AND (default) or OR, as the list services do. */
const combine = <A>(filters: ReadonlyArray<(a: A) => boolean>, method: string | undefined) =>
  filters.length === 0
    ? () => true
    : method?.trim().toUpperCase() === "OR"
      ? (a: A) => filters.some((f) => f(a))
      : (a: A) => filters.every((f) => f(a))

const ORDER_KEYS: Record<string, (s: SupportSessionRecord) => number | string | bigint> = {
  CONFID: (s) => s.confID,
  SESSIONSTARTTIME: (s) => s.startTime,
  CONFNAME: (s) => s.confName,
  SESSIONKEY: (s) => s.sessionKey,
  STARTTIME: (s) => s.startTime
}

const sortSessions = (
  rows: Array<SupportSessionRecord>,
  order: { readonly orderBy: ReadonlyArray<string>; readonly orderAD: ReadonlyArray<string> } | undefined
) => {
  const keys = (order?.orderBy ?? []).map((k, i) => ({
    key: ORDER_KEYS[k.trim().toUpperCase()],
    desc: order?.orderAD[i]?.trim().toUpperCase() === "DESC"
  }))
  const active = keys.filter((k) => k.key !== undefined)
  if (active.length === 0) active.push({ key: ORDER_KEYS.SESSIONSTARTTIME, desc: false })
  return rows.sort((a, b) => {
    for (const { key, desc } of active) {
      const x = key!(a)
      const y = key!(b)
      if (x !== y) return (x < y ? -1 : 1) * (desc ? -1 : 1)
    }
    return 0
  })
}

const decCreate = decoder(W.CreateSupportSession)
const decFeedback = decoder(W.GetFeedbackInfo)
const decSessions = decoder(W.LstsupportsessionHistory)
const decAttendees = decoder(W.LstsupportattendeeHistory)
const decAuth = decoder(W.AuthenticateUser)

const tooLong = (name: string): Failure => ({ exceptionID: "999999", reason: `${name} must not exceed 128 characters` })

/** The session filter both history lists share: key, conference and the two time scopes. */
const historyFilter = (input: {
  readonly sessionKey?: bigint | undefined
  readonly confID?: bigint | undefined
  readonly startTimeScope?: Parameters<typeof scopeOf>[0]
  readonly endTimeScope?: Parameters<typeof scopeOf>[0]
  readonly listControl?: { readonly listMethod?: Parameters<typeof combine>[1] } | undefined
}) => {
  const start = scopeOf(input.startTimeScope)
  const end = scopeOf(input.endTimeScope)
  if (isFailure(start)) return start
  if (isFailure(end)) return end
  const filters: Array<(s: SupportSessionRecord) => boolean> = []
  if (input.sessionKey !== undefined) filters.push((s) => s.sessionKey === input.sessionKey)
  if (input.confID !== undefined) filters.push((s) => s.confID === input.confID)
  if (start) filters.push((s) => s.startTime >= start[0] && s.startTime <= start[1])
  if (end) filters.push((s) => s.endTime >= end[0] && s.endTime <= end[1])
  return combine(filters, input.listControl?.listMethod)
}

const operations: Record<string, Op> = {
  "com.webex.service.binding.supportsession.CreateSupportSession": {
    run: withAuth((content, user, state) => {
      const input = decCreate(content)
      if (isFailure(input)) return { failure: input }
      const tracking: Record<string, string> = {}
      for (const [k, v] of Object.entries(input.tracking ?? {})) {
        if (typeof v !== "string") continue
        if (v.length > 128) return { failure: tooLong(k) }
        tracking[k] = v
      }
      const s = state.createSupportSession(user, { sessionType: input.metaData?.sessionType, tracking })
      return { ok: bodies.createSupportSession({ sessionKey: s.sessionKey }) }
    })
  },
  "com.webex.service.binding.attendee.GetFeedbackInfo": {
    run: withAuth((content, user, state) => {
      const input = decFeedback(content)
      if (isFailure(input)) return { failure: input }
      const sessions = state.allSessions().filter((s) => s.confID === input.confID && visibleTo(user, s))
      if (sessions.length === 0) return { failure: Failures.noRecords }
      return {
        ok: bodies.getFeedbackInfo({
          session: sessions.map((s) => {
            const attendees = s.attendees.filter((a) => a.feedback !== undefined)
            return {
              confID: s.confID,
              attendee: attendees.map((a) => ({
                attendeeID: a.attendeeID,
                feedbackFields: {
                  defaultFields: {
                    setup: a.feedback!.setup,
                    easeOfUse: a.feedback!.easeOfUse,
                    performance: a.feedback!.performance,
                    comment: a.feedback!.comment
                  },
                  customFields: { field: a.feedback!.custom.map((f) => ({ label: f.label, value: f.value })) }
                }
              })),
              matchingRecords: {
                total: BigInt(attendees.length),
                returned: BigInt(attendees.length),
                startFrom: 1n
              }
            }
          })
        })
      }
    })
  },
  "com.webex.service.binding.history.LstsupportsessionHistory": {
    run: withAuth((content, user, state) => {
      const input = decSessions(content)
      if (isFailure(input)) return { failure: input }
      const match = historyFilter(input)
      if (isFailure(match)) return { failure: match }
      const rows = sortSessions(
        state.allSessions().filter((s) => visibleTo(user, s, input.hostWebExID) && match(s)),
        input.order
      )
      const p = page(rows, input.listControl)
      if (p.items.length === 0) return { failure: Failures.noRecords }
      return {
        ok: bodies.lstsupportsessionHistory({
          supportSessionHistory: p.items.map((s) => ({
            sessionKey: s.sessionKey,
            confName: s.confName,
            sessionStartTime: formatTime(s.startTime),
            sessionEndTime: formatTime(s.endTime),
            duration: Math.round((s.endTime - s.startTime) / 60_000),
            meetingType: "SC",
            hostWebExID: s.hostWebExID,
            hostName: s.attendees[0]?.name ?? s.hostWebExID,
            hostEmail: s.attendees[0]?.email ?? "",
            totalPeopleMinutes: s.attendees.reduce((n, a) => n + Math.round((a.endTime - a.startTime) / 60_000), 0),
            confID: s.confID,
            peakAttendee: BigInt(s.attendees.length),
            ...(Object.keys(s.tracking).length > 0 ? { trackingCode: s.tracking as W.Tracking } : {})
          })),
          matchingRecords: p.matchingRecords
        })
      }
    })
  },
  "com.webex.service.binding.history.LstsupportattendeeHistory": {
    run: withAuth((content, user, state) => {
      const input = decAttendees(content)
      if (isFailure(input)) return { failure: input }
      const match = historyFilter(input)
      if (isFailure(match)) return { failure: match }
      const rows = state
        .allSessions()
        .filter((s) => visibleTo(user, s) && match(s))
        .flatMap((s) => s.attendees.map((a) => ({ s, a })))
      const p = page(rows, input.listControl)
      if (p.items.length === 0) return { failure: Failures.noRecords }
      return {
        ok: bodies.lstsupportattendeeHistory({
          supportAttendeeHistory: p.items.map(({ s, a }) => ({
            sessionKey: s.sessionKey,
            attendeeName: a.name,
            attendeeEmail: a.email,
            startTime: formatTime(a.startTime),
            endTime: formatTime(a.endTime),
            duration: Math.round((a.endTime - a.startTime) / 60_000),
            company: a.company,
            ipAddress: a.ipAddress,
            participantType: a.participantType,
            clientAgent: "WINDOWS,IE",
            confID: s.confID
          })),
          matchingRecords: p.matchingRecords
        })
      }
    })
  },
  "com.webex.service.binding.user.AuthenticateUser": {
    run: (content, ctx, state) => {
      const input = decAuth(content)
      if (isFailure(input)) return { failure: input }
      const auth = authenticate(ctx, state, input.accessToken)
      if ("failure" in auth) return auth
      const t = state.issueTicket(auth.user)
      return {
        ok: bodies.authenticateUser({
          sessionTicket: t.ticket,
          createTime: BigInt(t.createTime),
          timeToLive: BigInt(t.timeToLive)
        })
      }
    }
  },
  // Needs no credentials, only a site (or none at all).
  "com.webex.service.binding.ep.GetAPIVersion": {
    run: (_content, ctx, state) =>
      (ctx.siteName === undefined && ctx.siteID === undefined) || state.matchesSite(ctx.siteName, ctx.siteID)
        ? { ok: bodies.getAPIVersion({ apiVersion: "WebEx XML API V11.0.0", release: "SP26", apiVer: "39.7.0" }) }
        : { failure: siteFailure }
  }
}

/** The operations the simulator implements, by their `java:` class name. */
export const operationNames: ReadonlyArray<string> = Object.keys(operations).map((k) => k.slice(k.lastIndexOf(".") + 1))

const decodeContext = XmlBinding.decodeElement(W.SecurityContext)

/** Answers one parsed request. */
export const handle = (parsed: Parsed, state: WebExState, now: number): Reply => {
  // A message that does not parse (an undeclared `xsi` prefix, above all) never reaches
  // the dispatcher; WebEx answers with an empty body.
  if (parsed._tag === "Malformed") return failure(Failures.malformed, { emptyBody: true })
  const header = XmlNode.childLocal(parsed.root, "header")
  const ctxEl = header && XmlNode.childLocal(header, "securityContext")
  const decoded = ctxEl === undefined ? Either.right({}) : decodeContext(ctxEl, "securityContext")
  if (Either.isLeft(decoded)) return failure(Failures.malformed)
  const ctx = decoded.right as W.SecurityContext
  const contents = bodyContents(parsed.root)
  if (contents.length === 0) return failure(Failures.malformed, { emptyBody: true })
  const out: Array<XmlElement> = []
  for (const content of contents) {
    const t = content.xsiType
    const op = t !== undefined && t.ns === XmlNode.JAVA_TYPE_NS ? operations[t.local] : undefined
    if (op === undefined) return failure(Failures.malformed)
    const r = op.run(content, ctx, state, now)
    if ("failure" in r) return failure(r.failure)
    out.push(r.ok)
  }
  return write(
    out.map(() => SUCCESS),
    out
  )
}
