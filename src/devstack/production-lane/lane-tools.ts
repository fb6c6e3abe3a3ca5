/**
 * Provisions what the production lane runs besides the embedded tools, cached the same way (a stamp file
 * next to each binary in the tools folder):
 *  - the Temporal server and its SQL schema tool, built from `go.temporal.io/server` with the machine's Go
 *    toolchain, and the server's configuration template from the same module: `config/docker.yaml`, the
 *    template the `temporalio/server` image renders; so the lane configures the server exactly as the
 *    compose file does, through the template's environment variables (the dynamic configuration is the
 *    compose file's too: deploy/temporal/dynamicconfig.yaml);
 *  - PostgreSQL, which is not built: it is Debian's `postgresql-15` package, found where Debian puts it.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

import { childProcessEnv } from '../../config';
import { ensureBuilt, type ProvisionLog } from '../tools';
import {
  POSTGRESQL_MAJOR,
  TEMPORAL_SERVER_MODULE,
  TEMPORAL_SERVER_PACKAGE,
  TEMPORAL_SERVER_VERSION,
  TEMPORAL_SQL_TOOL_PACKAGE,
} from './versions';

const run = promisify(execFile);

export interface TemporalServerTools {
  readonly server: string;
  readonly sqlTool: string;
  /** The server's `--root`: holds `config/docker.yaml` (run with `--env docker`). */
  readonly root: string;
}

function temporalServerToolPaths(toolsDir: string): TemporalServerTools {
  const root = path.join(toolsDir, `temporal-server-${TEMPORAL_SERVER_VERSION}`);
  return {
    root,
    server: path.join(root, 'bin', 'temporal-server'),
    sqlTool: path.join(root, 'bin', 'temporal-sql-tool'),
  };
}

const CONFIG_TEMPLATE = path.join('config', 'docker.yaml');

export async function ensureTemporalServer(
  toolsDir: string,
  log: ProvisionLog,
): Promise<TemporalServerTools> {
  const paths = temporalServerToolPaths(toolsDir);
  const configFiles = [CONFIG_TEMPLATE];
  // The configuration is written with the server binary; a folder that lost it builds both again.
  if (!configFiles.every((file) => existsSync(path.join(paths.root, file))))
    await rm(`${paths.server}.stamp`, { force: true });
  await ensureBuilt('Temporal server', paths.server, TEMPORAL_SERVER_PACKAGE, log, async (go, output) => {
    await goInstall(go, TEMPORAL_SERVER_PACKAGE, 'server', output);
    const moduleDir = await downloadedModuleDir(go, `${TEMPORAL_SERVER_MODULE}@v${TEMPORAL_SERVER_VERSION}`);
    for (const file of configFiles) {
      await mkdir(path.dirname(path.join(paths.root, file)), { recursive: true });
      await copyFile(path.join(moduleDir, file), path.join(paths.root, file));
    }
  });
  await ensureBuilt('Temporal SQL tool', paths.sqlTool, TEMPORAL_SQL_TOOL_PACKAGE, log, (go, output) =>
    goInstall(go, TEMPORAL_SQL_TOOL_PACKAGE, 'sql', output),
  );
  return paths;
}

/** `go install` into a private GOBIN, then the binary moved to `output` (see ensureTemporalCli). */
async function goInstall(go: string, pkg: string, installedName: string, output: string): Promise<void> {
  const gobin = `${output}.gobin`;
  await mkdir(gobin, { recursive: true });
  try {
    await run(go, ['install', pkg], {
      env: childProcessEnv({ GOBIN: gobin, CGO_ENABLED: '0' }),
      maxBuffer: 16 * 1024 * 1024,
    });
    await rename(path.join(gobin, installedName), output);
  } finally {
    await rm(gobin, { recursive: true, force: true });
  }
}

/** Where the Go module cache holds `module@version` (downloaded already by the install before it). */
async function downloadedModuleDir(go: string, moduleAtVersion: string): Promise<string> {
  const { stdout } = await run(go, ['mod', 'download', '-json', moduleAtVersion], {
    env: childProcessEnv({}),
    maxBuffer: 16 * 1024 * 1024,
  });
  const dir = (JSON.parse(stdout) as { Dir?: unknown }).Dir;
  if (typeof dir !== 'string') throw new Error(`go mod download named no folder for ${moduleAtVersion}`);
  return dir;
}

export class PostgresUnavailableError extends Error {
  constructor(missing: string) {
    super(
      `PostgreSQL ${POSTGRESQL_MAJOR} is not installed here (${missing} is missing). The production lane ` +
        `runs Debian's package: \`apt-get install -y postgresql-${POSTGRESQL_MAJOR}\` (as root), then run it again.`,
    );
    this.name = 'PostgresUnavailableError';
  }
}

/** The folder of Debian's PostgreSQL binaries (initdb, postgres, createdb, pg_isready). */
export function postgresBinDir(): string {
  const dir = `/usr/lib/postgresql/${POSTGRESQL_MAJOR}/bin`;
  for (const binary of ['initdb', 'postgres', 'createdb']) {
    if (!existsSync(path.join(dir, binary))) throw new PostgresUnavailableError(path.join(dir, binary));
  }
  return dir;
}
