// An independent SOAP stack against the simulator: node-soap loads the real WSDLs and
// must be able to call the simulated endpoints and parse every reply.
import { type RunningSimulator, startSimulator } from "@sessionwire/simulator"
import { sharedPath } from "@sessionwire/testkit"
import * as soap from "soap"
import { afterAll, beforeAll, describe, expect, it } from "vitest"

const NS = "http://www.superoffice.net/ws/crm/NetServer/Services88"
const header = (name: string, inner: string) => `<tns:${name} xmlns:tns="${NS}">${inner}</tns:${name}>`

let sim: RunningSimulator
beforeAll(async () => {
  sim = await startSimulator()
})
afterAll(() => sim.stop())

const clientFor = async (service: "CustomerService" | "SoPrincipal") => {
  const client = await soap.createClientAsync(sharedPath(`wsdl/superoffice/Services88-${service}.wsdl`), {
    endpoint: `${sim.superofficeUrl}/Remote/Services88/${service}.svc`
  })
  client.addSoapHeader(header("ApplicationToken", "sim-application-token"))
  return client
}

describe("node-soap, loaded with the real Services88 WSDLs", () => {
  it("logs in with SoPrincipal and walks a CS session's lifecycle", async () => {
    const principal = await clientFor("SoPrincipal")
    const [auth, , authHeaders] = await principal.AuthenticateUsernamePasswordAsync({
      UserName: "sam.sample",
      Password: "sim-superoffice-password"
    })
    expect(auth.AuthenticationSucceeded).toBe(true)
    expect(auth.Credentials.Ticket).toMatch(/^7T:/)
    expect(auth.Response.AssociateId).toBe(5)
    // node-soap leaves header values as text: it types only the body.
    expect(authHeaders.Succeeded).toBe("true")

    const cs = await clientFor("CustomerService")
    cs.addSoapHeader(header("Credentials", `<tns:Ticket>${auth.Credentials.Ticket}</tns:Ticket>`))
    const [created, , createdHeaders] = await cs.CreateSessionAsync({ RemoteIp: "192.0.2.7" })
    expect(createdHeaders.Succeeded).toBe("true")
    const { Key, LoginId, UserId } = created.Response
    expect(typeof Key).toBe("string")
    expect(UserId).toBe(5)

    const [valid] = await cs.SessionIsValidAsync({ CsSessionKey: Key })
    expect(valid.Response).toBe(true)
    const [active] = await cs.ReportSessionActiveAsync({ SessionKey: Key })
    expect(active.Response).toBe(1)
    await cs.RemoveSessionAsync({ LoginId })
    const [after] = await cs.SessionIsValidAsync({ CsSessionKey: Key })
    expect(after.Response).toBe(false)
  })

  it("parses a default reply and a security failure in the headers", async () => {
    const cs = await clientFor("CustomerService")
    cs.addSoapHeader(header("Credentials", "<tns:Ticket>7T:not-a-real-ticket</tns:Ticket>"))
    const [, , failedHeaders] = await cs.GetMailboxesAsync({})
    expect(failedHeaders.Succeeded).toBe("false")
    expect(failedHeaders.ExceptionInfo.ExceptionType).toBe("SoSecurityException")

    const principal = await clientFor("SoPrincipal")
    const [systemInfo, , headers] = await principal.GetSystemInfoAsync({})
    expect(headers.Succeeded).toBe("true")
    expect(systemInfo ?? {}).toEqual({})
  })
})
