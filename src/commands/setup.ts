/**
 * `arlo-sync setup [--dry-run] [--platform <name>]`: see src/onboarding/run-setup.ts. Everything secret
 * comes from the environment or files (src/config/), never from these options.
 */
import { createInterface } from 'node:readline/promises';

import type { Config } from '../config';
import { BULK_RESOURCE_TYPES } from '../domain/resource-types';
import { runSetup } from '../onboarding/run-setup';
import { runBulk } from './bulk';

export interface SetupCommandOptions {
  readonly dryRun?: boolean;
  readonly platform?: string;
  /** Answer yes to the bulk-load offer (for scripts). */
  readonly yes?: boolean;
  /** Start (true) or skip (false) the initial bulk load without asking. */
  readonly bulk?: boolean;
}

export async function setupCommand(
  config: Config,
  options: SetupCommandOptions,
  write: (line: string) => void,
): Promise<void> {
  const dryRun = options.dryRun ?? false;
  const result = await runSetup(
    config,
    { dryRun, ...(options.platform ? { platform: options.platform } : {}) },
    { write },
  );
  const bulkCommand = `arlo-sync bulk start --platform ${result.platform} --type all`;
  if (dryRun) {
    write(`→ Would offer the initial bulk load (${bulkCommand})`);
    return;
  }
  if (!(await wantsBulkLoad(options))) {
    write(`- Initial bulk load not started; start it any time with: ${bulkCommand}`);
    return;
  }
  const walks = { platform: result.platform, type: [...BULK_RESOURCE_TYPES] };
  await runBulk(config, 'start', walks, write);
  // On a terminal, follow the walks with live progress bars; Ctrl-C stops watching, not the walks.
  if (process.stdout.isTTY) await runBulk(config, 'status', walks, write);
}

/** --bulk / --no-bulk decide; --yes means yes; otherwise ask on a terminal and say no elsewhere. */
async function wantsBulkLoad(options: SetupCommandOptions): Promise<boolean> {
  if (options.bulk !== undefined) return options.bulk;
  if (options.yes) return true;
  if (!process.stdin.isTTY) return false;
  const prompt = createInterface({ input: process.stdin, output: process.stdout });
  try {
    const answer = await prompt.question('Start the initial bulk load of every collection now? [y/N] ');
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    prompt.close();
  }
}
