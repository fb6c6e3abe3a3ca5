/**
 * Field types of the configuration, shared by the variable declarations (src/config/variables/) and the
 * entries of ARLO_PLATFORMS_FILE. Each parses the variable's text; messages say what is expected.
 */
import path from 'node:path';

import ConnectionString from 'mongodb-connection-string-url';
import { z } from 'zod';

import { PROJECT_ROOT } from '../project-root';

/**
 * A whole number written in decimal digits. JavaScript's own reading would also take `0x10` (16), `1e3`
 * (1000) or ` ` (0), which nobody means in a port or a batch size; those are refused, not read.
 */
const wholeNumber = z
  .string()
  .trim()
  .regex(/^\d+$/, 'must be a whole number written in digits, e.g. 25')
  .transform(Number);

/** A whole number between min and max (inclusive). */
export const intBetween = (min: number, max: number) =>
  wholeNumber.pipe(z.number().min(min, `must be ${min} to ${max}`).max(max, `must be ${min} to ${max}`));
export const wholeNumberFrom = (min: number) =>
  wholeNumber.pipe(z.number().min(min, `must be ${min} or more`));
export const port = intBetween(0, 65535);
export const positiveInt = wholeNumberFrom(1);
export const nonEmpty = z.string().min(1);

/** A number written in decimal (a fraction allowed), `min` or more. */
export const decimalFrom = (min: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+(\.\d+)?$/, 'must be a number written in digits, e.g. 2 or 0.5')
    .transform(Number)
    .pipe(z.number().min(min, `must be ${min} or more`));

/** `true` or `false`, exactly: a `1`, `yes` or `TRUE` is refused rather than read as either. */
export const trueOrFalse = z
  .enum(['true', 'false'], { message: 'must be true or false' })
  .transform((value) => value === 'true');

/** Bearer tokens: a comma-separated list, each long enough not to be guessed. */
export const bearerTokens = z
  .string()
  .transform(list)
  .pipe(z.array(z.string().min(16, 'every token must be at least 16 characters')));

/** A path relative to the project root (or absolute). */
export const projectPath = nonEmpty.transform((p) => path.resolve(PROJECT_ROOT, p));

/** A comma-separated list; blanks around and between items are ignored. */
export function list(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function hasCredentials(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.username !== '' || parsed.password !== '';
  } catch {
    return false;
  }
}

/**
 * An http(s) URL without `user:password@`: credentials in a URL end up wherever the URL is shown, so
 * they have variables of their own (`instead` says which).
 */
export const urlWithoutCredentials = (instead: string, error?: string) =>
  z
    .url({ protocol: /^https?$/, ...(error ? { error } : {}) })
    .refine((u) => !hasCredentials(u), `must not contain a user name or password: ${instead}`);

function isLoopbackUrl(url: string): boolean {
  const host = hostOf(url);
  return (
    host === 'localhost' || host === '[::1]' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host ?? '')
  );
}

export function hostOf(url: string): string | undefined {
  try {
    return new URL(url).hostname;
  } catch {
    return undefined;
  }
}

/** An https URL (http only for a loopback address), without credentials. */
export const httpsOrLoopbackUrl = (instead: string) =>
  urlWithoutCredentials(instead).refine(
    (u) => u.startsWith('https://') || isLoopbackUrl(u),
    'must use https:// (plain http:// only for a loopback address)',
  );

/** The platform's Auth API root; https (http only for loopback, such as the simulator); ends in `/`. */
export const arloBaseUrl = (instead: string) =>
  urlWithoutCredentials(
    instead,
    'must be the Auth API root, e.g. https://demo.arlo.co/api/2012-02-01/auth/resources/',
  )
    .refine(
      (u) => u.startsWith('https://') || isLoopbackUrl(u),
      'must use https:// (plain http:// only for a loopback address such as the simulator)',
    )
    .transform((u) => (u.endsWith('/') ? u : `${u}/`));

export const platformName = z
  .string()
  .regex(
    /^[A-Za-z0-9.-]+$/,
    'must be a host name such as demo.arlo.co (as Arlo sends it in X-Arlo-Platform)',
  );

export const vendorId = z.string().regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ and - only');

const base64Key = z
  .string()
  .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'must be Base64 as Arlo returned it when the endpoint was registered')
  .refine((v) => v.length % 4 === 0, 'Base64 length must be a multiple of 4');

export const webhookKeyList = z
  .array(base64Key)
  .max(2, 'at most two keys (current and next, during rotation)');

/** Parsed by MongoDB's own connection-string parser (the driver's), so a URI accepted here connects. */
export const mongoUri = z.string().superRefine((uri, ctx) => {
  try {
    new ConnectionString(uri);
  } catch (error) {
    // The parser names an unescaped user name in its message; keep everything from the URI out.
    const reason = (error as Error).message.replace(/^(Username contains unescaped characters).*/s, '$1');
    ctx.addIssue({
      code: 'custom',
      message: `not a MongoDB connection string (${reason}); it starts with mongodb:// or mongodb+srv://, and a user name or password holding : / ? # [ ] @ is percent-encoded`,
    });
  }
});
