import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', '.data/', 'scripts/neo4j-local/target/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read configuration through src/config/env.ts.' },
      ],
    },
  },
  {
    files: ['src/main.ts', 'src/config/env.ts', 'src/dev/**', 'test/**', 'scripts/**', 'bench/**', '*.js', '*.mjs'],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    // The core names no provider: it reaches connectors only through the contract (connector.ts, connectors.ts),
    // and the wiring (core.ts, app.ts, cli) hands it the registry's connectors.
    files: ['src/sync/**', 'src/runs/**', 'src/services/**', 'src/graphql/**', 'src/connections/**', 'src/identity/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: 'connectors/(?!connectors?$)[^/]+',
              message: 'The core imports no connector: use src/connectors/connector.ts and the Connectors it is given.',
            },
          ],
        },
      ],
    },
  },
  { files: ['test/**'], rules: { '@typescript-eslint/no-explicit-any': 'off' } },
  { files: ['**/*.js'], rules: { '@typescript-eslint/no-require-imports': 'off' } },
  { files: ['public/**/*.js'], languageOptions: { sourceType: 'script', globals: { ...globals.browser, cytoscape: 'readonly' } } },
);
