/**
 * The sandbox boundary is enforced by lint, not by hope: each rule of eslint.boundaries.js fires on the
 * imports it forbids and stays quiet on the ones it allows.
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

  it('rejects activities importing workflows', async () => {
    expect(
      await problems('activities/probe.ts', "import { processArloEvent } from '../workflows';"),
    ).toHaveLength(1);
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
});
