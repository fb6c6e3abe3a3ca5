/**
 * docker-compose.yml and the production lane (`npm run test:production`, src/devstack/production-lane)
 * must run the same things: the same Temporal server version, its schema tool of the same version, the
 * same PostgreSQL major version and shard count, the same schema script and the same setup command, and
 * the server configured through the same template variables and dynamic configuration. The lane is what actually runs here; this
 * fails when the compose file drifts from it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { parse } from 'yaml';

import { SETUP_SCHEMA_SCRIPT } from '../../src/devstack/production-lane/temporal-schema';
import { loadConfig } from '../../src/config';
import { DYNAMIC_CONFIG, serverEnvironment } from '../../src/devstack/production-lane/temporal-server';
import {
  HISTORY_SHARDS,
  POSTGRESQL_MAJOR,
  TEMPORAL_SERVER_PACKAGE,
  TEMPORAL_SERVER_VERSION,
  TEMPORAL_SQL_TOOL_PACKAGE,
} from '../../src/devstack/production-lane/versions';

const root = path.resolve(__dirname, '../..');

interface ComposeService {
  image?: string;
  command?: string[];
  entrypoint?: string[];
  environment?: Record<string, string | number>;
  volumes?: string[];
}

const { services } = parse(readFileSync(path.join(root, 'docker-compose.yml'), 'utf8')) as {
  services: Record<string, ComposeService>;
};
const service = (name: string): ComposeService => {
  const found = services[name];
  if (!found) throw new Error(`docker-compose.yml has no ${name} service`);
  return found;
};

describe('docker-compose.yml against the production lane', () => {
  it('runs the Temporal server version the lane builds', () => {
    expect(service('temporal').image).toBe(`temporalio/server:${TEMPORAL_SERVER_VERSION}`);
    expect(TEMPORAL_SERVER_PACKAGE).toBe(`go.temporal.io/server/cmd/server@v${TEMPORAL_SERVER_VERSION}`);
  });

  it('creates the schema with the schema tool of that same version', () => {
    expect(service('temporal-schema').image).toMatch(
      new RegExp(`^temporalio/admin-tools:${TEMPORAL_SERVER_VERSION.replaceAll('.', '\\.')}-`),
    );
    expect(TEMPORAL_SQL_TOOL_PACKAGE).toBe(`go.temporal.io/server/cmd/tools/sql@v${TEMPORAL_SERVER_VERSION}`);
  });

  it('runs the schema script the lane runs, mounted from the repository', () => {
    const schema = service('temporal-schema');
    const scriptDir = path.relative(root, path.dirname(SETUP_SCHEMA_SCRIPT));
    expect(schema.volumes).toContainEqual(`./${scriptDir}:/deploy:ro`);
    expect(schema.entrypoint).toEqual(['/bin/sh', `/deploy/${path.basename(SETUP_SCHEMA_SCRIPT)}`]);
  });

  it('runs the PostgreSQL major version the lane runs, and the same number of history shards', () => {
    expect(service('postgresql').image).toBe(`postgres:${POSTGRESQL_MAJOR}`);
    expect(String(service('temporal').environment?.NUM_HISTORY_SHARDS)).toBe(String(HISTORY_SHARDS));
  });

  it('configures the server through template variables the lane sets too, with the same plugin', () => {
    const lane = serverEnvironment({ host: '127.0.0.1', port: 5432, user: 'temporal' }, '/dynamic.yaml');
    const composed = service('temporal').environment ?? {};
    for (const name of Object.keys(composed)) {
      expect({ name, setByLane: name in lane }).toEqual({ name, setByLane: true });
    }
    expect(composed.DB).toBe(lane.DB);
  });

  it("gives the server the lane's dynamic configuration: one partition for the default Arlo queue", () => {
    const composed = service('temporal');
    const mounted = `./${path.relative(root, DYNAMIC_CONFIG)}:${String(composed.environment?.DYNAMIC_CONFIG_FILE_PATH)}:ro`;
    expect(composed.volumes).toContain(mounted);

    const dynamic = parse(readFileSync(DYNAMIC_CONFIG, 'utf8')) as Record<
      string,
      Array<{ value: unknown; constraints?: { taskQueueName?: string } }>
    >;
    const arloQueue = loadConfig({}).temporal.arloTaskQueue;
    for (const key of ['matching.numTaskqueueReadPartitions', 'matching.numTaskqueueWritePartitions']) {
      expect({ key, values: dynamic[key] }).toEqual({
        key,
        values: [{ value: 1, constraints: { taskQueueName: arloQueue } }],
      });
    }
  });

  it('registers the namespace and search attributes with the command the lane runs', () => {
    expect(service('temporal-setup').command).toEqual(['node', 'dist/src/cli.js', 'temporal-setup']);
  });
});
