/**
 * Which operations may be resent after a transient failure. WSDL says nothing
 * about side effects, so this is decided by name, conservatively: an operation
 * is idempotent only when its name says it reads (or only refreshes a session),
 * and anything unrecognised is treated as a write.
 *
 * @since 0.1.0
 */

/** Verbs that change server state; these are never resent automatically. */
const WRITES = /^(Create|Save|Delete|Remove|Add|Execute|Update|Authenticate|Send|Set|Test|Import|Merge)/

/** Verbs and shapes that only read. */
const READS = /^(Get|Find|Check|Has|Is|Search|Count|List)|Exists$/

/**
 * Read-only operations whose names follow no verb convention. `ReportSessionActive`
 * only refreshes the session's last-seen time, so sending it twice is harmless.
 */
const READ_NAMES: ReadonlySet<string> = new Set(["SessionIsValid", "ReportSessionActive", "ChatSessionsForUser"])

/**
 * `TestSmtpServer` is a write on purpose: it makes the server connect out (and
 * may send a test message), which a retry would repeat.
 */
export const isIdempotent = (operation: string): boolean => {
  if (WRITES.test(operation)) return false
  return READ_NAMES.has(operation) || READS.test(operation)
}
