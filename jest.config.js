/** Two projects: fast unit tests of pure logic, and e2e suites that drive the real Pulumi engine. */
const transform = { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json" }] };

/** @type {import('jest').Config} */
module.exports = {
  verbose: true,
  // Two workers on the 2-core CI machine: e2e suites mostly wait on the engine's processes and the
  // emulator's replication delays, so two at a time finish the run in far less wall time.
  maxWorkers: 2,
  reporters: ["default", "<rootDir>/test/support/summaryReporter.js"],
  projects: [
    {
      displayName: "unit",
      testEnvironment: "node",
      transform,
      roots: ["<rootDir>/test"],
      testMatch: ["**/*.test.ts"],
      testPathIgnorePatterns: ["/node_modules/", "\\.e2e\\.test\\.ts$"],
    },
    {
      displayName: "e2e",
      testEnvironment: "node",
      transform,
      roots: ["<rootDir>/test/e2e"],
      testMatch: ["**/*.e2e.test.ts"],
    },
  ],
};
