/**
 * Starts one real Temporal dev server and one real FerretDB for the whole integration run (or uses the
 * servers named by TEMPORAL_ADDRESS / MONGODB_URI), and hands their addresses to every test file through
 * environment variables, which Jest's worker processes inherit. Also compiles dist/ once, for the tests
 * that run the compiled commands.
 */
import { loadConfig, maskCredentials } from '../../src/config';
import { startLocalStack, type LocalStack } from '../../src/devstack/local-stack';
import { buildDist } from './build-dist';

declare global {
  var __ARLO_SYNC_TEST_STACK__: LocalStack | undefined;
}

export default async function globalSetup(): Promise<void> {
  const config = loadConfig();
  const startedAt = Date.now();
  const [stackStart, build] = await Promise.allSettled([
    startLocalStack(config, {
      mode: 'ephemeral',
      log: (message) => process.stderr.write(`[test stack] ${message}\n`),
    }),
    buildDist(),
  ]);
  if (build.status === 'rejected') {
    // Leave no server behind when the build failed.
    if (stackStart.status === 'fulfilled') await stackStart.value.stop();
    throw build.reason;
  }
  if (stackStart.status === 'rejected') throw stackStart.reason;
  const stack = stackStart.value;
  globalThis.__ARLO_SYNC_TEST_STACK__ = stack;
  process.env.TEMPORAL_ADDRESS = stack.temporalAddress;
  process.env.MONGODB_URI = stack.mongoUri;
  process.stderr.write(
    `\n[test stack] Temporal ${stack.embedded.temporal ? 'dev server (embedded)' : 'server (explicit)'} at ` +
      `${stack.temporalAddress}; MongoDB-protocol ${stack.embedded.mongo ? 'FerretDB (embedded)' : 'server (explicit)'} ` +
      `at ${maskCredentials(stack.mongoUri)}; ready in ${Date.now() - startedAt} ms\n`,
  );
}
