/**
 * The main job: walk the whole lifecycle of both vendors and report each call with its
 * timing. The walk is a function of its endpoints and credentials, so the same code runs
 * against the embedded simulator (`npm start`), against real servers
 * (`npm start -- --superoffice-endpoint URL`), and in tests.
 *
 * For each SuperOffice version: SoPrincipal login → CreateSession → SessionIsValid →
 * ReportSessionActive (88) → RemoveSession → SessionIsValid (now false). Then
 * `CsSession.scoped` once, with a keep-alive. For WebEx: AuthenticateUser →
 * CreateSupportSession (on the ticket) → GetFeedbackInfo → LstsupportsessionHistory.
 *
 * @since 0.1.0
 */
import { HttpClient } from "@effect/platform"
import { CsSession, CustomerService, SoPrincipal, SuperOfficeConfig } from "@sessionwire/superoffice"
import { Attendee, History, SupportSession, User, WebExClient, WebExConfig } from "@sessionwire/webex"
import { Clock, Duration, Effect, Either, Redacted } from "effect"
import { DemoFailed, InvalidInput } from "./CliError.ts"

export type SuperOfficeLogin =
  | { readonly _tag: "Password"; readonly user: string; readonly password: Redacted.Redacted<string> }
  | { readonly _tag: "AccessToken"; readonly token: Redacted.Redacted<string> }
  | { readonly _tag: "Ticket"; readonly ticket: Redacted.Redacted<string> }

export interface SuperOfficeTarget {
  /** The tenant's base URL, e.g. `https://online3.superoffice.com/Cust12345`. */
  readonly endpoint: string
  readonly versions: ReadonlyArray<SuperOfficeConfig.Version>
  readonly applicationToken: Redacted.Redacted<string>
  readonly login: SuperOfficeLogin
  /** Sent in CreateSession: the address of the customer the session is for. */
  readonly remoteIp: string
  /** The `TimeZone` header, a NetServer time zone id or location code (`SUPEROFFICE_TIMEZONE`). */
  readonly timeZone?: string | undefined
}

export interface WebExTarget {
  readonly endpoint: string
  readonly siteName?: string | undefined
  readonly siteID?: string | undefined
  readonly webExID?: string | undefined
  readonly email?: string | undefined
  /** Exactly one of these. */
  readonly password?: Redacted.Redacted<string> | undefined
  readonly accessToken?: Redacted.Redacted<string> | undefined
}

export interface Options {
  readonly superoffice?: SuperOfficeTarget | undefined
  readonly webex?: WebExTarget | undefined
  /** Between keep-alives of the scoped session; default 250 ms, so the demo shows one quickly. */
  readonly keepAliveInterval?: Duration.DurationInput | undefined
  readonly timeout?: Duration.DurationInput | undefined
  /** Called when a section starts, e.g. `SuperOffice Services88`. */
  readonly onSection?: ((title: string, where: string) => void) | undefined
  /** Called after each step. */
  readonly onStep?: ((step: Step) => void) | undefined
  /** Wraps each call, e.g. with a spinner. */
  readonly around?: (<A, E, R>(label: string, effect: Effect.Effect<A, E, R>) => Effect.Effect<A, E, R>) | undefined
}

/** One call of the walk, as reported. `data` holds the typed result's interesting part. */
export interface Step {
  readonly section: string
  readonly name: string
  readonly millis: number
  readonly summary: string
  readonly data?: Record<string, unknown> | undefined
}

export interface Report {
  readonly steps: ReadonlyArray<Step>
  readonly millis: number
}

const abbreviate = (s: string): string => (s.length > 12 ? `${s.slice(0, 8)}…` : s)

