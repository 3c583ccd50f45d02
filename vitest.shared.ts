import type { UserWorkspaceConfig } from "vitest/config"

// Tests run against the TypeScript sources of every workspace package, never a stale dist.
export const shared: UserWorkspaceConfig = {
  resolve: { conditions: ["@sessionwire/source"] },
  ssr: { resolve: { conditions: ["@sessionwire/source"], externalConditions: ["@sessionwire/source"] } },
  test: {
    include: ["test/**/*.test.ts"],
    reporters: ["default", ["json", { outputFile: ".test-results/vitest.json" }]],
    testTimeout: 30_000,
    hookTimeout: 60_000
  }
}
