// @ts-check
/**
 * Two projects: `unit` needs nothing running; `integration` gets one real Temporal dev server and one
 * real FerretDB per run from test/helpers/global-setup.ts (or the servers named by TEMPORAL_ADDRESS and
 * MONGODB_URI), shared by all integration test files through environment variables.
 */
const common = {
  testEnvironment: 'node',
  // tsconfig.json sets isolatedModules, so ts-jest transpiles each file without type-checking it:
  // `npm run typecheck` checks the types (CI runs it first), and a fresh worker per test file (below)
  // would otherwise build ts-jest's type-checking language service again for every file.
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
};

/** @type {import('jest').Config} */
module.exports = {
  // Two cores: one test file per core; integration files also share the two servers.
  maxWorkers: 2,
  // Every test file in a fresh worker process (a worker is recycled once it holds more than this after a
  // file, which is always). The Temporal client retries a call that fails with UNAVAILABLE on a timer; a
  // call still pending when a file closes its connection fails that way, and its retry then throws
  // "Channel has been shut down" outside any promise — in a reused worker, inside the NEXT file (seen:
  // the first-hour suite failing after a pull test). A file's leftovers now end with its process.
  workerIdleMemoryLimit: '1MB',
  // Global only: Jest ignores testTimeout inside a project. Integration tests start workers and servers
  // on a shared two-core machine; a test that needs longer says so itself.
  testTimeout: 120_000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.test.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/integration/**/*.test.ts', '<rootDir>/test/workflows/**/*.test.ts'],
      globalSetup: '<rootDir>/test/helpers/global-setup.ts',
      globalTeardown: '<rootDir>/test/helpers/global-teardown.ts',
      setupFilesAfterEnv: ['<rootDir>/test/helpers/shutdown-temporal-runtime.ts'],
    },
  ],
};
