/**
 * docker-compose.yml cannot be started on machines without a Docker engine, so this keeps it honest
 * statically: it parses, every dependency names a service, the app services run entry points that
 * exist, and every variable it sets is one arlo-sync reads (declared in src/config/variables/).
 * .env.example is checked against the declarations in test/unit/config/config-docs.test.ts.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { parse } from 'yaml';

import { isReadName } from '../../src/config/variables';

const root = path.resolve(__dirname, '../..');
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');

interface ComposeService {
  image?: string;
  build?: string;
  command?: string[];
  depends_on?: Record<string, unknown> | string[];
  environment?: Record<string, string>;
}

const compose = parse(read('docker-compose.yml')) as { services: Record<string, ComposeService> };

describe('docker-compose.yml', () => {
  const services = compose.services;

  it('gives every service an image or a build, and depends only on defined services', () => {
    for (const [name, service] of Object.entries(services)) {
      expect({ name, runnable: Boolean(service.image ?? service.build) }).toEqual({ name, runnable: true });
      const deps = Array.isArray(service.depends_on)
        ? service.depends_on
        : Object.keys(service.depends_on ?? {});
      for (const dep of deps) expect(Object.keys(services)).toContain(dep);
    }
  });

  it('runs app entry points that exist in the sources', () => {
    for (const service of Object.values(services).filter((s) => s.build)) {
      const entry = service.command?.find((part) => part.startsWith('dist/'));
      expect(entry).toBeDefined();
      const source = entry!.replace(/^dist\//, '').replace(/\.js$/, '.ts');
      expect({ source, exists: existsSync(path.join(root, source)) }).toEqual({ source, exists: true });
    }
  });

  it('sets only variables that arlo-sync reads', () => {
    for (const service of Object.values(services).filter((s) => s.build)) {
      for (const name of Object.keys(service.environment ?? {})) {
        expect({ name, read: isReadName(name) }).toEqual({ name, read: true });
      }
    }
  });
});
