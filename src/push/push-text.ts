/**
 * The one check every string of a push passes: a value Arlo will receive inside XML must be text XML 1.0
 * can carry. NUL, most C0 controls, lone surrogates and U+FFFE/U+FFFF cannot be written at all, so a push
 * holding one would fail part-way through (the record POSTed, its IntegrationData PUT refused). Refusing
 * it in the request schema, with the field named, means nothing is written. The rule is the XML writer's
 * own (`findUnwritableChar`), so the two cannot disagree.
 */
import { z } from 'zod';

import { findUnwritableChar } from '../arlo/xml-writer';

/** The message of a refused string; also used for keys (custom field names), which become XML text too. */
export function unwritableProblem(value: string): string | undefined {
  const code = findUnwritableChar(value);
  return code === undefined
    ? undefined
    : `contains ${code}, which XML 1.0 (and so Arlo) cannot hold; remove that character and send again`;
}

/**
 * A string checked for XML 1.0 first, on the value exactly as sent, then by `schema` (which may
 * transform it: z.url trims surrounding whitespace, and a vertical tab is whitespace to it).
 */
export function xmlText<S extends z.ZodType<string, string>>(schema: S) {
  return z
    .string()
    .superRefine((value, ctx) => {
      const problem = unwritableProblem(value);
      if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
    })
    .pipe(schema);
}

/**
 * Every string in `value` (keys included) XML cannot hold, as `path: problem`. The typed client checks a
 * push with it, so a caller that skips the request schema (the CLI, the pull side, a library user) cannot
 * start a push that would fail half-way either.
 */
export function unwritableStrings(value: unknown, path = '(push)'): string[] {
  if (typeof value === 'string') {
    const problem = unwritableProblem(value);
    return problem === undefined ? [] : [`${path}: ${problem}`];
  }
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, inner]) => {
    const at = Array.isArray(value) ? `${path}[${key}]` : `${path}.${key}`;
    const keyProblem = unwritableProblem(key);
    return [
      ...(keyProblem === undefined ? [] : [`${at} (the name): ${keyProblem}`]),
      ...unwritableStrings(inner, at),
    ];
  });
}
