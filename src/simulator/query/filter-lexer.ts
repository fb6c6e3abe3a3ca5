/**
 * Tokens of Arlo's OData-like `filter` language (api-notes.md, "Collections"): names and navigation
 * paths (`Contact/LastModifiedDateTime`), single-quoted strings (`''` escapes a quote), integers and
 * decimals, parentheses. Keywords (and, or, eq, ...) are names the parser recognises case-insensitively.
 */
import { badRequest } from '../api-error';

export type Token =
  | { readonly kind: 'name'; readonly text: string; readonly position: number }
  | { readonly kind: 'string'; readonly text: string; readonly position: number }
  | { readonly kind: 'number'; readonly text: string; readonly position: number }
  | { readonly kind: '(' | ')' | 'end'; readonly text: string; readonly position: number };

const NAME_START = /[A-Za-z_]/;
const NAME_PART = /[A-Za-z0-9_]/;
const DIGIT = /[0-9]/;

export function filterError(message: string, position: number): Error {
  return badRequest('InvalidFilter', `filter: ${message} (at character ${position + 1})`);
}

export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source.charAt(i);
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
    } else if (c === '(' || c === ')') {
      tokens.push({ kind: c, text: c, position: i });
      i++;
    } else if (c === "'") {
      const start = i;
      let text = '';
      i++;
      for (;;) {
        if (i >= source.length) throw filterError('string literal is not closed with a quote', start);
        const d = source.charAt(i);
        if (d === "'") {
          if (source.charAt(i + 1) === "'") {
            text += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        text += d;
        i++;
      }
      tokens.push({ kind: 'string', text, position: start });
    } else if (DIGIT.test(c) || (c === '-' && DIGIT.test(source.charAt(i + 1)))) {
      const start = i;
      i++;
      while (i < source.length && DIGIT.test(source.charAt(i))) i++;
      if (source.charAt(i) === '.' && DIGIT.test(source.charAt(i + 1))) {
        i++;
        while (i < source.length && DIGIT.test(source.charAt(i))) i++;
      }
      if (NAME_PART.test(source.charAt(i)))
        throw filterError(`malformed number "${source.slice(start, i + 1)}"`, start);
      tokens.push({ kind: 'number', text: source.slice(start, i), position: start });
    } else if (NAME_START.test(c)) {
      const start = i;
      i++;
      while (i < source.length) {
        const d = source.charAt(i);
        if (NAME_PART.test(d)) i++;
        else if (d === '/' && NAME_START.test(source.charAt(i + 1))) i += 2;
        else break;
      }
      tokens.push({ kind: 'name', text: source.slice(start, i), position: start });
    } else {
      throw filterError(`unexpected character ${JSON.stringify(c)}`, i);
    }
  }
  tokens.push({ kind: 'end', text: '', position: source.length });
  return tokens;
}
