/**
 * What scrubbing and capping error texts costs: compiling a call's scrubber, scrubbing a
 * typical fault reason, a 4 KiB error page, and a 10 MB reason (the hostile case), and
 * sanitizing a whole error, beside the floor of a plain `split/join` of the raw values,
 * which misses every escaped form. Run with `npm run bench:secret -w @sessionwire/bench`.
 */
import { Bound, Sanitize, Secret, SoapFault } from "@sessionwire/protocol"
import { Redacted } from "effect"
import { measure, table } from "./measure.ts"

// A call's secrets: application token, ticket, and a caller's CsSessionKey.
const secrets = [
  Redacted.make("1234567-1234-9876-app-token"),
  Redacted.make("7T:1234abcxyzExampleTicketValue=="),
  "a3f9c2d1-5b6e-4f7a-8c9d-0e1f2a3b4c5d"
]
const raw = secrets.map((s) => (typeof s === "string" ? s : Redacted.value(s)))
const floor = (text: string) => raw.reduce((t, s) => t.split(s).join("<redacted>"), text)

const reason = "The session a3f9c2d1-5b6e-4f7a-8c9d-0e1f2a3b4c5d is not known to this server (code 4711)"
const page = `<html><head><title>500</title></head><body>${"<p>Internal Server Error while serving the request</p>".repeat(70)}</body></html>`
const huge = `R${"r".repeat(10 * 1024 * 1024)}`
const scrub = Secret.scrubber(secrets)
const fault = new SoapFault({ version: "1.1", code: "s:Client", codeLocal: "Client", subcodes: [], reason })

console.log("\nscrub and cap (3 secrets)")
console.log(
  table([
    measure("Secret.scrubber (compile a new list)", () => Secret.scrubber([...secrets])),
    measure("split/join raw values, reason (floor)", () => floor(reason)),
    measure("scrub a fault reason (~90 chars)", () => scrub(reason)),
    measure(`split/join raw values, page (floor)`, () => floor(page)),
    measure(`scrub an error page (${(page.length / 1024).toFixed(1)} KiB)`, () => scrub(page)),
    measure("Sanitize.error (SoapFault, list compiled)", () => Sanitize.error(fault, secrets)),
    measure("Bound.cap, 10 MB reason", () => Bound.cap(huge))
  ])
)
console.log(
  table([
    measure("split/join raw values, 10 MB (floor)", () => floor(huge), 4000),
    measure("scrub a 10 MB reason", () => scrub(huge), 4000)
  ])
)