/** Runs the walk; fails with the first call's error, or {@link DemoFailed} on a wrong outcome. */
export const run = (options: Options) =>
  Effect.gen(function* () {
    const http = yield* HttpClient.HttpClient
    const steps: Array<Step> = []
    const started = yield* Clock.currentTimeMillis
    const timeout = options.timeout ?? Duration.seconds(30)
    const around = options.around ?? (<A, E, R>(_: string, e: Effect.Effect<A, E, R>) => e)

    const step = <A, E, R>(
      section: string,
      name: string,
      effect: Effect.Effect<A, E, R>,
      describe: (a: A) => { readonly summary: string; readonly data?: Record<string, unknown> }
    ): Effect.Effect<A, E | DemoFailed, R> =>
      Effect.flatMap(Effect.timed(around(`${section}: ${name}`, effect)), ([d, a]) => {
        const s = { section, name, millis: Math.round(Duration.toMillis(d)), ...describe(a) }
        steps.push(s)
        options.onStep?.(s)
        return Effect.succeed(a)
      })
    const expect = (section: string, name: string, ok: boolean, reason: string) =>
      ok ? Effect.void : Effect.fail(new DemoFailed({ step: `${section}: ${name}`, reason }))

    if (options.superoffice !== undefined) {
      const so = options.superoffice
      for (const version of so.versions) {
        const section = `SuperOffice Services${version}`
        options.onSection?.(section, so.endpoint)
        const ticket = yield* login(so, version, timeout, section, step)
        const config = yield* configFor(so, version, ticket, timeout)
        const cs = CustomerService.fromConfig(version, config, http) as CustomerService.Client<"88">
        yield* Effect.scoped(
          Effect.gen(function* () {
            // Acquired as a resource: Ctrl-C (or a failed step) between here and RemoveSession still
            // removes the session; an interrupt during CreateSession waits for its reply, then removes it.
            let removed = false
            const created = yield* Effect.acquireRelease(
              step(section, "CreateSession", cs.CreateSession({ RemoteIp: so.remoteIp }), (r) => ({
                summary: `LoginId ${r.body.Response?.LoginId}, UserId ${r.body.Response?.UserId}, key ${abbreviate(r.body.Response?.Key ?? "")}`,
                data: { loginId: r.body.Response?.LoginId, userId: r.body.Response?.UserId }
              })),
              (r) => {
                const id = r.body.Response?.LoginId
                return removed || id === undefined ? Effect.void : Effect.ignore(cs.RemoveSession({ LoginId: id }))
              }
            )
            const key = created.body.Response?.Key
            const loginId = created.body.Response?.LoginId
            yield* expect(
              section,
              "CreateSession",
              !!key && loginId !== undefined,
              "the reply has no session key or LoginId"
            )
            const valid = yield* step(section, "SessionIsValid", cs.SessionIsValid({ CsSessionKey: key! }), (r) => ({
              summary: String(r.body.Response),
              data: { valid: r.body.Response }
            }))
            yield* expect(section, "SessionIsValid", valid.body.Response === true, "a new session is not valid")
            if (version === "88") {
              yield* step(section, "ReportSessionActive", cs.ReportSessionActive({ SessionKey: key! }), (r) => ({
                summary: `accepted (${r.body.Response})`,
                data: { response: r.body.Response }
              }))
            }
            yield* step(section, "RemoveSession", cs.RemoveSession({ LoginId: loginId! }), () => ({
              summary: `LoginId ${loginId} removed`,
              data: { loginId }
            }))
            removed = true
            const after = yield* step(section, "SessionIsValid", cs.SessionIsValid({ CsSessionKey: key! }), (r) => ({
              summary: `${r.body.Response} (removed)`,
              data: { valid: r.body.Response }
            }))
            yield* expect(
              section,
              "SessionIsValid",
              after.body.Response === false,
              "the session is still valid after RemoveSession"
            )
          })
        )
      }

      // The scoped helper once, on the newest version asked for.
      const version = so.versions[so.versions.length - 1]!
      const section = `SuperOffice CsSession.scoped (Services${version})`
      options.onSection?.(section, so.endpoint)
      const ticket = yield* login(so, version, timeout, section, step)
      const config = yield* configFor(so, version, ticket, timeout)
      const interval = Duration.decode(options.keepAliveInterval ?? Duration.millis(250))
      const keepAliveOp = version === "88" ? "ReportSessionActive" : "SessionIsValid"
      const opened = yield* Effect.scoped(
        Effect.gen(function* () {
          const session = yield* step(
            section,
            "acquire: CreateSession",
            CsSession.scoped(so.remoteIp, { keepAliveInterval: interval }),
            (s) => ({
              summary: `LoginId ${s.loginId}, keep-alive every ${Duration.format(interval)}`,
              data: { loginId: s.loginId }
            })
          )
          yield* step(
            section,
            `keep-alive: ${keepAliveOp}`,
            Effect.gen(function* () {
              for (;;) {
                const n = yield* session.keepAlives
                if (n >= 1) return n
                yield* Effect.sleep(Duration.millis(Math.min(50, Duration.toMillis(interval))))
              }
            }).pipe(Effect.raceFirst(session.expired)),
            (n) => ({ summary: `${n} accepted`, data: { keepAlives: n } })
          )
          return { loginId: session.loginId, key: Redacted.value(session.key) }
        })
      ).pipe(Effect.provideService(SuperOfficeConfig.SuperOfficeConfig, config))
      const cs = CustomerService.fromConfig(version, config, http) as CustomerService.Client<"86">
      const released = yield* step(
        section,
        "release: RemoveSession, then SessionIsValid",
        cs.SessionIsValid({ CsSessionKey: opened.key }),
        (r) => ({
          summary: `LoginId ${opened.loginId} closed; SessionIsValid ${r.body.Response}`,
          data: { valid: r.body.Response }
        })
      )
      yield* expect(section, "release", released.body.Response === false, "the scoped session survived its scope")
    }

    if (options.webex !== undefined) {
      const wx = options.webex
      const section = "WebEx"
      options.onSection?.(section, `${wx.endpoint}${wx.siteName ? ` (site ${wx.siteName})` : ""}`)
      const base = {
        endpoint: wx.endpoint,
        siteName: wx.siteName,
        siteID: wx.siteID,
        webExID: wx.webExID,
        email: wx.email,
        timeout,
        deadline: timeout,
        retry: { times: 1 }
      }
      const loginConfig = yield* webexConfig({ ...base, password: wx.password, webExAccessToken: wx.accessToken })
      const loginClient = yield* WebExClient.make(loginConfig)
      const auth = yield* step(section, "AuthenticateUser", loginClient.call(User.authenticateUser, {}), (r) => ({
        summary: `sessionTicket <redacted>, valid ${r.timeToLive ?? "?"} s`,
        data: { timeToLive: r.timeToLive }
      }))
      const client = yield* WebExClient.make(yield* webexConfig({ ...base, sessionTicket: auth.sessionTicket }))
      const created = yield* step(
        section,
        "CreateSupportSession",
        client.call(SupportSession.createSupportSession, { tracking: { trackingCode1: "sessionwire-demo" } }),
        (r) => ({ summary: `sessionKey ${r.sessionKey}`, data: { sessionKey: r.sessionKey } })
      )
      yield* expect(section, "CreateSupportSession", created.sessionKey !== undefined, "the reply has no sessionKey")
      yield* step(
        section,
        "GetFeedbackInfo",
        client.call(Attendee.getFeedbackInfo, { confID: created.sessionKey! }),
        (r) => {
          const attendees = r.session.flatMap((s) => s.attendee)
          const first = attendees[0]?.feedbackFields?.defaultFields
          return {
            summary:
              r.session.length === 0
                ? "no feedback yet"
                : `${r.session.length} session(s), ${attendees.length} attendee(s) with feedback${first?.setup ? ` (setup: ${first.setup})` : ""}`,
            data: { sessions: r.session.length, attendees: attendees.length }
          }
        }
      )
      const now = yield* Clock.currentTimeMillis
      yield* step(
        section,
        "LstsupportsessionHistory",
        client.call(History.lstsupportsessionHistory, {
          startTimeScope: History.lastDays(now),
          listControl: { startFrom: 1, maximumNum: 10 }
        }),
        (r) => ({
          summary: `${r.matchingRecords?.total ?? r.supportSessionHistory.length} session(s) in the last 90 days, ${r.supportSessionHistory.length} on this page`,
          data: { total: r.matchingRecords?.total, returned: r.supportSessionHistory.length }
        })
      )
    }
    return { steps, millis: (yield* Clock.currentTimeMillis) - started } satisfies Report
  })

