// @ts-check
/**
 * `npm run test:production`: the production lane (README, "Running in production"), apart from `npm test`
 * because it starts a stack of its own (PostgreSQL, the Temporal server, FerretDB on PostgreSQL, two
 * workers, two receivers) and takes minutes. Its global setup builds dist/ and provisions the lane's
 * tools, so the test's own time limit covers only the run.
 */

/** @type {import('jest').Config} */
module.exports = {
  displayName: 'production',
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  testMatch: ['<rootDir>/test/production/**/*.test.ts'],
  globalSetup: '<rootDir>/test/production/global-setup.ts',
  setupFilesAfterEnv: ['<rootDir>/test/helpers/shutdown-temporal-runtime.ts'],
  maxWorkers: 1,
  testTimeout: 20 * 60_000,
};
