/**
 * The webhook signing key on disk, where the service reads it (src/config/: ARLO_WEBHOOK_KEYS_FILE or
 * `<data dir>/secrets/<platform>.webhook-key`). Written owner-only (0600, folder 0700) and atomically
 * (temporary file, then rename), so a reader never sees half a key.
 */
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { access, chmod, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { OnboardingError } from './onboarding-error';

/**
 * Fails now if the key could not be stored later. Arlo shows a key only once, at registration, so
 * setup checks this BEFORE registering: a key that cannot be stored would be lost.
 */
export async function assertKeyFileWritable(file: string): Promise<void> {
  const folder = path.dirname(file);
  try {
    await mkdir(folder, { recursive: true, mode: 0o700 });
    await access(folder, constants.W_OK);
  } catch (error) {
    throw new OnboardingError(
      `cannot store the webhook key in ${file} (${(error as NodeJS.ErrnoException).code ?? String(error)}): set ARLO_WEBHOOK_KEYS_FILE to a writable path`,
    );
  }
}

export async function writeKeyFile(file: string, key: string): Promise<void> {
  await assertKeyFileWritable(file);
  const temporary = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(temporary, `${key}\n`, { mode: 0o600, flag: 'wx' });
    await chmod(temporary, 0o600); // the umask may have narrowed it further, never widened: be explicit
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
