/**
 * Fuzz: at least 10,000 generated bodies against the push endpoint, every part real (receiver, worker,
 * Temporal, FerretDB, the Arlo simulator; test/helpers/push-e2e.ts). Every XML-forbidden code unit in
 * every string position, schema, JSON, duplicate-key, UTF-8, token, media-type and size errors, and a
 * small share of valid pushes sent with `wait: false` (test/helpers/fuzz-pushes.ts). Asserted:
 *  - every case gets its status: 4xx with the problem lines expected for it, 202 for a valid push;
 *  - once the accepted pushes have finished (a waited dry run of each record answers 200), Arlo holds no
 *    record without its IntegrationData, no push workflow is retrying an activity, none failed;
 *  - the endpoint still answers: a new push is created, /healthz is 200.
 * Answer times are printed as figures (p50 / p99 / max); the test asserts only a generous sanity bound.
 * The seed is printed; FUZZ_SEED=<seed> replays a run.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { Prng } from '../../../src/simulator/prng';
import { PushFuzzFactory, type PushFuzzCase, type PushFuzzCategory } from '../../helpers/fuzz-pushes';
import { sendFuzzRequest, type FuzzAnswer } from '../../helpers/fuzz-sender';
import { PUSH_TOKEN, startPushE2E, type PushE2E } from '../../helpers/push-e2e';
import { uniqueName } from '../../helpers/test-stack';

jest.setTimeout(900_000);

// An environment knob for replaying a failure, read by the test only (src/ reads config.ts alone).
const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const INPUTS = 10_000;
const CONCURRENCY = 8;
/** Not a performance target (the figures are printed): only "no answer took absurdly long". */
const SANITY_BOUND_MS = 10_000;
const CUSTOM_FIELD = 'Tier';

let e2e: PushE2E;
let folder: string;

beforeAll(async () => {
  folder = mkdtempSync(path.join(tmpdir(), 'push-fuzz-'));
  const ownership = path.join(folder, 'ownership.json');
  writeFileSync(
    ownership,
    JSON.stringify({
      Contact: {
        fields: ['FirstName', 'LastName', 'Email', 'CodePrimary'],
        employment: { position: true, organisation: true },
        postalAddress: true,
        customFields: [CUSTOM_FIELD],
      },
    }),
  );
  // A high Arlo budget: the valid pushes' requests should not queue behind the 300/minute default.
  e2e = await startPushE2E({ PUSH_OWNERSHIP_FILE: ownership, ARLO_REQUESTS_PER_MINUTE: '30000' });
}, 120_000);

afterAll(async () => {
  await e2e.close();
  rmSync(folder, { recursive: true, force: true });
}, 120_000);

interface Outcome {
  readonly fuzzCase: PushFuzzCase;
  readonly answer: FuzzAnswer;
  readonly ms: number;
}

/** The problem lines of a 400 (`problems`, or the single `error`). */
function problemLines(answer: FuzzAnswer): string[] {
  try {
    const body = JSON.parse(answer.body ?? '') as { problems?: string[]; error?: string };
    return body.problems ?? (body.error !== undefined ? [body.error] : []);
  } catch {
    return [];
  }
}

