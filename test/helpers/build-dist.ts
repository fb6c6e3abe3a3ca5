/**
 * Compiles the project into dist/ once per integration run, before any test file starts. The tests of
 * `arlo-sync up`, `setup` and the chaos run start compiled code as the README's commands do; when each
 * file built dist/ itself, one file's build rewrote files another file's child processes were loading.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = path.resolve(__dirname, '../..');

/** As `npm run build`: tsc, then the workflow bundle the compiled worker loads. */
export async function buildDist(): Promise<void> {
  await run(
    process.execPath,
    [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
    {
      cwd: root,
    },
  );
  await run(process.execPath, [path.join(root, 'dist/src/temporal/write-workflow-bundle.js')], { cwd: root });
}
