#!/usr/bin/env node
// The `arlo-sync` command (`npx arlo-sync <command>` in this folder): runs the compiled CLI, or says
// how to build it, instead of the shell's bare "arlo-sync: not found" before the first build.
const { existsSync } = require('node:fs');
const path = require('node:path');
const process = require('node:process');

const root = path.join(__dirname, '..');
const cli = path.join(root, 'dist', 'src', 'cli.js');
if (!existsSync(cli)) {
  process.stderr.write(
    `arlo-sync is not built yet: run \`npm run build\` in ${root} (\`npm start\` builds it too).\n`,
  );
  process.exit(1);
}
void require(cli).main(process.argv);
