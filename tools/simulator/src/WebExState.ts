/**
 * What the WebEx simulator remembers: its site, users, session tickets, support
 * sessions with their attendees and feedback. History is this state seen through
 * the history service, so list operations page over real records.
 *
 * @since 0.1.0
 */
import { randomBytes } from "node:crypto"

export interface WebExUser {
  readonly webExID: string
  readonly email: string
  readonly password: string
  /** An OAuth access token accepted for this user, in `webExAccessToken` or AuthenticateUser. */
  readonly accessToken?: string | undefined
  readonly firstName?: string | undefined
  readonly lastName?: string | undefined
  /** Site admins see every host's history and may filter by `hostWebExID`. */
  readonly siteAdmin?: boolean | undefined
}

export interface WebExOptions {
  /** The site's name, matched case-insensitively against `siteName`; default `sessionwire`. */
  readonly siteName?: string | undefined
  /** The site's numeric id, accepted in place of `siteName`; default `243585`. */
  readonly siteID?: string | undefined
  readonly users?: ReadonlyArray<WebExUser> | undefined
  /** Lifetime of AuthenticateUser tickets in seconds; default 5400 (90 minutes), as WebEx grants. */
  readonly ticketTimeToLive?: number | undefined
  /** Support sessions already in each user's history (spread over the last 80 days); default 12. */
  readonly seedHistory?: number | undefined
}

export interface WebExTicket {
  readonly webExID: string
  readonly createTime: number
  readonly timeToLive: number
}

export interface AttendeeRecord {
  readonly attendeeID: bigint
  readonly name: string
  readonly email: string
  readonly company: string
  readonly ipAddress: string
  readonly participantType: "HOST" | "ATTENDEE"
  readonly startTime: number
  readonly endTime: number
  readonly feedback?:
    | {
        readonly setup: string
        readonly easeOfUse: string
        readonly performance: string
        readonly comment: string
        readonly custom: ReadonlyArray<{ readonly label: string; readonly value: string }>
      }
    | undefined
}

export interface SupportSessionRecord {
  readonly sessionKey: bigint
  readonly confID: bigint
  readonly hostWebExID: string
  readonly confName: string
  readonly sessionType?: bigint | undefined
  readonly tracking: Readonly<Record<string, string>>
  readonly startTime: number
  readonly endTime: number
  readonly attendees: ReadonlyArray<AttendeeRecord>
}

/** Default configuration: one host and one site admin, for the demo and for tests that need no setup. */
export const defaultUsers: ReadonlyArray<WebExUser> = [
  {
    webExID: "csr.sample",
    email: "csr.sample@example.com",
    password: "sim-webex-password",
    accessToken: "sim-webex-access-token",
    firstName: "Casey",
    lastName: "Sample"
  },
  {
    webExID: "site.admin",
    email: "site.admin@example.com",
    password: "sim-webex-admin-password",
    firstName: "Ada",
    lastName: "Admin",
    siteAdmin: true
  }
]

const MINUTE = 60_000
const DAY = 24 * 60 * MINUTE

// A small deterministic generator, so seeded history is the same on every run.
const lcg = (seed: number) => {
  let s = seed >>> 0
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    return s / 2 ** 32
  }
}

const RATINGS = ["Excellent", "Good", "Fair", "Poor"] as const

export class WebExState {
  readonly siteName: string
  readonly siteID: string
  readonly ticketTimeToLive: number
  private readonly usersById = new Map<string, WebExUser>()
  private readonly tickets = new Map<string, WebExTicket>()
  private readonly sessions: Array<SupportSessionRecord> = []
  private nextKey = 11_916_961n
  private nextAttendee = 500_001n
  private readonly now: () => number

  constructor(options: WebExOptions, now: () => number) {
    this.now = now
    this.siteName = options.siteName ?? "sessionwire"
    this.siteID = options.siteID ?? "243585"
    this.ticketTimeToLive = options.ticketTimeToLive ?? 5400
    for (const u of options.users ?? defaultUsers) this.usersById.set(u.webExID.toLowerCase(), u)
    this.seed(options.seedHistory ?? 12)
  }

  matchesSite(siteName: string | undefined, siteID: string | undefined): boolean {
    if (siteName !== undefined) return siteName.trim().toLowerCase() === this.siteName.toLowerCase()
    return siteID !== undefined && siteID.trim() === this.siteID
  }

  findUser(webExID: string | undefined, email: string | undefined): WebExUser | undefined {
    if (webExID !== undefined) return this.usersById.get(webExID.trim().toLowerCase())
    if (email === undefined) return undefined
    const e = email.trim().toLowerCase()
    for (const u of this.usersById.values()) if (u.email.toLowerCase() === e) return u
    return undefined
  }

