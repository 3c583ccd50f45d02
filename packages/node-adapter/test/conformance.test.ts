/**
 * The shared conformance suite over the Node adapter's HTTP layer: one test per scenario.
 */
import { startServers } from "@sessionwire/conformance/node"
import { suite } from "@sessionwire/conformance/vitest"
import { NodeHttp } from "../src/index.ts"

suite("conformance: node-adapter (undici)", NodeHttp.layer({ connections: 16 }), startServers)
