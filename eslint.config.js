// ESLint flat config. The block scoped to src/core is the architectural fence:
// the domain stays pure, so it never reaches AWS, CDK, the file system, the
// environment, the wall clock or an unseeded random source.
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
      ],
      patterns: [
        { group: ['@aws-sdk/*'], message: 'src/core is pure: AWS SDK clients belong in src/aws.' },
        { group: ['aws-cdk-lib/*'], message: 'src/core is pure: CDK belongs in lib/.' },
      ],
    },
  ],
  'no-restricted-properties': [
    'error',
    { object: 'process', property: 'env', message: 'src/core is pure: configuration arrives as arguments.' },
    { object: 'Date', property: 'now', message: 'src/core is pure: time arrives through the Clock port or as an argument.' },
    { object: 'Math', property: 'random', message: 'src/core is pure: pass a seeded random source.' },
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
