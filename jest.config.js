// @ts-check
/**
 * Two projects: `unit` needs nothing running; `integration` gets one real Temporal dev server and one
 * real FerretDB per run from test/helpers/global-setup.ts (or the servers named by TEMPORAL_ADDRESS and
 * MONGODB_URI), shared by all integration test files through environment variables.
 */
const common = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
};

/** @type {import('jest').Config} */
module.exports = {
  // Two cores: one test file per core; integration files also share the two servers.
  maxWorkers: 2,
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
