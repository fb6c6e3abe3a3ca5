/**
 * `npm run build`'s second step, after `tsc`: bundles the compiled workflow code into
 * `dist/workflow-bundle.js` for the worker (./workflow-bundle.ts), unless the bundle there was built from
 * the same sources already. Silent when it succeeds, as `tsc` is.
 */
import { compiledOutput, refreshWorkflowBundle } from './workflow-bundle';

async function main(): Promise<void> {
  const files = compiledOutput();
  if (files === undefined) {
    throw new Error('run the compiled file after `tsc`: node dist/src/temporal/write-workflow-bundle.js');
  }
  await refreshWorkflowBundle(files);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`arlo-sync build: the workflow bundle was not written: ${String(error)}\n`);
    process.exit(1);
  });
}
