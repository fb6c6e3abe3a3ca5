// @ts-check
/**
 * The architecture's import rules (ARCHITECTURE.md, "What may import what"), as ESLint flat-config
 * blocks. Kept apart from eslint.config.js so test/unit/lint-boundaries.test.ts can prove each rule
 * fires, without type information.
 */

// ESLint replaces (does not merge) a rule's options when two blocks match one file, so each folder
// below gets exactly one no-restricted-imports block carrying all of its restrictions.

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
              group: ['../workflows', '../workflows/**'],
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
];
