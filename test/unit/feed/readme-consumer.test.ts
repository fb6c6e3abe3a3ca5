/**
 * README's "A complete consumer" is code the external system's developers copy. It must compile as it
 * stands, under `strict`, against the change feed's client as the built package exposes it
 * (`arlo-sync/dist/src/feed`, whose declarations tsconfig.build.json emits), here mapped to its source.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import ts from 'typescript';

const ROOT = path.resolve(__dirname, '../../..');

function readmeConsumer(): string {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('**A complete consumer.**'));
  const match = /```ts\n([\s\S]*?)```/.exec(section);
  if (!match?.[1]) throw new Error('README.md has no ```ts block after "A complete consumer."');
  return match[1];
}

it("README's change-feed consumer compiles under strict against the feed client's types", () => {
  const code = readmeConsumer();
  expect(code).toContain("from 'arlo-sync/dist/src/feed'");
  const file = path.join(ROOT, 'readme-consumer.ts');
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    target: ts.ScriptTarget.ES2022,
    esModuleInterop: true,
    types: ['node'],
    baseUrl: ROOT,
    paths: { 'arlo-sync/dist/src/feed': ['src/feed/index.ts'] },
  };
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  host.readFile = (name) => (path.resolve(name) === file ? code : readFile(name));
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => path.resolve(name) === file || fileExists(name);
  const program = ts.createProgram([file], options, host);
  const problems = ts
    .getPreEmitDiagnostics(program)
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  expect(problems).toEqual([]);
});
