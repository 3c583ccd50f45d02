/**
 * Node-side servers for a conformance run: the simulator, started with the conformance
 * accounts, and the fixture peer. Kept out of `src` so the suite itself stays free of
 * Node built-ins and bundles into a Worker.
 */
import { startSimulator } from "@sessionwire/simulator"
import * as Fixtures from "../src/Fixtures.ts"
import { startFixturePeer } from "./FixturePeer.ts"

export { startFixturePeer } from "./FixturePeer.ts"

export interface RunningServers {
  readonly simulatorUrl: string
  readonly peerUrl: string
  readonly stop: () => Promise<void>
}

/** Starts the simulator (with the accounts in `Fixtures`) and the fixture peer, both on loopback. */
export const startServers = async (): Promise<RunningServers> => {
  const [simulator, peer] = await Promise.all([
    startSimulator({
      superoffice: {
        users: [
          {
            username: Fixtures.superoffice.username,
            password: Fixtures.superoffice.password,
            associateId: Fixtures.superoffice.associateId
          }
        ],
        accessTokens: [{ token: Fixtures.superoffice.accessToken, username: Fixtures.superoffice.username }],
        applicationTokens: [Fixtures.superoffice.applicationToken]
      },
      webex: {
        siteName: Fixtures.webex.siteName,
        users: [
          {
            webExID: Fixtures.webex.webExID,
            email: Fixtures.webex.email,
            password: Fixtures.webex.password,
            accessToken: Fixtures.webex.accessToken
          }
        ],
        seedHistory: Fixtures.webex.seededHistory
      }
    }),
    startFixturePeer()
  ])
  return {
    simulatorUrl: simulator.url,
    peerUrl: peer.url,
    stop: async () => {
      await Promise.all([simulator.stop(), peer.stop()])
    }
  }
}