function wrongAnswer({ fuzzCase, answer }: Outcome): string | undefined {
  const shown = JSON.stringify(fuzzCase.request.body.subarray(0, 300).toString('utf8'));
  const where = `seed ${SEED} case ${fuzzCase.index} (${fuzzCase.category}) ${shown}`;
  if (answer.status !== fuzzCase.expectedStatus) {
    return `${where}: expected ${fuzzCase.expectedStatus}, got ${answer.status} ${answer.error ?? answer.body ?? ''}`;
  }
  const lines = problemLines(answer);
  const missing = fuzzCase.expectedProblems.filter((expected) => !lines.some((line) => expected.test(line)));
  return missing.length > 0
    ? `${where}: no problem line matches ${missing.join(', ')} in ${JSON.stringify(lines)}`
    : undefined;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

function timings(outcomes: readonly Outcome[]): string {
  const ms = outcomes.map((o) => o.ms).sort((a, b) => a - b);
  return `p50 ${percentile(ms, 50).toFixed(1)} / p99 ${percentile(ms, 99).toFixed(1)} / max ${(ms.at(-1) ?? 0).toFixed(1)} ms`;
}

/** Every Contact and Organisation in the simulator, keyed `Type:ID`. */
async function simulatorRecords() {
  const all = await Promise.all(
    (['Contact', 'Organisation'] as const).map(async (type) =>
      (await e2e.sim.control.truth(type)).map((r) => ({ ...r, key: `${type}:${r.id}` })),
    ),
  );
  return all.flat();
}

async function inBatches<T, R>(
  items: readonly T[],
  size: number,
  run: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = [];
  for (let i = 0; i < items.length; i += size)
    results.push(...(await Promise.all(items.slice(i, i + size).map(run))));
  return results;
}

it(`answers ${INPUTS} generated push bodies correctly and leaves no half-written record`, async () => {
  process.stderr.write(`[push-fuzz] seed ${SEED} (replay with FUZZ_SEED=${SEED})\n`);
  const known = new Set((await simulatorRecords()).map((r) => r.key));
  await e2e.sim.control.clearWrites();
  const factory = new PushFuzzFactory(new Prng(SEED), {
    platform: e2e.platform,
    token: PUSH_TOKEN,
    maxBodyBytes: 64 * 1024,
    idPrefix: uniqueName('FZ'),
    customField: CUSTOM_FIELD,
    totalCases: INPUTS,
  });
  const keepAlive = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  // An oversized body is answered before it is read: its connection is not reused.
  const oneShot = new http.Agent({ keepAlive: false });
  const outcomes: Outcome[] = [];
  let next = 0;
  const startedAt = performance.now();
  async function runner(): Promise<void> {
    while (next < INPUTS) {
      const fuzzCase = factory.next(next++); // generated in index order, so the seed replays exactly
      const url = new URL(`${e2e.receiverUrl()}/push/${fuzzCase.kind}`);
      const agent = fuzzCase.category === 'too-large' ? oneShot : keepAlive;
      const sentAt = performance.now();
      const answer = await sendFuzzRequest(fuzzCase.request, { url, agent, timeoutMs: 30_000 });
      outcomes.push({ fuzzCase, answer, ms: performance.now() - sentAt });
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, runner));
  const elapsedS = (performance.now() - startedAt) / 1000;
  keepAlive.destroy();
  oneShot.destroy();

  // Every case: its status, and the problems it was expected to name.
  expect(
    outcomes
      .map(wrongAnswer)
      .filter((w) => w !== undefined)
      .slice(0, 5),
  ).toEqual([]);
  const byCategory = new Map<PushFuzzCategory, number>();
  for (const { fuzzCase } of outcomes)
    byCategory.set(fuzzCase.category, (byCategory.get(fuzzCase.category) ?? 0) + 1);
  const accepted = outcomes.filter((o) => o.fuzzCase.expectedStatus === 202);
  const refused = outcomes.filter((o) => o.fuzzCase.expectedStatus !== 202);
  process.stderr.write(
    `[push-fuzz] ${outcomes.length} bodies in ${elapsedS.toFixed(1)} s (concurrency ${CONCURRENCY}); ` +
      `by category ${JSON.stringify(Object.fromEntries(byCategory))}\n` +
      `[push-fuzz] 4xx answers: ${timings(refused)}; 202 answers (wait:false): ${timings(accepted)}\n`,
  );
  expect(outcomes.length).toBeGreaterThanOrEqual(10_000);
  expect(byCategory.get('xml')).toBe(factory.xmlCaseCount);
  expect(byCategory.size).toBe(9);
  expect(Math.max(...outcomes.map((o) => o.ms))).toBeLessThan(SANITY_BOUND_MS);

  // The accepted pushes finish: a dry run queued behind them in each record's workflow is answered.
  const records = [
    ...new Map(accepted.map((o) => [JSON.stringify(o.fuzzCase.accepted), o.fuzzCase.accepted])).values(),
  ];
  const unfinished = await inBatches(records, 4, async (record) => {
    if (record === undefined) return undefined;
    const answer = await e2e.push(record.kind, {
      externalId: record.externalId,
      platform: e2e.platform,
      dryRun: true,
      waitSeconds: 60,
    });
    return answer.status === 200
      ? undefined
      : `${record.externalId}: ${answer.status} ${JSON.stringify(answer.body)}`;
  });
  expect(unfinished.filter((u) => u !== undefined)).toEqual([]);

  // No push workflow is retrying anything, and none failed.
  const queue = `WorkflowType = 'pushRecord' AND TaskQueue = '${e2e.config.temporal.taskQueue}'`;
  const retrying: string[] = [];
  for await (const workflow of e2e.client.workflow.list({
    query: `${queue} AND ExecutionStatus = 'Running'`,
  })) {
    const { raw } = await e2e.client.workflow.getHandle(workflow.workflowId).describe();
    for (const activity of raw.pendingActivities ?? []) {
      if ((activity.attempt ?? 0) > 1) {
        retrying.push(
          `${workflow.workflowId}: ${activity.activityType?.name} attempt ${activity.attempt}: ${activity.lastFailure?.message}`,
        );
      }
    }
  }
  expect(retrying).toEqual([]);
  expect((await e2e.client.workflow.count(`${queue} AND ExecutionStatus = 'Failed'`)).count).toBe(0);

  // Arlo holds no record the pushes created without its cross-reference.
  const externalIds = new Set(records.map((r) => r?.externalId));
  const created = (await simulatorRecords()).filter((r) => !known.has(r.key));
  const halfWritten = created.filter((r) => !externalIds.has(r.integrationData['arlo-sync']?.ID));
  expect(halfWritten.map((r) => `${r.key} ${JSON.stringify(r.fields)}`)).toEqual([]);
  const posts = (await e2e.writes('POST')).filter((w) => w.status === 201);
  expect(posts).toHaveLength(created.length);
  process.stderr.write(
    `[push-fuzz] ${accepted.length} accepted pushes for ${records.length} records: ${created.length} created in Arlo, ` +
      `${(await e2e.writes('PATCH')).length} PATCHes, every created record cross-referenced\n`,
  );

  // Still answering.
  const code = uniqueName('HR');
  const after = await e2e.push('contacts', {
    externalId: code,
    platform: e2e.platform,
    fields: { FirstName: 'After', LastName: 'Fuzz', CodePrimary: code },
  });
  expect(after).toMatchObject({ status: 200, body: { outcome: 'created' } });
  expect((await fetch(`${e2e.receiverUrl()}/healthz`)).status).toBe(200);
});
