/**
 * A newcomer's first hour, on the real local stack: `arlo-sync up` (compiled, as `npm start` runs it) on
 * free ports in a fresh data folder; the README's runnable blocks, read from README.md itself, typed into
 * a second terminal with nothing exported; Ctrl-C; `up` again: the demo platform continues, an Arlo
 * user's edit reaches the mirror within 30 s and the watermark moves past where it stood before. A worker
 * and a receiver started in a further terminal join that stack. Then `doctor`: exit 0 on the healthy
 * stack, and a failure naming the receiver once the receiver is stopped.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { loadConfig } from '../../../src/config';
import { compareEventIds } from '../../../src/domain/event-id';
import { workflowIds } from '../../../src/domain/workflow-ids';
import { localStackStatePath, type LocalStackState } from '../../../src/devstack/local-stack-state';
import { SimulatorControlClient } from '../../../src/simulator';
import { findEntity } from '../../../src/store/entity-mirror';
import { connectMongo } from '../../../src/store/mongo';
import { connectClient, temporalTarget } from '../../../src/temporal/connection';
import { workerPollers } from '../../../src/temporal/worker-pollers';
import { readWatermark } from '../../../src/store/watermarks';
import {
  descendantsOf,
  findDescendant,
  freeUpPorts,
  ROOT,
  runShell,
  startUp,
  userEnv,
  type RunningUp,
  type UpPorts,
} from '../../helpers/up-process';
import { contactEvent, post, signedCallback } from '../../helpers/arlo-callback';
import { startInFurtherTerminal } from '../../helpers/further-terminal';

// Two starts of the whole stack on a shared two-core machine: a guard against hangs, not a speed check.
jest.setTimeout(20 * 60_000);

const PLATFORM = 'demo.arlo.co';
const MARKER = /<!-- first-hour:[^>]*-->\s*```sh\n([\s\S]*?)```/g;

/** The README blocks marked as runnable next to `npm start`, in order. */
function readmeBlocks(): string[] {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  return [...readme.matchAll(MARKER)].map((match) => match[1] ?? '');
}

let dataDir: string;
let ports: UpPorts;
let up: RunningUp | undefined;
const timings: string[] = [];

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'arlo-sync-first-hour-'));
  ports = await freeUpPorts();
});
afterAll(async () => {
  if (up?.child.exitCode === null) up.child.kill('SIGKILL');
  await rm(dataDir, { recursive: true, force: true });
  process.stderr.write(`[first hour] ${timings.join('; ')}\n`);
});

