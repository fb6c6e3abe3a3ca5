/**
 * The import rules of ARCHITECTURE.md are enforced by lint, not by hope: each rule of
 * eslint.boundaries.js fires on the imports it forbids and stays quiet on the ones it allows.
 */
import path from 'node:path';

import { ESLint, type Linter } from 'eslint';
import tseslint from 'typescript-eslint';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const boundaries = require('../../eslint.boundaries') as Linter.Config[];

const root = path.resolve(__dirname, '../..');
const eslint = new ESLint({
  cwd: root,
  overrideConfigFile: true,
  overrideConfig: [{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } }, ...boundaries],
});

async function problems(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (result?.messages ?? []).map((m) => `${m.ruleId ?? 'fatal'}: ${m.message}`);
}

describe('import boundaries', () => {
  it.each([
    ['mongodb', "import { MongoClient } from 'mongodb';"],
    ['a Node built-in (node: prefix)', "import { readFile } from 'node:fs/promises';"],
    ['a Node built-in (bare)', "import fs from 'fs';"],
    ['the Temporal client', "import { Client } from '@temporalio/client';"],
    ['a value import of activities', "import { createActivities } from '../activities';"],
    ['src outside domain', "import { loadConfig } from '../src/config';"],
  ])('rejects a workflow that imports %s', async (_what, code) => {
    const found = await problems('workflows/probe.ts', code);
    expect(found).toEqual([expect.stringMatching(/^no-restricted-imports: /)]);
  });

  it('accepts what a workflow may import', async () => {
    const code = [
      "import { proxyActivities } from '@temporalio/workflow';",
      "import type { Activities } from '../activities';",
      "import { workflowIds } from '../src/domain/workflow-ids';",
      "import { compareEventIds } from '../src/domain/event-id';",
      "import { helper } from './helper';",
    ].join('\n');
    expect(await problems('workflows/probe.ts', code)).toEqual([]);
  });

  it("keeps the benchmarks' own workflows (src/bench/*-workflow(s).ts) in the sandbox too", async () => {
    for (const file of ['src/bench/probe-workflow.ts', 'src/bench/probe-workflows.ts']) {
      expect(await problems(file, "import { readFile } from 'node:fs/promises';")).toEqual([
        expect.stringMatching(/^no-restricted-imports: .*deterministic Temporal sandbox/),
      ]);
      expect(await problems(file, "import { loadConfig } from '../config';")).toEqual([
        expect.stringMatching(/^no-restricted-imports: /),
      ]);
      const allowed = [
        "import { proxyLocalActivities } from '@temporalio/workflow';",
        "import type { ProcessArloEventInput } from '../domain/process-event-input';",
      ].join('\n');
      expect(await problems(file, allowed)).toEqual([]);
    }
  });

  it.each([
    ['activities/probe.ts', "import { processArloEvent } from '../workflows';"],
    ['activities/probe.ts', "import { syncArloEvent } from '../workflows/sync-arlo-event';"],
    ['activities/push/probe.ts', "import { pushRecord } from '../../workflows/push-record';"],
    ['activities/bulk/probe.ts', "import { bulkWalk } from '../../workflows';"],
  ])('rejects activities importing workflows (%s: %s)', async (file, code) => {
    expect(await problems(file, code)).toEqual([
      expect.stringMatching(/^no-restricted-imports: .* activities\/ must never import workflows\/\.$/),
    ]);
  });

  it('rejects process.env outside src/config/ and allows it inside', async () => {
    for (const file of [
      'src/server.ts',
      'src/config-helper.ts',
      'activities/probe.ts',
      'workflows/probe.ts',
    ]) {
      expect(await problems(file, 'export const port = process.env.PORT;')).toEqual([
        expect.stringMatching(/^no-restricted-properties: .*Only src\/config\/ reads process.env/),
      ]);
    }
    expect(await problems('src/config/load-config.ts', 'export const port = process.env.PORT;')).toEqual([]);
  });

  it.each([
    ['fast-xml-parser', "import { XMLParser } from 'fast-xml-parser';"],
    ['fast-xml-validator', "import { SyntaxValidator } from 'fast-xml-validator';"],
  ])('keeps %s inside src/arlo and src/simulator', async (_name, code) => {
    expect(await problems('activities/probe.ts', code)).toHaveLength(1);
    expect(await problems('src/store/probe.ts', code)).toHaveLength(1);
    expect(await problems('src/arlo/xml.ts', code)).toEqual([]);
    expect(await problems('src/simulator/xml.ts', code)).toEqual([]);
  });

  it('keeps src/domain free of Node and I/O', async () => {
    expect(await problems('src/domain/probe.ts', "import { createHash } from 'node:crypto';")).toHaveLength(
      1,
    );
    expect(await problems('src/domain/probe.ts', "import { Db } from 'mongodb';")).toHaveLength(1);
    expect(await problems('src/domain/probe.ts', "import { isEventId } from './event-id';")).toEqual([]);
  });

  it.each([
    [
      'src/bench',
      'src/store/probe.ts',
      "import { DEFAULT_BENCH_OPTIONS } from '../bench/receiver-ack';",
      'src/commands/probe.ts',
    ],
    [
      'src/chaos',
      'src/http/probe.ts',
      "import { runChaos } from '../chaos/run-chaos';",
      'src/commands/probe.ts',
    ],
    [
      'src/onboarding',
      'src/store/probe.ts',
      "import { webhookCallbackUrl } from '../onboarding/callback-url';",
      'src/doctor/probe.ts',
    ],
    [
      'src/doctor',
      'src/onboarding/probe.ts',
      "import { runDoctor } from '../doctor/run-doctor';",
      'src/commands/probe.ts',
    ],
  ])('lets only the CLI import %s', async (_folder, outsider, code, insider) => {
    expect(await problems(outsider, code)).toEqual([
      expect.stringMatching(/^import-x\/no-restricted-paths: /),
    ]);
    expect(await problems(insider, code)).toEqual([]);
  });

  it('lets the benchmarks run the chaos stack (the production-lane benchmark)', async () => {
    const code = "import { startChaosStack } from '../chaos/chaos-stack';";
    expect(await problems('src/bench/probe.ts', code)).toEqual([]);
    expect(await problems('src/store/probe.ts', code)).toEqual([
      expect.stringMatching(/^import-x\/no-restricted-paths: .*src\/chaos/),
    ]);
  });

  it('keeps src/push free of src/http (the receiver imports the push, not the other way)', async () => {
    expect(
      await problems('src/push/probe.ts', "import type { PushRouterOptions } from '../http/push-router';"),
    ).toEqual([expect.stringMatching(/^import-x\/no-restricted-paths: .*src\/push/)]);
    expect(await problems('src/http/probe.ts', "import { pushToArlo } from '../push/push-client';")).toEqual(
      [],
    );
  });

  it('lets nobody import the entry points but src/cli.ts and the benchmarks', async () => {
    expect(await problems('src/store/probe.ts', "import { startReceiver } from '../server';")).toHaveLength(
      1,
    );
    expect(
      await problems('activities/probe.ts', "import { startWorkers } from '../src/worker';"),
    ).toHaveLength(1);
    expect(await problems('src/server.ts', "import { run } from './worker';")).toHaveLength(1);
    expect(await problems('src/cli.ts', "import { run } from './worker';")).toEqual([]);
    expect(await problems('src/bench/probe.ts', "import { startReceiver } from '../server';")).toEqual([]);
  });

  it('keeps src/metrics to prom-client and src/domain', async () => {
    expect(await problems('src/metrics/probe.ts', "import { Db } from 'mongodb';")).toHaveLength(1);
    expect(await problems('src/metrics/probe.ts', "import { loadConfig } from '../config';")).toHaveLength(1);
    expect(
      await problems(
        'src/metrics/probe.ts',
        "import { Counter } from 'prom-client';\nimport { isResourceType } from '../domain/resource-types';",
      ),
    ).toEqual([]);
  });

  it("keeps src/feed (the external system's client) to src/domain, standardwebhooks and Node", async () => {
    expect(await problems('src/feed/probe.ts', "import { Db } from 'mongodb';")).toHaveLength(1);
    expect(await problems('src/feed/probe.ts', "import { loadConfig } from '../config';")).toHaveLength(1);
    expect(
      await problems(
        'src/feed/probe.ts',
        [
          "import { createHmac } from 'node:crypto';",
          "import { Webhook } from 'standardwebhooks';",
          "import type { FeedPage } from '../domain/change-feed';",
          "import { readChanges } from './feed-client';",
        ].join('\n'),
      ),
    ).toEqual([]);
  });

  it('lets the Arlo client import only the call observation of src/metrics', async () => {
    expect(
      await problems('src/arlo/probe.ts', "import { recordArloCall } from '../metrics/worker-metrics';"),
    ).toHaveLength(1);
    expect(
      await problems(
        'src/arlo/probe.ts',
        "import { arloEndpointLabel } from '../metrics/arlo-call-observation';",
      ),
    ).toEqual([]);
  });
});
