/**
 * What the SuperOffice simulator remembers: configured users and OAuth tokens,
 * the tickets SoPrincipal issued, and CS sessions with their last activity, so
 * sessions expire after an idle timeout like the real ones.
 *
 * @since 0.1.0
 */
import { randomBytes, randomUUID } from "node:crypto"

export interface SuperOfficeUser {
  readonly username: string
  readonly password: string
  readonly associateId: number
  readonly fullName?: string | undefined
  readonly email?: string | undefined
}

export interface SuperOfficeOptions {
  readonly users?: ReadonlyArray<SuperOfficeUser> | undefined
  /**
   * OAuth access tokens (`8A:…`) accepted by AuthenticateWithAccessToken and directly as the
   * `Credentials/Ticket` header, each standing for one user.
   */
  readonly accessTokens?: ReadonlyArray<{ readonly token: string; readonly username: string }> | undefined
  /**
   * Application tokens accepted in the `ApplicationToken` header. Online tenants require
   * one; an empty list accepts requests without it, as on-site installations do.
   */
  readonly applicationTokens?: ReadonlyArray<string> | undefined
  /** A CS session with no activity for this long is gone; default 20 minutes. */
  readonly sessionIdleTimeoutMillis?: number | undefined
  /** A ticket is rejected this long after it was issued; default 6 hours. */
  readonly ticketTimeToLiveMillis?: number | undefined
}

export const defaultUsers: ReadonlyArray<SuperOfficeUser> = [
  {
    username: "sam.sample",
    password: "sim-superoffice-password",
    associateId: 5,
    fullName: "Sam Sample",
    email: "sam.sample@example.com"
  }
]
export const defaultAccessTokens: ReadonlyArray<{ readonly token: string; readonly username: string }> = [
  { token: "8A:sim-superoffice-access-token", username: "sam.sample" }
]
export const defaultApplicationTokens: ReadonlyArray<string> = ["sim-application-token"]

export interface CsSessionRecord {
  readonly key: string
  readonly loginId: number
  readonly userId: number
  readonly remoteIp: string
  readonly version: string
  readonly created: number
  lastActive: number
}

export class SuperOfficeState {
  readonly sessionIdleTimeoutMillis: number
  readonly ticketTimeToLiveMillis: number
  readonly applicationTokens: ReadonlyArray<string>
  private readonly users = new Map<string, SuperOfficeUser>()
  private readonly accessTokens = new Map<string, string>()
  private readonly tickets = new Map<string, { readonly username: string; readonly issued: number }>()
  private readonly sessions = new Map<string, CsSessionRecord>()
  private nextLoginId = 1001
  private readonly now: () => number

  constructor(options: SuperOfficeOptions, now: () => number) {
    this.now = now
    this.sessionIdleTimeoutMillis = options.sessionIdleTimeoutMillis ?? 20 * 60_000
    this.ticketTimeToLiveMillis = options.ticketTimeToLiveMillis ?? 6 * 3600_000
    this.applicationTokens = options.applicationTokens ?? defaultApplicationTokens
    for (const u of options.users ?? defaultUsers) this.users.set(u.username.toLowerCase(), u)
    for (const t of options.accessTokens ?? defaultAccessTokens)
      this.accessTokens.set(t.token, t.username.toLowerCase())
  }

  /** Whether the `ApplicationToken` header passes: required only when tokens are configured. */
  applicationTokenOk(token: string | null | undefined): boolean {
    if (this.applicationTokens.length === 0) return true
    return token != null && this.applicationTokens.includes(token.trim())
  }

  /** A new `7T:` ticket when the password matches. */
  login(username: string, password: string): { readonly ticket: string; readonly user: SuperOfficeUser } | undefined {
    const user = this.users.get(username.trim().toLowerCase())
    if (user === undefined || user.password !== password) return undefined
    return { ticket: this.issue(user), user }
  }

  /** A new `7T:` ticket for the user an access token stands for. */
  loginWithAccessToken(token: string): { readonly ticket: string; readonly user: SuperOfficeUser } | undefined {
    const user = this.userForAccessToken(token)
    return user === undefined ? undefined : { ticket: this.issue(user), user }
  }

  /** The user a `Credentials/Ticket` value stands for: an unexpired ticket or a configured access token. */
  userForTicket(ticket: string | null | undefined): SuperOfficeUser | undefined {
    if (ticket == null) return undefined
    const t = ticket.trim()
    const issued = this.tickets.get(t)
    if (issued !== undefined) {
      if (this.now() - issued.issued > this.ticketTimeToLiveMillis) {
        this.tickets.delete(t)
        return undefined
      }
      return this.users.get(issued.username)
    }
    return this.userForAccessToken(t)
  }

  /** Invalidates every ticket, as a password change or a server restart would. */
  revokeTickets(): number {
    const n = this.tickets.size
    this.tickets.clear()
    return n
  }

  createSession(user: SuperOfficeUser, remoteIp: string, version: string): CsSessionRecord {
    const now = this.now()
    const record: CsSessionRecord = {
      key: randomUUID(),
      loginId: this.nextLoginId++,
      userId: user.associateId,
      remoteIp,
      version,
      created: now,
      lastActive: now
    }
    this.sessions.set(record.key, record)
    return record
  }

  /** The session if it exists and has not been idle too long; expired ones are dropped here. */
  session(key: string | null | undefined): CsSessionRecord | undefined {
    if (key == null) return undefined
    const s = this.sessions.get(key.trim())
    if (s === undefined) return undefined
    if (this.now() - s.lastActive > this.sessionIdleTimeoutMillis) {
      this.sessions.delete(s.key)
      return undefined
    }
    return s
  }

  /** Marks a live session active; false when it is gone. */
  touch(key: string | null | undefined): boolean {
    const s = this.session(key)
    if (s === undefined) return false
    s.lastActive = this.now()
    return true
  }

  /** Removes every session of a login; the number removed. */
  removeByLoginId(loginId: number): number {
    let n = 0
    for (const [k, s] of this.sessions) {
      if (s.loginId === loginId) {
        this.sessions.delete(k)
        n++
      }
    }
    return n
  }

  /** Live sessions (expired ones are dropped first). */
  liveSessions(): ReadonlyArray<CsSessionRecord> {
    for (const k of [...this.sessions.keys()]) this.session(k)
    return [...this.sessions.values()]
  }

  /** A summary for the admin API: counts and ids only, never a ticket. */
  summary(): Record<string, unknown> {
    return {
      users: [...this.users.values()].map((u) => u.username),
      tickets: this.tickets.size,
      sessions: this.liveSessions().map((s) => ({
        loginId: s.loginId,
        userId: s.userId,
        version: s.version,
        idleMillis: this.now() - s.lastActive
      }))
    }
  }

  private userForAccessToken(token: string): SuperOfficeUser | undefined {
    const username = this.accessTokens.get(token.trim())
    return username === undefined ? undefined : this.users.get(username)
  }

  private issue(user: SuperOfficeUser): string {
    const ticket = `7T:${randomBytes(30).toString("base64")}`
    this.tickets.set(ticket, { username: user.username.toLowerCase(), issued: this.now() })
    return ticket
  }
}
