/**
 * Provisions the two servers of the embedded local stack from source with the machine's Go toolchain,
 * once, into a git-ignored tools folder (see DESIGN.md "The local stack"):
 *  - the official Temporal CLI, whose `server start-dev` is a real Temporal server with the Web UI;
 *  - FerretDB v1 on SQLite, embedded by the tiny Go module in tools/ferretdb.
 * A stamp file next to each binary records what it was built from, so a changed pin rebuilds it.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

import { childProcessEnv, executableSearchPath } from '../config';
import { PROJECT_ROOT } from '../project-root';

const run = promisify(execFile);

/** Later CLI tags use a `replace` directive and cannot be `go install`ed; keep this pin. */
export const TEMPORAL_CLI_MODULE = 'github.com/temporalio/cli/cmd/temporal@v1.5.1';
export const FERRETDB_SOURCE_DIR = path.join(PROJECT_ROOT, 'tools', 'ferretdb');

export class ToolUnavailableError extends Error {
  constructor(tool: string, reason: string) {
    super(
      `${tool} is not available: ${reason}\n` +
        'Three ways out:\n' +
        '  1. Install the Go toolchain (https://go.dev/dl/, Go 1.24 or later) and run `npm run provision` again;\n' +
        '  2. Run the stack with Docker: `docker compose up -d temporal-setup mongodb` and set\n' +
        '     TEMPORAL_ADDRESS=localhost:7233 and MONGODB_URI=mongodb://localhost:27017/?replicaSet=rs0;\n' +
        '  3. Point arlo-sync at servers you already run with TEMPORAL_ADDRESS and MONGODB_URI.',
    );
    this.name = 'ToolUnavailableError';
  }
}

export interface ProvisionLog {
  (message: string): void;
}

export interface ToolPaths {
  temporal: string;
  ferretdb: string;
}

export function toolPaths(toolsDir: string): ToolPaths {
  return {
    temporal: path.join(toolsDir, 'bin', 'temporal'),
    ferretdb: path.join(toolsDir, 'bin', 'ferretdb'),
  };
}

export async function ensureTemporalCli(toolsDir: string, log: ProvisionLog): Promise<string> {
  const binary = toolPaths(toolsDir).temporal;
  return ensureBuilt('Temporal CLI', binary, TEMPORAL_CLI_MODULE, log, async (go, output) => {
    // `go install` writes to GOBIN; build into a private directory and move the binary into place so
    // two provisioning processes never see a half-written file.
    const gobin = `${output}.gobin`;
    await mkdir(gobin, { recursive: true });
    await run(go, ['install', TEMPORAL_CLI_MODULE], {
      env: childProcessEnv({ GOBIN: gobin, CGO_ENABLED: '0' }),
      maxBuffer: 16 * 1024 * 1024,
    });
    await rename(path.join(gobin, 'temporal'), output);
    await rm(gobin, { recursive: true, force: true });
  });
}

export async function ensureFerretDb(toolsDir: string, log: ProvisionLog): Promise<string> {
  const binary = toolPaths(toolsDir).ferretdb;
  const stamp = await sourceStamp(FERRETDB_SOURCE_DIR, await goModuleFiles(FERRETDB_SOURCE_DIR));
  return ensureBuilt('FerretDB', binary, stamp, log, async (go, output) => {
    await run(go, ['build', '-trimpath', '-o', output, '.'], {
      cwd: FERRETDB_SOURCE_DIR,
      env: childProcessEnv({ CGO_ENABLED: '0' }),
      maxBuffer: 16 * 1024 * 1024,
    });
  });
}

/**
 * Returns `binary` when its stamp says it was built from `stamp`; otherwise builds it with `build`, which
 * writes the binary to the `output` path it is given (moved into place only once complete).
 */
export async function ensureBuilt(
  tool: string,
  binary: string,
  stamp: string,
  log: ProvisionLog,
  build: (go: string, output: string) => Promise<void>,
): Promise<string> {
  const stampFile = `${binary}.stamp`;
  if (existsSync(binary) && (await readFile(stampFile, 'utf8').catch(() => '')) === stamp) return binary;

  const go = findGo();
  if (!go) throw new ToolUnavailableError(tool, 'no Go toolchain on PATH to build it from source');
  await mkdir(path.dirname(binary), { recursive: true });
  const output = `${binary}.${process.pid}.partial`;
  const started = Date.now();
  log(
    `Building ${tool} from source (${stamp.slice(0, 60)}); a cold build takes a few minutes on two cores...`,
  );
  try {
    await build(go, output);
  } catch (error) {
    await rm(output, { force: true });
    const stderr = (error as { stderr?: string }).stderr ?? String(error);
    throw new ToolUnavailableError(tool, `the Go build failed:\n${stderr.split('\n').slice(-15).join('\n')}`);
  }
  await rename(output, binary);
  await writeFile(stampFile, stamp);
  log(`Built ${tool} in ${((Date.now() - started) / 1000).toFixed(1)} s → ${binary}`);
  return binary;
}

function findGo(): string | undefined {
  const candidates = [...executableSearchPath().map((dir) => path.join(dir, 'go')), '/usr/local/go/bin/go'];
  return candidates.find((candidate) => existsSync(candidate));
}

/** Every file the Go build reads, in a stable order, so any change to the module rebuilds it. */
async function goModuleFiles(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter((file) => /\.go$|^go\.(mod|sum)$/.test(file)).sort();
}

async function sourceStamp(dir: string, files: readonly string[]): Promise<string> {
  const hash = createHash('sha256');
  for (const file of files) hash.update(await readFile(path.join(dir, file)));
  return `tools/ferretdb sha256:${hash.digest('hex')}`;
}