async function timed<T>(label: string, work: () => Promise<T>): Promise<T> {
  const started = Date.now();
  const result = await work();
  timings.push(`${label} ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return result;
}

function stackState(): LocalStackState {
  return JSON.parse(readFileSync(localStackStatePath(dataDir), 'utf8')) as LocalStackState;
}

async function watermarkNow(): Promise<string | undefined> {
  const mongo = await connectMongo(stackState().env.MONGODB_URI ?? '', 'arlo_sync');
  try {
    return (await readWatermark(mongo.db, PLATFORM))?.eventId;
  } finally {
    await mongo.close();
  }
}

describe("a newcomer's first hour, as the README tells it", () => {
  let watermarkBeforeRestart: string | undefined;

  it('runs every README block verbatim in a second terminal next to `arlo-sync up`', async () => {
    const blocks = readmeBlocks();
    expect(blocks.length).toBeGreaterThanOrEqual(5);
    up = await timed('first start to banner', () => startUp(dataDir, ports));
    expect(up.banner).toMatch(/Push endpoint .*token for this run: demo-/);

    const outputs: string[] = [];
    for (const [index, block] of blocks.entries()) {
      const result = await timed(`README block ${index + 1}`, () => runShell(block, userEnv(dataDir)));
      if (result.code !== 0) {
        throw new Error(
          `README block ${index + 1} failed (${result.code}):\n${block}\n${result.stdout}\n${result.stderr}`,
        );
      }
      // Each command found the stack by itself (`local-stack` reads it and says nothing of the kind).
      if (/npx arlo-sync (?!local-stack)/.test(block)) {
        expect(result.stderr).toContain('using the local stack of `arlo-sync up`');
      }
      outputs.push(result.stdout);
    }
    const all = outputs.join('\n');
    expect(all).toMatch(/✓ Receiver: answers at http:\/\/127\.0\.0\.1:\d+\/healthz/);
    expect(all).not.toMatch(/^✗/m);
    expect(all).toContain('"outcome":"created"');
    expect(all).toMatch(/Contact: (started|already running)/);
    // The change feed read with the consumer token `local-stack --shell` gave: the demo's first changes.
    expect(all).toMatch(/\{"platform":"demo\.arlo\.co","changes":\[\{"cursor":"1",/);

    watermarkBeforeRestart = await watermarkNow();
    expect(watermarkBeforeRestart).toBeDefined();
    expect(await up.stop()).toBe(0);
    expect(existsSync(localStackStatePath(dataDir))).toBe(false);
  });

  it('continues after a restart: a new edit reaches the mirror within 30 s, above the old watermark', async () => {
    expect(watermarkBeforeRestart).toBeDefined();
    up = await timed('restart to banner', () => startUp(dataDir, ports));
    const control = new SimulatorControlClient(`http://127.0.0.1:${ports.SIMULATOR_CONTROL_PORT}/`);
    const contact = (await control.truth('Contact')).find((c) => !c.deleted && c.mergedInto === undefined);
    expect(contact).toBeDefined();

    const edited = await control.updateRecord('Contact', contact!.id, { fields: { FirstName: 'Newcomer' } });
    // The platform went on numbering its events where it stopped: the edit's event is above the old watermark.
    const event = (await control.events())
      .filter((e) => e.resourceType === 'Contact' && e.resourceId === contact!.id)
      .at(-1);
    expect(compareEventIds(event?.id ?? '0', watermarkBeforeRestart!)).toBeGreaterThan(0);

    const mongo = await connectMongo(stackState().env.MONGODB_URI ?? '', 'arlo_sync');
    try {
      const deadline = Date.now() + 30_000;
      const mirrored = await timed('edit to mirror after restart', async () => {
        for (;;) {
          const doc = await findEntity(mongo.db, PLATFORM, 'Contact', contact!.id);
          if (doc && doc.lastModifiedDateTime >= edited.lastModifiedDateTime) return doc;
          if (Date.now() > deadline) return doc;
          await new Promise((resolve) => setTimeout(resolve, 250));
        }
      });
      expect((mirrored?.lastModifiedDateTime ?? '') >= edited.lastModifiedDateTime).toBe(true);
      // The event is recorded (ledger, watermark) just after its mirror write: wait for that too.
      let watermark = (await readWatermark(mongo.db, PLATFORM))?.eventId;
      while (compareEventIds(watermark ?? '0', watermarkBeforeRestart!) <= 0 && Date.now() <= deadline) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        watermark = (await readWatermark(mongo.db, PLATFORM))?.eventId;
      }
      expect(compareEventIds(watermark ?? '0', watermarkBeforeRestart!)).toBeGreaterThan(0);
    } finally {
      await mongo.close();
    }
  });

  it('a worker started in a further terminal joins the stack and polls both its task queues', async () => {
    expect(up?.child.exitCode).toBeNull();
    // `up`'s worker holds the default metrics port; README says to pick another (0: none).
    const worker = startInFurtherTerminal(
      'npx arlo-sync worker',
      userEnv(dataDir, { WORKER_METRICS_PORT: '0' }),
    );
    const config = loadConfig({ ...stackState().env });
    const client = await connectClient(temporalTarget(config));
    try {
      await worker.waitForStdout('"msg":"worker polling"', 120_000);
      expect(worker.output().stderr).toContain('using the local stack of `arlo-sync up`');
      // It loaded the workflow bundle `npm run build` wrote instead of bundling at start.
      expect(worker.output().stdout).not.toContain('bundling the workflow code at start');
      const ours = new Set((await descendantsOf(worker.pid)).map((p) => String(p.pid)));
      const queues = [config.temporal.taskQueue, config.temporal.arloTaskQueue];
      for (const [index, identities] of (await workerPollers(client, config.temporal)).entries()) {
        // A poller's identity is `<pid>@<host>`: one of them is the new worker's.
        const pids = [...identities].map((identity) => identity.split('@')[0] ?? '');
        expect({ queue: queues[index], polledBySecondWorker: pids.some((pid) => ours.has(pid)) }).toEqual({
          queue: queues[index],
          polledBySecondWorker: true,
        });
      }
    } finally {
      await client.connection.close();
      expect(await worker.interrupt()).toBe(true);
    }
    expect(worker.output().stdout).toContain('"msg":"worker stopped"');
  });

  it('a receiver started in a further terminal joins the stack: its callback is run by the stack', async () => {
    expect(up?.child.exitCode).toBeNull();
    const { env } = stackState();
    // `up`'s receiver holds the stack's port; README says to pick another (0: any free one).
    const receiver = startInFurtherTerminal('npx arlo-sync server', userEnv(dataDir, { RECEIVER_PORT: '0' }));
    const config = loadConfig({ ...env });
    const client = await connectClient(temporalTarget(config));
    try {
      await receiver.waitForStdout('"msg":"receiver listening"', 120_000);
      expect(receiver.output().stderr).toContain('using the local stack of `arlo-sync up`');
      const url = /"webhookUrl":"([^"]+)"/.exec(receiver.output().stdout)?.[1];
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
      expect(url).not.toContain(`:${env.RECEIVER_PORT}/`);
      // An event type arlo-sync records without asking Arlo, with an ID below the demo platform's: the
      // stack's watermark and the demo's records stay as they are.
      const event = contactEvent({ id: '1', type: 'Venue.Created', resourceType: 'Venue' });
      const platform = env.ARLO_PLATFORM ?? '';
      const key = (env.ARLO_WEBHOOK_KEYS ?? '').split(',')[0] ?? '';
      const answer = await post(url!, signedCallback([event], { platform, keyBase64: key }));
      expect(answer.status).toBe(200);
      // Started in the stack's Temporal and run by the stack's worker into the stack's ledger.
      const handle = client.workflow.getHandle(workflowIds.processEvent(platform, event.id));
      await expect(handle.result()).resolves.toEqual({ eventId: '1', outcome: 'ignored' });
    } finally {
      await client.connection.close();
      expect(await receiver.interrupt()).toBe(true);
    }
    expect(receiver.output().stdout).toContain('"msg":"receiver stopped"');
  });

  it('doctor passes on the healthy stack and fails naming the receiver once the receiver is stopped', async () => {
    expect(up?.child.exitCode).toBeNull();
    const healthy = await timed('doctor on the healthy stack', () =>
      runShell('npx arlo-sync doctor', userEnv(dataDir)),
    );
    // The whole report on failure: which check failed, and why, is what a red run needs to say.
    if (healthy.code !== 0 || /^✗/m.test(healthy.stdout)) {
      throw new Error(
        `doctor on the healthy stack exited ${healthy.code}:\n${healthy.stdout}\n${healthy.stderr}`,
      );
    }

    const receiver = await findDescendant(up!.child.pid!, 'dist/src/server.js');
    expect(receiver).toBeDefined();
    process.kill(receiver!, 'SIGSTOP'); // stopped, not gone: `up` keeps everything else running
    try {
      const broken = await runShell('npx arlo-sync doctor', userEnv(dataDir));
      expect(broken.code).not.toBe(0);
      expect(broken.stdout).toMatch(
        new RegExp(
          `^✗ Receiver: nothing answers at http://127\\.0\\.0\\.1:${ports.RECEIVER_PORT}/healthz`,
          'm',
        ),
      );
      expect(broken.stdout).toMatch(/^✓ Temporal: /m);
      expect(broken.stdout).toMatch(/^✓ MongoDB: /m);
    } finally {
      process.kill(receiver!, 'SIGCONT');
    }
    expect(await up!.stop()).toBe(0);
  });
});