  findUserByAccessToken(token: string): WebExUser | undefined {
    for (const u of this.usersById.values()) if (u.accessToken !== undefined && u.accessToken === token) return u
    return undefined
  }

  issueTicket(user: WebExUser): { readonly ticket: string } & WebExTicket {
    const ticket = `AAAB${randomBytes(36).toString("base64url")}`
    const record = { webExID: user.webExID, createTime: this.now(), timeToLive: this.ticketTimeToLive }
    this.tickets.set(ticket, record)
    return { ticket, ...record }
  }

  /** The ticket's record if it exists, belongs to `user` and has not expired. */
  checkTicket(ticket: string, user: WebExUser): WebExTicket | undefined {
    const t = this.tickets.get(ticket)
    if (t === undefined || t.webExID !== user.webExID) return undefined
    if (this.now() > t.createTime + t.timeToLive * 1000) {
      this.tickets.delete(ticket)
      return undefined
    }
    return t
  }

  /** Invalidates every ticket, as a server restart or a password change does. */
  revokeTickets(): number {
    const n = this.tickets.size
    this.tickets.clear()
    return n
  }

  /**
   * Creates a support session. The simulator records it as already held, with one
   * customer who left feedback, so history and feedback have something to show at once.
   * Its first sub-session's confID equals its sessionKey.
   */
  createSupportSession(
    host: WebExUser,
    input: { readonly sessionType?: bigint | undefined; readonly tracking: Readonly<Record<string, string>> }
  ): SupportSessionRecord {
    // WebEx times have whole seconds; so do the records, or a range ending "now" would miss them.
    const start = Math.floor(this.now() / 1000) * 1000
    const key = this.nextKey++
    const record = this.makeSession(key, host, start, 12, input.tracking, input.sessionType, 0)
    this.sessions.push(record)
    return record
  }

  /** Every support session, in the order they started. */
  allSessions(): ReadonlyArray<SupportSessionRecord> {
    return this.sessions
  }

  users(): ReadonlyArray<WebExUser> {
    return [...this.usersById.values()]
  }

  /** A summary for the admin API: counts only, never a credential. */
  summary(): Record<string, unknown> {
    return {
      siteName: this.siteName,
      users: [...this.usersById.values()].map((u) => u.webExID),
      tickets: this.tickets.size,
      supportSessions: this.sessions.length
    }
  }

  private seed(perUser: number): void {
    const rnd = lcg(0x5e551)
    const now = this.now()
    for (const host of this.usersById.values()) {
      for (let i = 0; i < perUser; i++) {
        const start = Math.floor((now - (1 + rnd() * 79) * DAY) / 1000) * 1000
        const minutes = 5 + Math.floor(rnd() * 50)
        const tracking = { trackingCode1: `CASE-${1000 + Math.floor(rnd() * 9000)}` }
        this.sessions.push(
          this.makeSession(this.nextKey++, host, start, minutes, tracking, undefined, Math.floor(rnd() * 4))
        )
      }
    }
    this.sessions.sort((a, b) => a.startTime - b.startTime)
  }

  private makeSession(
    key: bigint,
    host: WebExUser,
    start: number,
    minutes: number,
    tracking: Readonly<Record<string, string>>,
    sessionType: bigint | undefined,
    rating: number
  ): SupportSessionRecord {
    const end = start + minutes * MINUTE
    const hostName = [host.firstName, host.lastName].filter(Boolean).join(" ") || host.webExID
    const customerId = this.nextAttendee++
    return {
      sessionKey: key,
      confID: key,
      hostWebExID: host.webExID,
      confName: `Support session ${key}`,
      sessionType,
      tracking,
      startTime: start,
      endTime: end,
      attendees: [
        {
          attendeeID: this.nextAttendee++,
          name: hostName,
          email: host.email,
          company: "Sessionwire",
          ipAddress: "192.0.2.10",
          participantType: "HOST",
          startTime: start,
          endTime: end
        },
        {
          attendeeID: customerId,
          name: `Customer ${customerId}`,
          email: `customer${customerId}@example.org`,
          company: "Example Org",
          ipAddress: "198.51.100.20",
          participantType: "ATTENDEE",
          startTime: start + MINUTE,
          endTime: end,
          feedback: {
            setup: RATINGS[rating]!,
            easeOfUse: RATINGS[Math.min(3, rating + 1)]!,
            performance: RATINGS[rating]!,
            comment: rating === 0 ? "Solved on the first call" : "Took a while",
            custom: [{ label: "Was your issue resolved?", value: rating < 2 ? "Yes" : "No" }]
          }
        }
      ]
    }
  }
}
