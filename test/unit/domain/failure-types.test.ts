/**
 * The failure types are named once (src/domain/failure-types.ts). The Arlo ones are the client's error
 * class names, which the activities' error helper turns into failure types: the list, the classes and
 * the README's operator guide must not drift apart.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import * as arloErrors from '../../../src/arlo/errors';
import { XmlWriteError } from '../../../src/arlo/xml-writer';
import { ARLO_FAILURE_TYPES, FAILURE_TYPES } from '../../../src/domain/failure-types';

function arloErrorClassNames(): string[] {
  return Object.values(arloErrors)
    .filter(
      (exported): exported is typeof arloErrors.ArloError =>
        typeof exported === 'function' &&
        exported.prototype instanceof arloErrors.ArloError &&
        exported !== arloErrors.ArloError,
    )
    .map((errorClass) => errorClass.name);
}

it('names every Arlo client error class as a failure type, and nothing else', () => {
  expect(Object.values(ARLO_FAILURE_TYPES).sort()).toEqual(arloErrorClassNames().sort());
});

it('names the unwritable-XML failure as the error that causes it', () => {
  expect(FAILURE_TYPES.unwritableXml).toBe(new XmlWriteError('x').name);
});

it('gives every failure type a distinct name', () => {
  const all = [...Object.values(FAILURE_TYPES), ...Object.values(ARLO_FAILURE_TYPES)];
  expect(new Set(all).size).toBe(all.length);
});

it("lists every failure type, and nothing else, in the README's operator guide", () => {
  const readme = readFileSync(path.resolve(__dirname, '../../../README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('### Failure types'), readme.indexOf('## Pushing to Arlo'));
  const documented = [...section.matchAll(/^\| `(\w+)` +\|/gm)].map((m) => m[1]);
  const named = [...Object.values(FAILURE_TYPES), ...Object.values(ARLO_FAILURE_TYPES)];
  expect([...documented].sort()).toEqual([...named].sort());
});
