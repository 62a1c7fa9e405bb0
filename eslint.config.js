import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      'ui/build/**',
      'perf/results/**',
      '.data/**',
      'ui/.svelte-kit/**',
      'ui/test/artifacts/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  // The Svelte rules for the UI only (some of them break on CommonJS files elsewhere).
  ...svelte.configs.recommended.map((config) => ({ ...config, files: config.files ?? ['ui/src/**'] })),
  {
    files: ['ui/src/**/*.svelte', 'ui/src/**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] } },
  },
  {
    files: ['ui/src/**'],
    // Flags every Map/URLSearchParams, including throwaway locals that nothing renders from.
    rules: { 'svelte/prefer-svelte-reactivity': 'off' },
  },
  {
    files: ['ui/src/**', 'ui/scripts/**'],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
  },
  // Tests read JSON responses whose shape is what they assert.
  {
    files: ['testing/**', '**/test/**', '**/*.test.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
