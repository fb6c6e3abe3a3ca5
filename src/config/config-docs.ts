/**
 * .env.example and the README's configuration table, rendered from the variable declarations, so the
 * documentation cannot drift from what is read. `npm run config:docs` writes both;
 * test/unit/config/config-docs.test.ts fails when either differs from what is rendered here.
 */
import { GROUPS, VARIABLE_NAMES, VARIABLES, type VariableDeclaration, type VariableGroup } from './variables';

const ENV_EXAMPLE_HEADER = `# arlo-sync configuration. Generated from src/config/variables/ by \`npm run config:docs\`: edit those.
# Copy to .env: \`npm start\` and the arlo-sync CLI read .env from the current directory, under the real
# environment (a variable set in both: the environment wins); docker compose hands it to its containers.
# Every variable is optional: with none set, \`npm start\` runs on embedded defaults (local Temporal with
# its Web UI, FerretDB as the MongoDB-protocol store, and the Arlo simulator when no Arlo is configured).
# An empty value counts as not set. Secrets may also be given as NAME_FILE=/path/to/file (container
# secrets); never on the command line.
`;

function namesOf(group: VariableGroup) {
  return VARIABLE_NAMES.filter((name) => VARIABLES[name].group === group);
}

const COMMENT_WIDTH = 108;

/** `# ` lines, wrapped at word boundaries. */
function comment(text: string): string {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '#';
    for (const word of paragraph.split(' ')) {
      if (line.length > 1 && line.length + 1 + word.length > COMMENT_WIDTH) {
        lines.push(line);
        line = '#';
      }
      line += ` ${word}`;
    }
    lines.push(line);
  }
  return lines.join('\n');
}

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

function secretNote(name: string, declaration: VariableDeclaration, code = (s: string) => s): string {
  if (!declaration.secret) return '';
  return declaration.secretFile === false ? ' (secret)' : ` (secret; or ${code(`${name}_FILE`)})`;
}

export function renderEnvExample(): string {
  const sections = (Object.keys(GROUPS) as VariableGroup[]).map((group) => {
    const lines = [`# --- ${GROUPS[group]} ---`];
    for (const name of namesOf(group)) {
      const declaration: VariableDeclaration = VARIABLES[name];
      lines.push(comment(`${capitalised(declaration.description)}${secretNote(name, declaration)}.`));
      if (declaration.details) lines.push(comment(declaration.details));
      if (declaration.defaultText && declaration.default === undefined) {
        lines.push(comment(`When empty: ${declaration.defaultText.replace(/`/g, '')}.`));
      }
      lines.push(`${name}=${declaration.default ?? ''}`);
    }
    return lines.join('\n');
  });
  return `${ENV_EXAMPLE_HEADER}\n${sections.join('\n\n')}\n`;
}

/** The table's rows: variable, default, meaning (cells as Markdown). */
export function configTableRows(): string[][] {
  return VARIABLE_NAMES.map((name) => {
    const declaration: VariableDeclaration = VARIABLES[name];
    const defaultCell =
      declaration.defaultText ?? (declaration.default !== undefined ? `\`${declaration.default}\`` : '');
    return [
      `\`${name}\``,
      defaultCell,
      `${declaration.description}${secretNote(name, declaration, (s) => `\`${s}\``)}`,
    ];
  });
}

/** A Markdown table aligned as Prettier aligns it, so `npm run format:check` accepts it as written. */
export function renderConfigTable(): string {
  const rows = [['variable', 'default', 'meaning'], ...configTableRows()];
  const widths = [0, 1, 2].map((column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: readonly string[]) =>
    `| ${cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join(' | ')} |`;
  const [header, ...body] = rows;
  return [line(header ?? []), line(widths.map((width) => '-'.repeat(width))), ...body.map(line)].join('\n');
}

export const TABLE_START =
  '<!-- configuration table: generated from src/config/variables/ by `npm run config:docs` -->';
export const TABLE_END = '<!-- end of the generated configuration table -->';

/** The README with its generated table replaced by `table`. */
export function withConfigTable(readme: string, table: string): string {
  const start = readme.indexOf(TABLE_START);
  const end = readme.indexOf(TABLE_END);
  if (start < 0 || end < start) {
    throw new Error(`README.md has no generated configuration table (${TABLE_START} ... ${TABLE_END})`);
  }
  return `${readme.slice(0, start + TABLE_START.length)}\n\n${table}\n\n${readme.slice(end)}`;
}
