/** `npm run config:docs`: writes .env.example and the README's configuration table from the declarations. */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { PROJECT_ROOT } from '../project-root';
import { renderConfigTable, renderEnvExample, withConfigTable } from './config-docs';

function writeConfigDocs(): void {
  writeFileSync(path.join(PROJECT_ROOT, '.env.example'), renderEnvExample());
  const readme = path.join(PROJECT_ROOT, 'README.md');
  writeFileSync(readme, withConfigTable(readFileSync(readme, 'utf8'), renderConfigTable()));
}

if (require.main === module) writeConfigDocs();
