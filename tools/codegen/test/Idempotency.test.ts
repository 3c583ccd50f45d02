import { describe, expect, it } from "vitest"
import { isIdempotent } from "../src/Idempotency.ts"

describe("isIdempotent", () => {
  it("retries reads and session checks", () => {
    for (const name of [
      "SessionIsValid",
      "ReportSessionActive",
      "GetMailboxes",
      "GetSystemInfo",
      "FindTicketsByTitleOrId",
      "CheckSymmetricEncryption",
      "CheckIfCustomizedTemplates",
      "EventHandlerExists",
      "EventHandlersExists",
      "HasChatNotify",
      "ChatSessionsForUser"
    ]) {
      expect(isIdempotent(name), name).toBe(true)
    }
  })

  it("never retries writes, logins, or anything it does not recognise", () => {
    for (const name of [
      "CreateSession",
      "CreateDefaultSmsConfig",
      "SaveSmsConfig",
      "SaveAllCustomerCenterConfigs",
      "DeleteChatSessions",
      "RemoveSession",
      "AddMessageFromMailData",
      "ExecuteEventHandlers",
      "UpdateFeatureToggles",
      "AuthenticateUsernamePassword",
      "AuthenticateWithAccessToken",
      "TestSmtpServer",
      "Frobnicate"
    ]) {
      expect(isIdempotent(name), name).toBe(false)
    }
  })
})
