// An independent SOAP stack against the simulator: node-soap loads the real WSDLs and
// must be able to call the simulated endpoints and parse every reply.
import { type RunningSimulator, startSimulator } from "@sessionwire/simulator"
import { sharedPath } from "@sessionwire/testkit"
import * as soap from "soap"
import { afterAll, beforeAll, describe, expect, it } from "vitest"

type Version = "86" | "87" | "88"
const header = (version: Version, name: string, inner: string) =>
  `<tns:${name} xmlns:tns="http://www.superoffice.net/ws/crm/NetServer/Services${version}">${inner}</tns:${name}>`

let sim: RunningSimulator
beforeAll(async () => {
  sim = await startSimulator()
})
afterAll(() => sim.stop())

const clientFor = async (version: Version, service: "CustomerService" | "SoPrincipal") => {
  const client = await soap.createClientAsync(sharedPath(`wsdl/superoffice/Services${version}-${service}.wsdl`), {
    endpoint: `${sim.superofficeUrl}/Remote/Services${version}/${service}.svc`
  })
  client.addSoapHeader(header(version, "ApplicationToken", "sim-application-token"))
  return client
}

describe.each(["86", "87", "88"] as const)("node-soap, loaded with the real Services%s WSDLs", (version) => {
  it("logs in with SoPrincipal and walks a CS session's lifecycle", async () => {
    const principal = await clientFor(version, "SoPrincipal")
    const [auth, , authHeaders] = await principal.AuthenticateUsernamePasswordAsync({
      UserName: "sam.sample",
      Password: "sim-superoffice-password"
    })
    expect(auth.AuthenticationSucceeded).toBe(true)
    expect(auth.Credentials.Ticket).toMatch(/^7T:/)
    expect(auth.Response.AssociateId).toBe(5)
    // node-soap leaves header values as text: it types only the body.
    expect(authHeaders.Succeeded).toBe("true")

    const cs = await clientFor(version, "CustomerService")
    cs.addSoapHeader(header(version, "Credentials", `<tns:Ticket>${auth.Credentials.Ticket}</tns:Ticket>`))
    const [created, , createdHeaders] = await cs.CreateSessionAsync({ RemoteIp: "192.0.2.7" })
    expect(createdHeaders.Succeeded).toBe("true")
    const { Key, LoginId, UserId } = created.Response
    expect(typeof Key).toBe("string")
    expect(UserId).toBe(5)

    const [valid] = await cs.SessionIsValidAsync({ CsSessionKey: Key })
    expect(valid.Response).toBe(true)
    // ReportSessionActive first appears in Services88; the older WSDLs have no such method.
    if (version === "88") {
      const [active] = await cs.ReportSessionActiveAsync({ SessionKey: Key })
      expect(active.Response).toBe(1)
    } else {
      expect(cs.ReportSessionActiveAsync).toBeUndefined()
    }
    await cs.RemoveSessionAsync({ LoginId })
    const [after] = await cs.SessionIsValidAsync({ CsSessionKey: Key })
    expect(after.Response).toBe(false)
  })

  it("parses a default reply and a security failure in the headers", async () => {
    const cs = await clientFor(version, "CustomerService")
    cs.addSoapHeader(header(version, "Credentials", "<tns:Ticket>7T:not-a-real-ticket</tns:Ticket>"))
    const [, , failedHeaders] = await cs.GetMailboxesAsync({})
    expect(failedHeaders.Succeeded).toBe("false")
    expect(failedHeaders.ExceptionInfo.ExceptionType).toBe("SoSecurityException")

    const principal = await clientFor(version, "SoPrincipal")
    const [systemInfo, , headers] = await principal.GetSystemInfoAsync({})
    expect(headers.Succeeded).toBe("true")
    expect(systemInfo ?? {}).toEqual({})
  })
})
