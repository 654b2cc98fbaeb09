// Lint rules. Orchestrations get extra rules: they are replayed, so they must be deterministic and do no I/O. They
// may import only their own folder, two packages and the pure modules listed here; those modules obey the same rules.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

/**
 * What an orchestration may import besides its own folder (`./x`). Every module here is pure: no I/O, no clock, no
 * randomness, no process or environment read when it is called; it imports only others of this list (lint and
 * test/lint/orchestrationDeterminism.test.ts hold it to that). A folder ends with `/` (its index and files).
 */
export const ORCHESTRATION_IMPORTS = {
  packages: {
    'durable-functions': 'the orchestration API itself: context.df, RetryOptions, df.app',
    '@azure/functions': 'types of the invocation context',
  },
  pureModules: {
    'activities/contracts': 'activity names and the types of their inputs and results; no implementation',
    'lib/api/connectionStatus': 'the shapes the API sends, which custom status carries: types and a constant',
    'lib/cloudIds': 'the two cloud ids: constants and a type guard',
    'lib/errors/': 'error classes and the ARM code hint table: constructors only format text',
    'lib/events': 'the event catalog and a CloudEvent builder: ids from names, time handed in by the caller',
    'lib/ipsec': 'IPsec policy constants and comparisons',
    'lib/json': 'the JSON object type guard',
    'lib/naming': 'resource names, tags and instance ids as string functions',
    'lib/resourceKinds': 'the resource kinds: ARM types, names, stages and the teardown order as constants',
    'lib/rotationNames': "the rotation's and its schedule's orchestration names and instance ids as string functions",
    'lib/stages': 'stage names',
    // Not lib/plan itself: its index re-exports bindStamp (lib/settings), the ajv schema validator and parseBody.
    'lib/plan/types': 'plan types and enum constants',
    'lib/plan/connectionPolicy': 'which IPsec policy each connection resource carries, derived from the plan',
    'lib/plan/pairs': 'the pair view of a plan (the hub and one site) and its site names: pure functions',
    'lib/sites/profiles': 'what each kind of site can do: constants and pure functions',
    'activities/preflightContracts': "the pre-flight activities' names and the types of their inputs and results",
    'lib/preflight/checks': 'the check result type and its constructors',
    'lib/preflight/report': 'the preview entry types',
  },
};

const PURE_MODULES = Object.keys(ORCHESTRATION_IMPORTS.pureModules);
/** The specifiers an orchestration (a file directly in orchestrations/) writes for them. */
const ORCHESTRATION_IMPORT_SPECIFIERS = [
  ...Object.keys(ORCHESTRATION_IMPORTS.packages),
  ...PURE_MODULES.map((module) => `../${module.replace(/\/$/, '')}`),
];

function escapeRegex(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const REPLAYED = 'Orchestrations are replayed and must decide the same way every time:';

/** Everything that reads the clock, randomness, the process or the network, or escapes these rules. */
const DETERMINISM_RULES = {
  'no-restricted-globals': [
    'error',
    ...['process', 'Buffer', '__dirname', '__filename'].map((name) => ({
      name,
      message: `${REPLAYED} read settings in an activity, or take them from the input.`,
    })),
    ...['globalThis', 'global', 'window', 'self'].map((name) => ({
      name,
      message: `${REPLAYED} the global object reaches Date, process and the rest behind these rules.`,
    })),
    { name: 'crypto', message: `${REPLAYED} use context.df.newGuid().` },
    { name: 'performance', message: `${REPLAYED} use context.df.currentUtcDateTime.` },
    ...['fetch', 'XMLHttpRequest', 'WebSocket'].map((name) => ({
      name,
      message: `${REPLAYED} I/O belongs in an activity.`,
    })),
    ...[
      'setTimeout',
      'setInterval',
      'setImmediate',
      'queueMicrotask',
      'clearTimeout',
      'clearInterval',
      'clearImmediate',
    ].map((name) => ({ name, message: `${REPLAYED} use context.df.createTimer.` })),
    ...['require', 'module', 'exports'].map((name) => ({
      name,
      message: `${REPLAYED} import statically, and only what ORCHESTRATION_IMPORTS allows.`,
    })),
    { name: 'eval', message: `${REPLAYED} code made from text escapes every rule here.` },
    ...['WeakRef', 'FinalizationRegistry'].map((name) => ({
      name,
      message: `${REPLAYED} garbage collection runs differently on every replay.`,
    })),
  ],
  'no-restricted-properties': [
    'error',
    { object: 'Date', property: 'now', message: `${REPLAYED} use context.df.currentUtcDateTime.` },
    { object: 'Math', property: 'random', message: `${REPLAYED} use context.df.newGuid() or a value from the input.` },
  ],
  'no-restricted-syntax': [
    'error',
    {
      selector: "NewExpression[callee.name='Date'][arguments.length=0]",
      message: `${REPLAYED} new Date() reads the clock; use context.df.currentUtcDateTime (new Date(ms) is fine).`,
    },
    {
      selector: "CallExpression[callee.name='Date']",
      message: `${REPLAYED} Date() reads the clock; use context.df.currentUtcDateTime.`,
    },
    {
      // Date and Math as values (an alias, an argument) would carry now() and random() past the rules above; as a
      // type, in new Date(ms) and in Date.parse or Math.min they are fine.
      selector:
        'Identifier[name=/^(Date|Math)$/]:not(NewExpression > Identifier.callee, CallExpression > Identifier.callee, MemberExpression > Identifier.object, MemberExpression > Identifier.property, TSTypeReference > Identifier.typeName, TSTypeQuery > Identifier.exprName, TSQualifiedName > Identifier, Property > Identifier.key, TSPropertySignature > Identifier.key, MethodDefinition > Identifier.key, PropertyDefinition > Identifier.key)',
      message: `${REPLAYED} Date and Math only as types, in new Date(ms), or as Date.x / Math.x.`,
    },
    {
      selector: "NewExpression[callee.name='Function'], CallExpression[callee.name='Function']",
      message: `${REPLAYED} code made from text escapes every rule here.`,
    },
    {
      selector: 'ImportExpression',
      message: `${REPLAYED} import statically, and only what ORCHESTRATION_IMPORTS allows.`,
    },
  ],
};

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
    // Orchestrations are replayed: they import only their own folder, the contract and the pure modules above.
    files: ['orchestrations/**/*.ts'],
    rules: {
      ...DETERMINISM_RULES,
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              // Anything but a sibling (orchestrations/ is flat) or one of the allowed specifiers.
              regex: `^(?!(?:\\./[\\w.-]+|${ORCHESTRATION_IMPORT_SPECIFIERS.map(escapeRegex).join('|')})$)`,
              message:
                'Orchestrations are replayed: import only ./*, the packages and the pure modules of ORCHESTRATION_IMPORTS in eslint.config.mjs; do I/O in an activity.',
            },
          ],
        },
      ],
    },
  },
  {
    // The pure modules orchestrations import obey the same rules, and import no package: only one another.
    files: PURE_MODULES.map((module) => (module.endsWith('/') ? `${module}**/*.ts` : `${module}.ts`)),
    rules: {
      ...DETERMINISM_RULES,
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^[^.]',
              message: 'A module orchestrations import stays pure: it imports only the other pure modules.',
            },
          ],
        },
      ],
    },
  },
  prettier,
);
