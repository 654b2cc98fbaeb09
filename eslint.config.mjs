// Lint rules. Orchestrations get extra rules: they are replayed, so they must be deterministic and do no I/O.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.hybrid-connection/**', 'test/fixtures/**/*.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: {
        require: 'readonly',
        module: 'writable',
        process: 'readonly',
        __dirname: 'readonly',
        console: 'readonly',
      },
    },
    rules: { ...tseslint.configs.disableTypeChecked.rules, '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['orchestrations/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({
            name,
            message: 'Orchestrations are replayed: no Node built-ins or I/O.',
          })),
          patterns: [
            {
              group: ['@azure/arm-*', '@azure/identity', '@azure/keyvault-*', '@azure/eventgrid'],
              message: 'Orchestrations do no I/O: call an activity.',
            },
            {
              group: ['**/activities/*', '!**/activities/contracts'],
              allowTypeImports: true,
              message: 'Import the activity contract only (names and types).',
            },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
          message: 'Use context.df.currentUtcDateTime.',
        },
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'Use context.df.currentUtcDateTime.',
        },
        {
          selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']",
          message: 'Use context.df.newGuid() or a seeded value from input.',
        },
        {
          selector: 'CallExpression[callee.name=/^(setTimeout|setInterval|setImmediate)$/]',
          message: 'Use context.df.createTimer.',
        },
      ],
    },
  },
  prettier,
);
