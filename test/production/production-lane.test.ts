/**
 * The production lane, run for real (README, "Running in production"): PostgreSQL, the Temporal server on
 * SQL persistence and SQL visibility with 4 history shards, FerretDB on PostgreSQL, the namespace and
 * search attributes from `arlo-sync temporal-setup`, two workers and two receivers as compiled child
 * processes behind a round-robin proxy. The production lane's chaos run drives it (webhooks duplicated,
 * reordered and dropped through both receivers, pushes, a bulk walk and a reconciliation, worker SIGKILLs,
 * Temporal, FerretDB, receiver and PostgreSQL restarts, Arlo's 300/minute enforced by the simulator) and
 * compares record by record. With the stack still up, the test then asks the SQL visibility store the
 * operator guide's questions, and spends more than a minute of the Arlo budget at once across both
 * workers.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import type { Client } from '@temporalio/client';

import { PRODUCTION_LANE_CHAOS } from '../../src/chaos/chaos-options';
import type { ChaosStack } from '../../src/chaos/chaos-stack';
import { chaosPassed, formatSummary, type ChaosFigures } from '../../src/chaos/chaos-summary';
import { runChaos } from '../../src/chaos/run-chaos';
import { loadConfig } from '../../src/config';
import { isHandledEventType } from '../../src/domain/arlo-event';
import { workflowIds } from '../../src/domain/workflow-ids';
import { PROJECT_ROOT } from '../../src/project-root';
import { MAX_WAIT_SECONDS } from '../../src/push/push-request-schema';
import { descendantProcesses } from '../helpers/child-processes';

const run = promisify(execFile);

/** New contacts pushed at once after the run: three Arlo requests each, more than a minute's budget. */
const BUDGET_PUSHES = 100;
const ARLO_BUDGET_PER_MINUTE = 300;
const PUSH_ATTEMPTS = 3;

interface Inspection {
  cluster: { shards: number; persistence: string; visibility: string; version: string };
  /** A contact with several events: what the operator guide's query returned and what it must hold. */
  contactHistory: { returned: string[]; expected: string[]; aboutOthers: string[] };
  /** The operator guide's push query for one pushed contact. */
  pushQuery: { externalId: string; returned: string[] };
  /** Requests each receiver answered during the run (callbacks and pushes, through the proxy). */
  perReceiver: readonly number[];
  budget: {
    /** The outcomes of the pushes answered at the first attempt. */
    firstAnswers: string[];
    /** The outcomes of pushes sent again after an answer that was not their outcome. */
    afterRetry: string[];
    /** Those answers (a 5xx), for the report. */
    notOutcomes: string[];
    /** Live Arlo contacts per pushed external ID. */
    liveRecords: number[];
    requests: number;
    rateLimited: number;
    perWorker: number[];
  };
  setupAgain: string;
}

let figures: ChaosFigures;
let inspection: Inspection | undefined;
const log: string[] = [];
const stackProcesses = () =>
  descendantProcesses(/temporal|ferretdb|postgres|dist\/src\/(worker|server|cli)\.js/);
let before: Set<string>;
/** The servers', workers' and receivers' logs: removed after a clean run, kept (and named) otherwise. */
let logsDir: string;

beforeAll(async () => {
  before = new Set(await stackProcesses());
  logsDir = await mkdtemp(path.join(tmpdir(), 'arlo-sync-production-lane-logs-'));
  const record = (line: string) => log.push(line);
  figures = await runChaos(PRODUCTION_LANE_CHAOS, {
    toolsDir: loadConfig().toolsDir,
    log: record,
    logsDir,
    beforeClose: async (stack, client) => {
      inspection = await inspect(stack, client);
    },
  });
}, 18 * 60_000);

afterAll(async () => {
  // The run's one line, and the answers a careful client had to send again, for CI's log.
  process.stderr.write(`production lane ${formatSummary(figures)}\n`);
  for (const answer of inspection?.budget.notOutcomes ?? [])
    process.stderr.write(`production lane: push answered without its outcome (sent again): ${answer}\n`);
  const clean = chaosPassed(figures) && inspection !== undefined;
  if (clean) await rm(logsDir, { recursive: true, force: true });
  else process.stderr.write(`production lane: logs kept in ${logsDir}\n`);
});

async function inspect(stack: ChaosStack, client: Client): Promise<Inspection> {
  const info = await client.workflowService.getClusterInfo({});
  const cluster = {
    shards: info.historyShardCount ?? 0,
    persistence: info.persistenceStore ?? '',
    visibility: info.visibilityStore ?? '',
    version: info.serverVersion ?? '',
  };
  const perReceiver = stack.proxy?.answeredBy() ?? [];
  const contactHistory = await queryContactHistory(stack, client);
  const pushQuery = await queryPush(stack, client);
  const budget = await spendBudget(stack);
  const { stdout } = await run(process.execPath, [`${PROJECT_ROOT}/dist/src/cli.js`, 'temporal-setup'], {
    env: { ...process.env, TEMPORAL_ADDRESS: stack.config.temporal.address, TEMPORAL_NAMESPACE: 'default' },
  });
  return { cluster, contactHistory, pushQuery, perReceiver, budget, setupAgain: stdout };
}

