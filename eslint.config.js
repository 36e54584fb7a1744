// ESLint flat config. The block scoped to src/core is the architectural fence:
// the domain stays pure, so it never reaches AWS, CDK, the adapters (src/aws,
// src/local, src/api, src/cli), the file system, the environment, the wall clock,
// high-resolution or timer-driven time, crypto or an unseeded random source.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export const coreRestrictions = {
  'no-restricted-imports': [
    'error',
    {
      paths: [
        { name: 'aws-cdk-lib', message: 'src/core is pure: CDK belongs in lib/.' },
        { name: 'fs', message: 'src/core is pure: file access belongs in an adapter.' },
        { name: 'node:fs', message: 'src/core is pure: file access belongs in an adapter.' },
        { name: 'fs/promises', message: 'src/core is pure: file access belongs in an adapter.' },
        { name: 'node:fs/promises', message: 'src/core is pure: file access belongs in an adapter.' },
        ...['perf_hooks', 'node:perf_hooks'].map((name) => ({ name, message: 'src/core is pure: time arrives through the Clock port or as an argument.' })),
        ...['crypto', 'node:crypto'].map((name) => ({ name, message: 'src/core is pure: crypto belongs in an adapter (ids come from src/core/ids).' })),
        ...['timers', 'node:timers', 'timers/promises', 'node:timers/promises'].map((name) => ({ name, message: 'src/core is pure: timers belong in an adapter.' })),
      ],
      patterns: [
        { group: ['@aws-sdk/*'], message: 'src/core is pure: AWS SDK clients belong in src/aws.' },
        { group: ['aws-cdk-lib/*'], message: 'src/core is pure: CDK belongs in lib/.' },
        {
          group: ['**/aws', '**/aws/**', '**/local', '**/local/**', '**/api', '**/api/**', '**/cli', '**/cli/**'],
          message: 'src/core is pure: it never imports an adapter (src/aws, src/local, src/api, src/cli); adapters import the core.',
        },
      ],
    },
  ],
  'no-restricted-properties': [
    'error',
    { object: 'process', property: 'env', message: 'src/core is pure: configuration arrives as arguments.' },
    { object: 'Date', property: 'now', message: 'src/core is pure: time arrives through the Clock port or as an argument.' },
    { object: 'Math', property: 'random', message: 'src/core is pure: pass a seeded random source.' },
  ],
  'no-restricted-globals': [
    'error',
    { name: 'performance', message: 'src/core is pure: time arrives through the Clock port or as an argument.' },
    { name: 'crypto', message: 'src/core is pure: crypto belongs in an adapter (ids come from src/core/ids).' },
    ...['setTimeout', 'setInterval', 'setImmediate', 'clearTimeout', 'clearInterval', 'clearImmediate'].map((name) => ({
      name,
      message: 'src/core is pure: timers belong in an adapter.',
    })),
  ],
  'no-restricted-syntax': [
    'error',
    {
      selector: "NewExpression[callee.name='Date'][arguments.length=0]",
      message: 'src/core is pure: `new Date()` reads the wall clock; pass the time in.',
    },
  ],
};

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'cdk.out/**', '.opsight/**', 'test-output/**', 'src/web/dist/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    files: ['src/web/**/*.{ts,js}'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: coreRestrictions,
  },
);
