/**
 * Recorded workflow histories (test/fixtures/histories), for the replay tests: replayed against today's
 * workflow code (`workflowBundle` of ./pull-test-env.ts), they prove that workflows open when a worker is
 * upgraded carry on without a nondeterminism error.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { temporal } from '@temporalio/proto';

const FIXTURES = path.join(__dirname, '../fixtures/histories');

/** The fixture files whose names start with `prefix`. */
export const recordedHistoryNames = (prefix: string): string[] =>
  readdirSync(FIXTURES).filter((name) => name.startsWith(prefix));

/** A fixture: the JSON form of `fetchHistory()` (enum names, 64-bit integers as strings, bytes as Base64). */
export function recordedHistory(name: string): temporal.api.history.v1.History {
  return temporal.api.history.v1.History.fromObject(
    JSON.parse(readFileSync(path.join(FIXTURES, name), 'utf8')) as Record<string, unknown>,
  );
}
