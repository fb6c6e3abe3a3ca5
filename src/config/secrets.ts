/**
 * Secrets may come from `NAME_FILE` (a path, for container secrets) instead of `NAME`; they are never
 * accepted on the command line, so they stay out of shell history.
 */
import { readFileSync } from 'node:fs';

import { quoted } from './mask-credentials';

type SecretText = { readonly text: string } | { readonly problem: string };

/** The secret's text: `NAME` itself, or the contents of `NAME_FILE` (one trailing newline trimmed). */
export function readSecret(name: string, given: { value?: string; file?: string }): SecretText {
  if (given.value !== undefined && given.file !== undefined) {
    return { problem: `${name} and ${name}_FILE are both set: keep one` };
  }
  if (given.file === undefined) return { text: given.value ?? '' };
  try {
    return { text: readFileSync(given.file, 'utf8').replace(/\r?\n$/, '') };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { problem: `${name}_FILE=${quoted(given.file)}: cannot read it (${code})` };
  }
}
