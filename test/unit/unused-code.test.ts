/**
 * `npm run lint` runs knip with the project's knip.json: an export nothing imports, or a file nothing
 * reaches from an entry point, fails it. Proven here on a tiny project in a temporary folder that uses
 * the same knip.json: the check fires on what it must and stays quiet on a clean tree.
 */
import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const root = path.resolve(__dirname, '../..');
const knip = path.join(root, 'node_modules/knip/bin/knip.js');
const run = promisify(execFile);
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'arlo-sync-knip-'));
  await mkdir(path.join(dir, 'src'));
  await copyFile(path.join(root, 'knip.json'), path.join(dir, 'knip.json'));
  await writeFile(path.join(dir, 'package.json'), '{"name":"probe","private":true}');
  await writeFile(path.join(dir, 'tsconfig.json'), '{"compilerOptions":{"module":"commonjs","strict":true}}');
  await writeFile(path.join(dir, 'src/server.ts'), "import { used } from './used';\nconsole.log(used);\n");
});
afterEach(() => rm(dir, { recursive: true, force: true }));

/** knip's exit code and report, run in the probe project. */
async function knipIn(folder: string): Promise<{ code: number; report: string }> {
  try {
    const { stdout } = await run(process.execPath, [knip, '--no-config-hints'], { cwd: folder });
    return { code: 0, report: stdout };
  } catch (error) {
    const failed = error as { code: number; stdout: string };
    return { code: failed.code, report: failed.stdout };
  }
}

it('passes a tree in which every export is imported', async () => {
  await writeFile(path.join(dir, 'src/used.ts'), 'export const used = 1;\n');
  expect(await knipIn(dir)).toEqual({ code: 0, report: '' });
});

it('fails on an export nothing imports, naming it', async () => {
  await writeFile(path.join(dir, 'src/used.ts'), 'export const used = 1;\nexport const forgotten = 2;\n');
  const { code, report } = await knipIn(dir);
  expect(code).toBe(1);
  expect(report).toMatch(/Unused exports \(1\)\s+forgotten\s+src\/used\.ts/);
});

it('fails on a file nothing imports, naming it', async () => {
  await writeFile(path.join(dir, 'src/used.ts'), 'export const used = 1;\n');
  await writeFile(path.join(dir, 'src/orphan.ts'), 'export const orphan = 3;\n');
  const { code, report } = await knipIn(dir);
  expect(code).toBe(1);
  expect(report).toMatch(/Unused files \(1\)\s+src\/orphan\.ts/);
});
