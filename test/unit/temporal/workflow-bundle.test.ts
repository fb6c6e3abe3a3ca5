/**
 * The prebuilt workflow bundle: written with a stamp of its sources, used only while they match, and
 * refused with a reason that says what to run when they do not.
 */
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import {
  bundlePath,
  whyNotUsable,
  writeWorkflowBundle,
  type BundleFiles,
} from '../../../src/temporal/workflow-bundle';

// webpack bundles the SDK's workflow runtime with the two files below: seconds, not milliseconds.
jest.setTimeout(60_000);

let files: BundleFiles;

beforeEach(async () => {
  const distRoot = await mkdtemp(path.join(tmpdir(), 'arlo-sync-bundle-'));
  files = { distRoot };
  // The SDK's workflow runtime is bundled in too: found as the project's own dist/ finds it.
  await symlink(path.resolve(__dirname, '../../../node_modules'), path.join(distRoot, 'node_modules'));
  await mkdir(path.join(distRoot, 'workflows'));
  await mkdir(path.join(distRoot, 'src/domain'), { recursive: true });
  await writeFile(
    path.join(distRoot, 'workflows/index.js'),
    "const { greeting } = require('../src/domain/greeting');\n" +
      'exports.greet = async function greet(name) { return greeting(name); };\n',
  );
  await writeFile(
    path.join(distRoot, 'src/domain/greeting.js'),
    'exports.greeting = (name) => `hello ${name}`;\n',
  );
});
afterEach(() => rm(files.distRoot, { recursive: true, force: true }));

describe('prebuilt workflow bundle', () => {
  it('is usable once written, and holds the workflow code', async () => {
    expect(whyNotUsable(files)).toMatch(/was not built \(`npm run build` builds it\)/);
    const { bytes } = await writeWorkflowBundle(files);
    expect(bytes).toBeGreaterThan(0);
    expect(whyNotUsable(files)).toBeUndefined();
    const code = await readFile(bundlePath(files), 'utf8');
    expect(code).toContain('hello ${name}');
  });

  it('is refused once a workflow or domain file changed, and usable again when built again', async () => {
    await writeWorkflowBundle(files);
    await writeFile(
      path.join(files.distRoot, 'src/domain/greeting.js'),
      'exports.greeting = (name) => `hi ${name}`;\n',
    );
    expect(whyNotUsable(files)).toMatch(/the workflow code changed since .*`npm run build` builds it again/);
    await writeWorkflowBundle(files);
    expect(whyNotUsable(files)).toBeUndefined();
  });

  it('is refused when a workflow file is added', async () => {
    await writeWorkflowBundle(files);
    await writeFile(path.join(files.distRoot, 'workflows/another.js'), 'exports.x = 1;\n');
    expect(whyNotUsable(files)).toMatch(/changed since/);
  });

  it('is refused when its stamp is unreadable', async () => {
    await writeWorkflowBundle(files);
    await writeFile(`${bundlePath(files)}.json`, '{ not json');
    expect(whyNotUsable(files)).toMatch(/is unreadable \(`npm run build` writes it again\)/);
  });
});
