/**
 * docker-compose.yml cannot be started on machines without a Docker engine, so this keeps it honest
 * statically: it parses, every dependency names a service, the app services run entry points that
 * exist, and every variable the app reads is documented in .env.example and known to src/config.ts.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { parse } from 'yaml';

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
const configSource = read('src/config.ts');
const envExample = read('.env.example');

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

  it('sets only variables that src/config.ts reads', () => {
    for (const service of Object.values(services).filter((s) => s.build)) {
      for (const name of Object.keys(service.environment ?? {})) expect(configSource).toContain(`'${name}'`);
    }
  });
});

describe('.env.example', () => {
  it('documents every variable src/config.ts reads, and nothing it does not', () => {
    const read = new Set(
      [...configSource.matchAll(/(?:read|readSecret)\(\s*c,\s*'([A-Z0-9_]+)'|env\.([A-Z0-9_]+)/g)].map(
        (m) => m[1] ?? m[2],
      ),
    );
    read.delete('CI');
    read.delete('PATH');
    const documented = new Set([...envExample.matchAll(/^([A-Z0-9_]+)=/gm)].map((m) => m[1]));
    for (const name of read)
      expect({ name, documented: documented.has(name) }).toEqual({ name, documented: true });
    for (const name of documented) {
      if (name?.startsWith('TEMPORAL_') && !read.has(name)) continue; // Temporal's own env config.
      expect({ name, read: read.has(name) }).toEqual({ name, read: true });
    }
  });
});
