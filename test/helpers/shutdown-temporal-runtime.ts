/**
 * After each integration test file: shut down the Temporal SDK's native Runtime if the file started one.
 * Its Rust threads are invisible to Jest's open-handle detection but keep the Jest worker process alive,
 * which Jest then force-kills ("a worker process has failed to exit gracefully").
 */
import { Runtime } from '@temporalio/worker';

afterAll(async () => {
  const runtime = (Runtime as unknown as { _instance?: Runtime })._instance;
  if (runtime) await runtime.shutdown();
});
