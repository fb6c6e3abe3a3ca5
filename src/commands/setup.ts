/**
 * `arlo-sync setup [--dry-run] [--platform <name>]`: see src/onboarding/run-setup.ts. Everything secret
 * comes from the environment or files (src/config.ts), never from these options.
 */
import type { Config } from '../config';
import { runSetup } from '../onboarding/run-setup';

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
  await runSetup(
    config,
    { dryRun: options.dryRun ?? false, ...(options.platform ? { platform: options.platform } : {}) },
    { write },
  );
}