/** The guide's "one contact's history" query, for the contact with the most handled events. */
async function queryContactHistory(stack: ChaosStack, client: Client): Promise<Inspection['contactHistory']> {
  const platform = stack.sim.platform;
  const events = (await stack.sim.control.events()).filter((e) => e.resourceType === 'Contact');
  const byContact = new Map<string, string[]>();
  for (const event of events) {
    if (!isHandledEventType(event.type)) continue;
    byContact.set(event.resourceId, [...(byContact.get(event.resourceId) ?? []), event.id]);
  }
  const [contactId, eventIds] = [...byContact].sort((a, b) => b[1].length - a[1].length)[0] ?? ['', []];
  const expected = eventIds.map((id) => workflowIds.processEvent(platform, id)).sort();
  const ofThisContact = new Set(
    events.filter((e) => e.resourceId === contactId).map((e) => workflowIds.processEvent(platform, e.id)),
  );
  const query = `ArloPlatform = "${platform}" AND ArloResourceType = "Contact" AND ArloResourceId = "${contactId}"`;
  // Visibility is written after the fact: ask until every expected workflow is listed (or time is up).
  const returned = await listUntil(client, query, (ids) => expected.every((id) => ids.includes(id)));
  const eventWorkflows = returned.filter((id) => id.startsWith('arlo-event:'));
  return {
    returned: eventWorkflows,
    expected,
    aboutOthers: eventWorkflows.filter((id) => !ofThisContact.has(id)),
  };
}

/** The guide's push query (by external ID) for the first contact the run pushed. */
async function queryPush(stack: ChaosStack, client: Client): Promise<Inspection['pushQuery']> {
  const pushed = (await stack.sim.control.truth('Contact'))
    .map((record) => record.fields.CodePrimary ?? '')
    .filter((code) => code.startsWith('CHAOS-C-'))
    .sort();
  const externalId = pushed[0] ?? 'no contact was pushed';
  const expected = workflowIds.push(stack.sim.platform, 'Contact', externalId);
  const returned = await listUntil(client, `ArloExternalId = "${externalId}"`, (ids) =>
    ids.includes(expected),
  );
  return { externalId, returned };
}

async function listUntil(client: Client, query: string, done: (ids: string[]) => boolean): Promise<string[]> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const ids: string[] = [];
    for await (const execution of client.workflow.list({ query })) ids.push(execution.workflowId);
    if (done(ids) || Date.now() > deadline) return ids.sort();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}

/**
 * 100 new contacts pushed at once through the proxy (both receivers), each three Arlo requests: more than
 * the 300 a minute the simulator admits, so only the Temporal server's rate limit, shared by both
 * workers, keeps it from answering 429. Each push is sent as a careful client sends it: waiting up to the
 * longest `waitSeconds`, and again after an answer that is not the outcome (202: still running after
 * that; a 5xx), at most a few times. Queued behind a minute's budget, the last pushes outlast one wait.
 */