type StepFn = <A, E, R>(
  section: string,
  name: string,
  effect: Effect.Effect<A, E, R>,
  describe: (a: A) => { readonly summary: string; readonly data?: Record<string, unknown> }
) => Effect.Effect<A, E | DemoFailed, R>

const login = (
  so: SuperOfficeTarget,
  version: SuperOfficeConfig.Version,
  timeout: Duration.DurationInput,
  section: string,
  step: StepFn
) =>
  Effect.gen(function* () {
    if (so.login._tag === "Ticket") return so.login.ticket
    const principal = yield* SoPrincipal.make({
      endpoint: so.endpoint,
      version,
      applicationToken: so.applicationToken,
      timeout,
      deadline: timeout
    })
    const call =
      so.login._tag === "Password"
        ? principal.AuthenticateUsernamePassword(so.login.user, so.login.password)
        : principal.AuthenticateWithAccessToken(so.login.token)
    const auth = yield* step(
      section,
      `SoPrincipal.${so.login._tag === "Password" ? "AuthenticateUsernamePassword" : "AuthenticateWithAccessToken"}`,
      call,
      (a) => {
        const p = a.principal as { AssociateId?: number; FullName?: string | null } | undefined
        return {
          summary: `ticket <redacted> for associate ${p?.AssociateId ?? "?"}${p?.FullName ? ` (${p.FullName})` : ""}`,
          data: { associateId: p?.AssociateId }
        }
      }
    )
    return auth.ticket
  })

const configFor = (
  so: SuperOfficeTarget,
  version: SuperOfficeConfig.Version,
  ticket: Redacted.Redacted<string>,
  timeout: Duration.DurationInput
) =>
  SuperOfficeConfig.make({
    endpoint: so.endpoint,
    version,
    applicationToken: so.applicationToken,
    ticket,
    timeout,
    deadline: timeout,
    timeZone: so.timeZone
  })

const webexConfig = (options: WebExConfig.Options) =>
  Either.mapLeft(WebExConfig.make(options), (e) =>
    e._tag === "InvalidEndpoint" ? new InvalidInput({ reason: e.message }) : e
  )
