// @ts-check
/**
 * `npm run test:load`: tests that prove a required size rather than a behaviour, too long for every CI
 * run on a two-core machine with the embedded FerretDB (about 40 upserts/s), and the bulk walk's
 * worker-restart test while it is known to be flaky (see its header). Same harness as the
 * `integration` project of jest.config.js: one real Temporal dev server and one real FerretDB.
 */
const base = require('./jest.config');

/** @type {import('jest').Config} */
module.exports = {
  maxWorkers: 1,
  testTimeout: base.testTimeout,
  projects: [
    {
      ...base.projects.find((project) => project.displayName === 'integration'),
      displayName: 'load',
      testMatch: ['<rootDir>/test/load/**/*.test.ts'],
    },
  ],
};
