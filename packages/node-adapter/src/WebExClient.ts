/**
 * WebEx for code that uses Promises: `createWebExClient` gives the support-session
 * operations as async methods and the history as async iterables.
 *
 * @example
 * ```ts
 * const webex = createWebExClient({ siteName: "acme", webExID: "csr", password: process.env.WEBEX_PASSWORD! })
 * const { sessionKey } = await webex.createSupportSession()
 * for await (const s of webex.supportSessionHistory()) console.log(s.confName)
 * await webex.close()
 * ```
 *
 * @since 0.1.0
 */
import {
  Attendee,
  GeneralSession,
  History,
  SessionTicket,
  SupportSession,
  User,
  WebExClient,
  WebExConfig
} from "@sessionwire/webex"
import { type Duration, Effect, Layer, Redacted, Runtime, Stream } from "effect"
import * as NodeHttp from "./NodeHttp.ts"
import * as PromiseRuntime from "./PromiseRuntime.ts"

/** @since 0.1.0 */
export interface WebExClientOptions {
  /** The site, e.g. `acme` for acme.webex.com. Give this or `siteID`. */
  readonly siteName?: string | undefined
  readonly siteID?: string | undefined
  /** The user. Give this or `email`. */
  readonly webExID?: string | undefined
  readonly email?: string | undefined
  /** Exactly one credential. */
  readonly password?: string | undefined
  readonly accessToken?: string | undefined
  readonly sessionTicket?: string | undefined
  readonly partnerID?: string | undefined
  /**
   * Log in once with AuthenticateUser and send the session ticket instead of the password
   * on every later call, renewing it before it expires. Default true with a password or
   * access token.
   */
  readonly useSessionTicket?: boolean | undefined
  /** Default `https://{siteName}.webex.com/WBXService/XMLService`. */
  readonly endpoint?: string | undefined
  /** Per attempt; default 30 s. */
  readonly timeout?: Duration.DurationInput | undefined
  /** Per call, every retry and rate-limit pause included; default 60 s. */
  readonly deadline?: Duration.DurationInput | undefined
  /** Retries of read-only operations after a rate limit or transient failure; default 3. */
  readonly retries?: number | undefined
  readonly http?: NodeHttp.Options | undefined
}

type Call = PromiseRuntime.CallOptions

/** @since 0.1.0 */
export interface WebExPromiseClient {
  readonly createSupportSession: (
    input?: SupportSession.CreateSupportSession,
    options?: Call
  ) => Promise<SupportSession.CreateSupportSessionResponse>
  readonly getFeedbackInfo: (confID: bigint, options?: Call) => Promise<Attendee.GetFeedbackInfoResponse>
  /** One page of support-session history; the last 90 days unless a range is given. */
  readonly listSupportSessions: (
    input?: History.LstsupportsessionHistory,
    options?: Call
  ) => Promise<History.LstsupportsessionHistoryResponse>
  /** Every matching support session, fetched page by page as the loop asks for more. */
  readonly supportSessionHistory: (
    input?: History.LstsupportsessionHistory,
    options?: History.PageOptions
  ) => AsyncIterable<History.SupportSessionHistory>
  /** Every matching support-session attendee, page by page. */
  readonly supportAttendeeHistory: (
    input?: History.LstsupportattendeeHistory,
    options?: History.PageOptions
  ) => AsyncIterable<History.SupportAttendeeHistory>
  /** A session ticket for the configured password or access token. */
  readonly authenticateUser: (
    options?: Call
  ) => Promise<{ readonly sessionTicket: string; readonly timeToLive?: number | undefined }>
  readonly getAPIVersion: (options?: Call) => Promise<GeneralSession.GetAPIVersionResponse>
  /** Closes the keep-alive connections. Calls after this reject with `ClientClosed`. */
  readonly close: () => Promise<void>
}

const redacted = (s: string | undefined) => (s === undefined ? undefined : Redacted.make(s))

/**
 * A Promise client for one WebEx site and user. Rejections are the library's tagged
 * errors (`InvalidCredentials`, `RateLimited`, `WebExFailure`, `InvalidSecurityContext`,
 * `RequestTimeout`, …), `Aborted` for a cancelled call, `ClientClosed` after `close()`.
 *
 * @since 0.1.0
 */
export const createWebExClient = (options: WebExClientOptions): WebExPromiseClient => {
  const config = WebExConfig.layer({
    siteName: options.siteName,
    siteID: options.siteID,
    webExID: options.webExID,
    email: options.email,
    password: redacted(options.password),
    webExAccessToken: redacted(options.accessToken),
    sessionTicket: redacted(options.sessionTicket),
    partnerID: redacted(options.partnerID),
    endpoint: options.endpoint,
    timeout: options.timeout,
    deadline: options.deadline,
    retry: options.retries === undefined ? undefined : { times: options.retries }
  })
  const ticketed = options.useSessionTicket ?? (options.password !== undefined || options.accessToken !== undefined)
  const client = (ticketed ? SessionTicket.layer() : WebExClient.layer).pipe(
    Layer.provide(config),
    Layer.provide(NodeHttp.layer(options.http))
  )
  const runtime = PromiseRuntime.make("WebEx", client)

  const iterate = <A>(
    operation: string,
    stream: Stream.Stream<A, unknown, WebExClient.WebExClient>
  ): AsyncIterable<A> => ({
    [Symbol.asyncIterator]: () => {
      let inner: AsyncIterator<A> | undefined
      const start = async () => {
        inner ??= Stream.toAsyncIterableRuntime(stream, await runtime.runtime())[Symbol.asyncIterator]()
        return inner
      }
      return {
        next: async () => {
          try {
            return await (await start()).next()
          } catch (e) {
            // The iterator rejects with Effect's wrapper; unwrap to the tagged error.
            throw unwrap(operation, e)
          }
        },
        return: async (value?: unknown) =>
          inner?.return ? inner.return(value) : { done: true as const, value: undefined as never }
      }
    }
  })

  return {
    createSupportSession: (input = {}, o) => runtime.run("CreateSupportSession", SupportSession.create(input), o),
    getFeedbackInfo: (confID, o) => runtime.run("GetFeedbackInfo", Attendee.feedback(confID), o),
    listSupportSessions: (input = {}, o) =>
      runtime.run("LstsupportsessionHistory", History.listSupportSessions(input), o),
    supportSessionHistory: (input = {}, o = {}) =>
      iterate("LstsupportsessionHistory", History.streamSupportSessions(input, o)),
    supportAttendeeHistory: (input = {}, o = {}) =>
      iterate("LstsupportattendeeHistory", History.streamSupportAttendees(input, o)),
    authenticateUser: (o) =>
      runtime.run(
        "AuthenticateUser",
        Effect.map(User.authenticate(), (r) => ({
          sessionTicket: Redacted.value(r.sessionTicket),
          timeToLive: r.timeToLive
        })),
        o
      ),
    getAPIVersion: (o) => runtime.run("GetAPIVersion", GeneralSession.apiVersion(), o),
    close: runtime.close
  }
}

const unwrap = (operation: string, e: unknown): unknown =>
  Runtime.isFiberFailure(e) ? PromiseRuntime.toThrowable(operation, e[Runtime.FiberFailureCauseId]) : e
