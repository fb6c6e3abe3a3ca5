// @ts-check
/**
 * The architecture's import rules (ARCHITECTURE.md, "What may import what"), as ESLint flat-config
 * blocks. Kept apart from eslint.config.js so test/unit/lint-boundaries.test.ts can prove each rule
 * fires, without type information.
 */

// ESLint replaces (does not merge) a rule's options when two blocks match one file, so each folder
// below gets exactly one no-restricted-imports block carrying all of its restrictions. Rules of the
// form "folder A is imported only by B" are zones of import-x/no-restricted-paths, in one block.

const importX = require('eslint-plugin-import-x');

/** All code except the src/ folders (and top-level src/ files) that `allowed` names: a zone's target. */
function allCodeBut(folders, files = []) {
  return [
    `./src/!(${folders.join('|')})/**`,
    files.length > 0 ? `./src/!(${files.join('|')}).ts` : './src/*.ts',
    './activities/**',
    './workflows/**',
  ];
}

const FAST_XML_PARSER_ONLY_IN_ARLO = {
  name: 'fast-xml-parser',
  message: 'Only src/arlo/ (the client) and src/simulator/ (the fake Arlo) parse XML; use src/arlo/.',
};
const FAST_XML_VALIDATOR_ONLY_IN_ARLO = { ...FAST_XML_PARSER_ONLY_IN_ARLO, name: 'fast-xml-validator' };

const WORKFLOW_SANDBOX_MESSAGE =
  'workflows/ runs in the deterministic Temporal sandbox: import only @temporalio/workflow, src/domain/ ' +
  'and activity *types* (import type). Put I/O in an activity.';

/** @type {import('eslint').Linter.Config[]} */
module.exports = [
  {
    files: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              // Anything but these: @temporalio/workflow, siblings, src/domain, activities (types, below).
              regex: '^(?!@temporalio/workflow$|\\./|\\.\\./src/domain(/|$)|\\.\\./activities(/|$))',
              message: WORKFLOW_SANDBOX_MESSAGE,
            },
            {
              group: ['../activities', '../activities/**'],
              allowTypeImports: true,
              message: 'Import activities as types only (import type) and call them through proxyActivities.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!\\./|@temporalio/common$)',
              message:
                'src/domain/ is pure and sandbox-safe: no Node modules, no I/O libraries, no other src/ folders.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['activities/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              // From activities/ itself and from its subfolders (activities/push/, ...).
              group: ['../workflows', '../workflows/**', '../../workflows', '../../workflows/**'],
              message: 'activities/ must never import workflows/.',
            },
            {
              group: ['@temporalio/workflow'],
              message: 'activities/ run outside the sandbox: use @temporalio/activity.',
            },
          ],
          paths: [FAST_XML_PARSER_ONLY_IN_ARLO, FAST_XML_VALIDATOR_ONLY_IN_ARLO],
        },
      ],
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/arlo/**', 'src/simulator/**', 'src/domain/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [FAST_XML_PARSER_ONLY_IN_ARLO, FAST_XML_VALIDATOR_ONLY_IN_ARLO] },
      ],
    },
  },
  {
    files: ['src/metrics/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!\\./|\\.\\./domain(/|$)|prom-client$)',
              message:
                'src/metrics/ imports only prom-client and src/domain/, so whatever records a metric stays light.',
            },
          ],
        },
      ],
    },
  },
  {
    // The consumer's client: an external system copies or imports it without the rest of arlo-sync.
    files: ['src/feed/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!\\./|\\.\\./domain(/|$)|standardwebhooks$|node:)',
              message:
                "src/feed/ is the external system's client: it imports only src/domain/, standardwebhooks and Node built-ins.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/**/*.ts', 'activities/**/*.ts', 'workflows/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver': { node: { extensions: ['.ts', '.js'] } } },
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            {
              target: allCodeBut(['commands', 'bench']),
              from: './src/bench',
              message: 'src/bench/ is a tool of the CLI: only src/commands/ imports it.',
            },
            {
              // src/bench/: the production-lane benchmark runs the chaos run's stack, without faults.
              target: allCodeBut(['commands', 'chaos', 'bench']),
              from: './src/chaos',
              message: 'src/chaos/ is a tool of the CLI: only src/commands/ and src/bench/ import it.',
            },
            {
              target: './src/push',
              from: './src/http',
              message: 'src/push/ is the push itself; what serves it over HTTP belongs to src/http/.',
            },
            {
              target: allCodeBut(['bench'], ['cli']),
              from: ['./src/server.ts', './src/worker.ts'],
              message:
                'server.ts and worker.ts are entry points: only src/cli.ts (which runs them) and src/bench/ ' +
                '(which runs them in-process) import them.',
            },
            {
              target: allCodeBut(['commands', 'onboarding', 'doctor']),
              from: './src/onboarding',
              message:
                'src/onboarding/ serves `arlo-sync setup` (src/commands/setup.ts) and the doctor only.',
            },
            {
              target: allCodeBut(['commands', 'doctor']),
              from: './src/doctor',
              message: 'src/doctor/ serves `arlo-sync doctor` (src/commands/doctor.ts) only.',
            },
            {
              target: './src/arlo',
              from: './src/metrics',
              except: ['./arlo-call-observation.ts'],
              message:
                'The Arlo client knows only src/metrics/arlo-call-observation.ts (a type and a label), never prom-client.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/**/*.ts', 'activities/**/*.ts', 'workflows/**/*.ts'],
    ignores: ['src/config/**'],
    rules: {
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message:
            'Only src/config/ reads process.env: declare the variable in src/config/variables/ and add a field to Config.',
        },
      ],
    },
  },
  {
    // The benchmarks' own workflows run in the same sandbox (after the src/ block above, which they replace).
    files: ['src/bench/*-workflow.ts', 'src/bench/*-workflows.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!@temporalio/workflow$|\\.\\./domain(/|$))',
              message:
                'A benchmark workflow runs in the deterministic Temporal sandbox: import only ' +
                '@temporalio/workflow and src/domain/.',
            },
          ],
        },
      ],
    },
  },
];
