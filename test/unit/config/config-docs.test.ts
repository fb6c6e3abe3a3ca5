/**
 * .env.example and the README's configuration table are rendered from the variable declarations; these
 * tests fail when a variable is declared but not documented, documented but not declared, or described
 * differently in the two places. `npm run config:docs` rewrites both.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { configTableRows, renderEnvExample, TABLE_END, TABLE_START } from '../../../src/config/config-docs';
import { VARIABLE_NAMES } from '../../../src/config/variables';

const root = path.resolve(__dirname, '../../..');
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');
const REGENERATE = 'run `npm run config:docs` after changing src/config/variables/';

/** The rows of the README's generated table, cells trimmed (Prettier may realign them). */
function readmeTableRows(): string[][] {
  const readme = read('README.md');
  const table = readme.slice(readme.indexOf(TABLE_START) + TABLE_START.length, readme.indexOf(TABLE_END));
  return table
    .split('\n')
    .filter((line) => line.startsWith('|'))
    .slice(2) // header and separator
    .map((line) =>
      line
        .slice(1, -1)
        .split(' | ')
        .map((cell) => cell.trim()),
    );
}

describe('.env.example', () => {
  it('is exactly what the declarations render', () => {
    expect({ file: read('.env.example'), hint: REGENERATE }).toEqual({
      file: renderEnvExample(),
      hint: REGENERATE,
    });
  });

  it('sets every declared variable once and nothing else', () => {
    const names = [...read('.env.example').matchAll(/^([A-Z0-9_]+)=/gm)].map((m) => m[1]);
    expect(names).toEqual(VARIABLE_NAMES);
  });
});

describe("the README's configuration table", () => {
  it('lists every declared variable once, in order, and nothing else', () => {
    expect(readmeTableRows().map((row) => row[0])).toEqual(VARIABLE_NAMES.map((name) => `\`${name}\``));
  });

  it('shows the declared default and meaning of each', () => {
    expect({ rows: readmeTableRows(), hint: REGENERATE }).toEqual({
      rows: configTableRows(),
      hint: REGENERATE,
    });
  });
});

describe('the config module', () => {
  /** Every `env.NAME` / `env['NAME']` in src/config/: a variable read without its declaration. */
  function namesReadDirectly(): string[] {
    const dir = path.join(root, 'src/config');
    const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
    return files.flatMap((file) =>
      [...readFileSync(path.join(dir, file), 'utf8').matchAll(/env(?:\.|\[')([A-Z][A-Z0-9_]*)/g)].map(
        (m) => m[1] ?? '',
      ),
    );
  }

  it('reads no variable that is not declared (PATH excepted: it only finds tools)', () => {
    const declared = new Set<string>([...VARIABLE_NAMES, 'PATH']);
    for (const name of namesReadDirectly())
      expect({ name, declared: declared.has(name) }).toEqual({
        name,
        declared: true,
      });
  });
});
