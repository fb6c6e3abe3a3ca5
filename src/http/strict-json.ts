/**
 * A push body is UTF-8 JSON, and each key appears once per object. JSON.parse keeps the last of two
 * equal keys, so `{"dryRun":true,"dryRun":false}` reads as a real push
 * while a reviewer (or another parser in front of this one) sees a dry run. A push body with the same key
 * twice in one object is refused instead. jsonc-parser's visitor reports every key as written (escapes
 * decoded, so `"dry\u0052un"` counts as `dryRun`); JSON.parse still does the parsing.
 */
import { visit } from 'jsonc-parser';

export type StrictJson =
  { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly problem: string };

/** Refuses bytes that are not UTF-8, instead of reading them as U+FFFD into a value Arlo would keep. */
const utf8 = new TextDecoder('utf-8', { fatal: true });

export function parseStrictJson(body: Uint8Array | string): StrictJson {
  let text: string;
  try {
    text = typeof body === 'string' ? body : utf8.decode(body);
  } catch {
    return { ok: false, problem: 'the body is not valid UTF-8' };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, problem: 'the body is not valid JSON' };
  }
  let duplicate: string | undefined;
  try {
    duplicate = firstDuplicateKey(text);
  } catch (error) {
    // The visitor recurses per level; a body nested thousands deep is no push body anyway.
    if (error instanceof RangeError) return { ok: false, problem: 'the body is nested too deeply' };
    throw error;
  }
  if (duplicate !== undefined) {
    return { ok: false, problem: `${duplicate} appears twice in one object; send each key once` };
  }
  return { ok: true, value };
}

/** `dryRun`, `fields.FirstName`: the first key written twice in one object, with where it sits. */
function firstDuplicateKey(text: string): string | undefined {
  const objects: Set<string>[] = [];
  let found: string | undefined;
  visit(
    text,
    {
      onObjectBegin: () => {
        objects.push(new Set());
      },
      onObjectEnd: () => {
        objects.pop();
      },
      onObjectProperty: (property, _offset, _length, _line, _column, pathSupplier) => {
        const keys = objects.at(-1);
        if (found !== undefined || keys === undefined) return;
        if (keys.has(property)) found = [...pathSupplier(), property].map(String).join('.');
        keys.add(property);
      },
    },
    { disallowComments: true, allowTrailingComma: false },
  );
  return found === undefined ? undefined : JSON.stringify(found);
}
