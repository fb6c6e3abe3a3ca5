import { readFileSync } from 'node:fs';
import path from 'node:path';

const FIXTURES = path.resolve(__dirname, '../fixtures/arlo');

/** A file of test/fixtures/arlo/ (see its README for which are verbatim from the guides). */
export function arloFixture(name: string): string {
  return readFileSync(path.join(FIXTURES, name), 'utf8');
}

/** Compare XML documents "modulo whitespace": between tags, and before `/>`. */
export function withoutInsignificantWhitespace(xml: string): string {
  return xml
    .replace(/>\s+</g, '><')
    .replace(/\s+\/>/g, '/>')
    .trim();
}
