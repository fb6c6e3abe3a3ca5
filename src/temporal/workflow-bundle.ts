/**
 * The workflow code the worker loads into Temporal's sandbox. `npm run build` bundles it once into
 * `dist/workflow-bundle.js`, as Temporal advises for production, so a worker starts without running
 * webpack (seconds at every start, 10 and more on a loaded machine: the window in which a Ctrl-C or a
 * container stop finds a worker that cannot yet stop). Next to the bundle, a stamp holds a hash of what
 * it was built from: the compiled workflows and domain files, and the versions of the SDK packages they
 * import. A worker whose sources no longer match (a `tsc` run without the bundling step, an SDK upgrade)
 * does not use it: it bundles at start as before and says why. Run from TypeScript sources (the tests),
 * the worker always bundles those.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { bundleWorkflowCode, DefaultLogger, type WorkflowBundleOption } from '@temporalio/worker';

import type { Logger } from '../logger';
import { sdkLogger } from './sdk-logger';

/** What the bundle is built from, relative to the compiled output's root (`dist/`). */
const SOURCE_FOLDERS = ['workflows', 'src/domain'];
/** SDK packages the workflow code imports; their versions are part of what the bundle is built from. */
const SDK_PACKAGES = ['@temporalio/workflow', '@temporalio/common'];

export interface BundleFiles {
  /** The compiled output's root, holding `workflows/index.js`. */
  readonly distRoot: string;
}

export const bundlePath = ({ distRoot }: BundleFiles) => path.join(distRoot, 'workflow-bundle.js');
const stampPath = (files: BundleFiles) => `${bundlePath(files)}.json`;

/** The compiled output this module belongs to, or undefined when running from TypeScript sources. */
export function compiledOutput(): BundleFiles | undefined {
  return __filename.endsWith('.js') ? { distRoot: path.resolve(__dirname, '../..') } : undefined;
}

/** The compiled workflows' entry point. */
const workflowsEntry = ({ distRoot }: BundleFiles) => require.resolve(path.join(distRoot, 'workflows'));

/** Bundles the compiled workflows and writes the bundle and its stamp. */
export async function writeWorkflowBundle(files: BundleFiles): Promise<{ bytes: number }> {
  // Hashed before bundling: a file changed meanwhile then makes the stamp stale, never wrongly fresh.
  return writeBundleOf(files, sourcesHash(files));
}

/** `npm run build`'s step: the bundle written unless the one there is current; true when written. */
export async function refreshWorkflowBundle(files: BundleFiles): Promise<boolean> {
  const sources = sourcesHash(files);
  if (whyNotUsableFor(files, sources) === undefined) return false;
  await writeBundleOf(files, sources);
  return true;
}

async function writeBundleOf(files: BundleFiles, sources: string): Promise<{ bytes: number }> {
  const { code } = await bundleWorkflowCode({
    workflowsPath: workflowsEntry(files),
    // The build is silent unless something is wrong: webpack's report is not wanted there.
    logger: new DefaultLogger('WARN'),
  });
  // Each file whole or not at all (a worker may be starting meanwhile): written aside, then renamed.
  await writeWhole(bundlePath(files), code);
  await writeWhole(stampPath(files), `${JSON.stringify({ sources })}\n`);
  return { bytes: Buffer.byteLength(code) };
}

/** The prebuilt bundle when it matches its sources; otherwise the workflows bundled now. */
export async function workflowBundleForWorker(logger: Logger): Promise<WorkflowBundleOption> {
  const files = compiledOutput();
  const stale = files === undefined ? undefined : whyNotUsable(files);
  if (files !== undefined && stale === undefined) return { codePath: bundlePath(files) };
  if (stale !== undefined) logger.info(`bundling the workflow code at start: ${stale}`);
  return bundleWorkflowCode({
    workflowsPath: files === undefined ? require.resolve('../../workflows') : workflowsEntry(files),
    // webpack's report goes to our logger, at debug.
    logger: sdkLogger(logger),
  });
}

/** Why the prebuilt bundle cannot be used, or undefined when it can. */
export function whyNotUsable(files: BundleFiles): string | undefined {
  return whyNotUsableFor(files, sourcesHash(files));
}

function whyNotUsableFor(files: BundleFiles, sources: string): string | undefined {
  if (!existsSync(bundlePath(files)) || !existsSync(stampPath(files))) {
    return `${bundlePath(files)} was not built (\`npm run build\` builds it)`;
  }
  let stamp: unknown;
  try {
    stamp = JSON.parse(readFileSync(stampPath(files), 'utf8'));
  } catch {
    return `${stampPath(files)} is unreadable (\`npm run build\` writes it again)`;
  }
  const built = (stamp as { sources?: unknown } | null)?.sources;
  return built === sources
    ? undefined
    : `the workflow code changed since ${bundlePath(files)} was built (\`npm run build\` builds it again)`;
}

async function writeWhole(file: string, content: string): Promise<void> {
  const aside = `${file}.${process.pid}.tmp`;
  await writeFile(aside, content);
  await rename(aside, file);
}

function sourcesHash({ distRoot }: BundleFiles): string {
  const hash = createHash('sha256');
  for (const folder of SOURCE_FOLDERS) {
    for (const file of jsFilesUnder(path.join(distRoot, folder))) {
      hash.update(path.relative(distRoot, file)).update('\0').update(readFileSync(file)).update('\0');
    }
  }
  for (const name of SDK_PACKAGES) {
    const manifest = JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')) as {
      version?: string;
    };
    hash.update(`${name}@${manifest.version ?? '?'}\0`);
  }
  return hash.digest('hex');
}

function jsFilesUnder(folder: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.js'))
    .map((name) => path.join(folder, name))
    .sort();
}