async function spendBudget(stack: ChaosStack): Promise<Inspection['budget']> {
  const control = stack.sim.control;
  const before = await control.counters();
  const notOutcomes: string[] = [];
  const pushOnce = async (externalId: string, i: number) => {
    const response = await fetch(`${stack.receiverUrl}/push/contacts`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${stack.pushToken}` },
      body: JSON.stringify({
        externalId,
        fields: { CodePrimary: externalId, FirstName: 'Budget', LastName: `Test ${i}` },
        waitSeconds: MAX_WAIT_SECONDS,
      }),
      signal: AbortSignal.timeout(10 * 60_000),
    });
    const text = await response.text();
    return { status: response.status, text };
  };
  const outcomes = await Promise.all(
    Array.from({ length: BUDGET_PUSHES }, async (_, i) => {
      const externalId = `BUDGET-${String(i).padStart(3, '0')}`;
      for (let attempt = 1; ; attempt++) {
        const { status, text } = await pushOnce(externalId, i);
        if ((status < 500 && status !== 202) || attempt === PUSH_ATTEMPTS) {
          const outcome = `${status} ${(JSON.parse(text) as { outcome?: string }).outcome ?? text}`;
          return { outcome, retried: attempt > 1 };
        }
        notOutcomes.push(`${externalId}: ${status} ${text}`);
      }
    }),
  );
  const after = await control.counters();
  const perWorker = await Promise.all(stack.workerMetricsUrls.map(arloRequestsOf));
  const liveByCode = new Map<string, number>();
  for (const record of await control.truth('Contact')) {
    const code = record.fields.CodePrimary ?? '';
    if (code.startsWith('BUDGET-') && !record.deleted && record.mergedInto === undefined)
      liveByCode.set(code, (liveByCode.get(code) ?? 0) + 1);
  }
  return {
    firstAnswers: outcomes.filter((o) => !o.retried).map((o) => o.outcome),
    afterRetry: outcomes.filter((o) => o.retried).map((o) => o.outcome),
    notOutcomes,
    liveRecords: [...liveByCode.values()],
    requests: after.total - before.total,
    rateLimited: after.rateLimited - before.rateLimited,
    perWorker,
  };
}

/** Arlo requests one worker process made, from its Prometheus endpoint. */
async function arloRequestsOf(metricsUrl: string): Promise<number> {
  const text = await (await fetch(metricsUrl)).text();
  return text
    .split('\n')
    .filter((line) => line.startsWith('arlo_sync_arlo_requests_total{'))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}

const inspected = (): Inspection => {
  if (!inspection) throw new Error(`the run ended before the stack was inspected:\n${log.join('\n')}`);
  return inspection;
};

describe('the production lane', () => {
  it('loses nothing, gets nothing wrong, causes no duplicate side effect and keeps the Arlo budget', () => {
    const report = [formatSummary(figures), ...figures.problems, ...log].join('\n');
    // Jest's diff shows only a few lines around the one that differs; a failed run needs all of its log.
    if (!chaosPassed(figures)) console.error(report);
    expect({ passed: chaosPassed(figures), report }).toEqual({ passed: true, report });
    expect(figures.recordsLost).toBe(0);
    expect(figures.recordsWrong).toBe(0);
    expect(figures.duplicateSideEffects).toBe(0);
    expect(figures.eventsUnprocessed).toBe(0);
    expect(figures.budgetExceeded).toBe(0);
  });

  it('runs the Temporal server with SQL persistence, SQL visibility and 4 history shards', () => {
    expect(inspected().cluster).toEqual({
      shards: 4,
      persistence: 'postgres12',
      visibility: 'postgres12',
      version: '1.29.1',
    });
  });

  it('drove the pull path through both receivers, the push path, a bulk walk and a reconciliation', () => {
    expect(figures.eventsDelivered).toBeGreaterThanOrEqual(PRODUCTION_LANE_CHAOS.events);
    expect(figures.duplicatesInjected).toBeGreaterThan(0);
    expect(figures.faultsByKind['webhook-drop']).toBeGreaterThan(0);
    const [first = 0, second = 0] = inspected().perReceiver;
    expect({ first: first > 0, second: second > 0 }).toEqual({ first: true, second: true });
    expect(figures.pushesAccepted).toBe(PRODUCTION_LANE_CHAOS.pushes);
    expect(log.some((line) => line.includes('chaos: bulk walk of'))).toBe(true);
    expect(log.some((line) => line.includes('chaos: reconciliation repaired'))).toBe(true);
  });

  it('survived a worker SIGKILL and restarts of Temporal, FerretDB, a receiver and PostgreSQL', () => {
    expect(figures.faultsByKind).toMatchObject({
      'worker-kill': PRODUCTION_LANE_CHAOS.workerKills,
      'temporal-restart': 1,
      'mongo-restart': 1,
      'receiver-restart': 1,
      'postgres-restart': 1,
    });
  });

  it("answers the operator guide's search-attribute queries from the SQL visibility store", () => {
    const { contactHistory, pushQuery } = inspected();
    expect(contactHistory.expected.length).toBeGreaterThan(1);
    expect(contactHistory.returned).toEqual(expect.arrayContaining(contactHistory.expected));
    expect(contactHistory.aboutOthers).toEqual([]);
    expect(pushQuery.returned).toContain(`arlo-push:chaos.arlo.test:Contact:${pushQuery.externalId}`);
  });

  it('holds the 300/minute Arlo budget across both workers when more than a minute of it is asked at once', () => {
    const { budget } = inspected();
    expect(budget.firstAnswers.length + budget.afterRetry.length).toBe(BUDGET_PUSHES);
    expect(budget.firstAnswers.filter((outcome) => outcome !== '200 created')).toEqual([]);
    // A push sent again finds the record its first attempt created: created or unchanged, never twice.
    expect(budget.afterRetry.filter((o) => o !== '200 created' && o !== '200 unchanged')).toEqual([]);
    expect({
      records: budget.liveRecords.length,
      duplicated: budget.liveRecords.filter((n) => n > 1),
    }).toEqual({ records: BUDGET_PUSHES, duplicated: [] });
    expect(budget.requests).toBeGreaterThanOrEqual(ARLO_BUDGET_PER_MINUTE);
    expect(budget.rateLimited).toBe(0);
    expect(budget.perWorker.map((requests) => requests > 0)).toEqual([true, true]);
  });

  it('lets temporal-setup run again without changing anything', () => {
    expect(inspected().setupAgain).toContain('Namespace default already registered.');
    expect(inspected().setupAgain).toContain('All search attributes already registered.');
  });

  it('leaves no process behind', async () => {
    expect((await stackProcesses()).filter((p) => !before.has(p))).toEqual([]);
  });
});
