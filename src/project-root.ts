import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * The repository (or installed package) root: the nearest folder above this file with a package.json.
 * The same whether running from TypeScript sources (src/) or compiled output (dist/src/).
 */
function findProjectRoot(start: string): string {
  let dir = start;
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${start}`);
    dir = parent;
  }
  return dir;
}

export const PROJECT_ROOT = findProjectRoot(__dirname);
