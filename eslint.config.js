// ESLint (flat config): typescript-eslint's recommended-type-checked rules over every TypeScript
// file, plus the one layering rule that is about syntax rather than imports: only src/config.ts
// reads process.env. The import rules of the layering (src/ never imports adapters/ or a platform
// SDK, store never imports coach, features never import features) live in .dependency-cruiser.cjs.

import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const PROCESS_ENV_MESSAGE =
  'Only src/config.ts reads process.env: take what you need from Config (or loadConfig/readEnvironment) instead.';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'coverage/', 'data/', 'artifacts/', 'bench/tmp/', 'adapters/dashboard/assets/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // `_name` marks a parameter a signature needs but the body does not.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: PROCESS_ENV_MESSAGE }],
      'no-restricted-syntax': [
        'error',
        // `const { env } = process` and `process['env']` are the same read by another spelling.
        { selector: "VariableDeclarator[init.name='process'] > ObjectPattern > Property[key.name='env']", message: PROCESS_ENV_MESSAGE },
        { selector: "MemberExpression[object.name='process'][computed=true][property.value='env']", message: PROCESS_ENV_MESSAGE },
      ],
    },
  },
  {
    // The one reader of the environment: it validates everything and hands out Config.
    files: ['src/config.ts'],
    rules: { 'no-restricted-properties': 'off', 'no-restricted-syntax': 'off' },
  },
  {
    // Exempt from the process.env rule, because none of them is the running coach: test/ sets up the
    // environment of the child processes it starts (and reads CI / DATABASE_URL to choose its
    // database), bench/ configures its child servers and reads its own BENCH_* knobs, and scripts/
    // are operator command lines whose flags come from the environment as a shell passes them.
    files: ['test/**', 'bench/**', 'scripts/**'],
    rules: { 'no-restricted-properties': 'off', 'no-restricted-syntax': 'off' },
  },
  {
    // Fakes and test job handlers implement async ports (Messenger, JobHandler, a sleep); many have
    // nothing to await, and stay `async` so they read like the real ones they stand in for.
    files: ['test/**'],
    rules: { '@typescript-eslint/require-await': 'off' },
  },
  {
    // These read the raw JSON a platform connector received (Bot Framework activities and Adaptive
    // Cards, whose botbuilder types are `any` inside) or a content file holds: the assertions on
    // that JSON are its type check.
    files: [
      'test/helpers/fake-bot-connector.ts',
      'test/adapters/teams/**',
      'test/adapters/escalation-mentions.test.ts',
      'test/reliability/mention-injection.test.ts',
      'test/content/load-content.test.ts',
    ],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    // Kysely's expression builder is meant to be destructured (`.where(({ not, exists }) => …)`, as
    // its own docs write it): its functions close over the builder and never use `this`.
    files: ['src/store/**'],
    rules: { '@typescript-eslint/unbound-method': 'off' },
  },
  {
    // Plain JavaScript (this file, scripts/*.mjs) is not in the TypeScript project: no type-aware rules.
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
  },
);
