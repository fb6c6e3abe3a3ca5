/**
 * Creates Temporal's persistence and visibility databases with deploy/temporal/setup-schema.sh, the very
 * script the compose file's one-shot `temporal-schema` service runs, here with the provisioned schema tool.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

import { childProcessEnv } from '../../config';
import { PROJECT_ROOT } from '../../project-root';

const run = promisify(execFile);

export const SETUP_SCHEMA_SCRIPT = path.join(PROJECT_ROOT, 'deploy', 'temporal', 'setup-schema.sh');

export interface SchemaTarget {
  readonly sqlTool: string;
  readonly host: string;
  readonly port: number;
  readonly user: string;
}

export async function setUpTemporalSchema(target: SchemaTarget): Promise<void> {
  try {
    await run('sh', [SETUP_SCHEMA_SCRIPT], {
      env: childProcessEnv({
        SQL_TOOL: target.sqlTool,
        POSTGRES_SEEDS: target.host,
        DB_PORT: String(target.port),
        POSTGRES_USER: target.user,
        POSTGRES_PWD: '',
      }),
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    const tail = `${stdout}\n${stderr}`.trim().split('\n').slice(-15).join('\n');
    throw new Error(`Temporal's schema setup (${SETUP_SCHEMA_SCRIPT}) failed:\n${tail}`);
  }
}
