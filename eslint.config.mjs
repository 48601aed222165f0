import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import nodeRangeThroughDocument from './eslint-rules/node-range-through-document.mjs';

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'server/src/core/generated/**', '.vscode-test/**', 'test/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    // docs/architecture.md, invariant 1: the core is pure. No editor, protocol, network or file-system imports.
    files: ['server/src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            'vscode',
            'undici',
            'node:net',
            'node:tls',
            'node:dns',
            'node:http',
            'node:https',
            'node:http2',
            'node:fs',
            'node:child_process',
            'net',
            'tls',
            'dns',
            'http',
            'https',
            'fs',
            'child_process',
          ].map((name) => ({
            name,
            message: 'server/src/core is pure (docs/architecture.md, invariant 1): do I/O through an injected port.',
          })),
          patterns: [
            {
              group: ['vscode-languageserver*', 'vscode-languageclient*', 'vscode-jsonrpc*'],
              message: 'Only server/src/lsp knows LSP (invariant 2).',
            },
            {
              group: ['**/lsp/**', '**/cli/**', '**/node/**', '**/preflight/**', '../lsp', '../cli', '../node', '../preflight'],
              message: 'The core imports no edge layer.',
            },
          ],
        },
      ],
    },
  },
  {
    // docs/architecture.md, invariant 15: the server's editor features go through the language service; the edges
    // may name core/intelligence's types, never call its functions.
    files: ['server/src/lsp/**/*.ts', 'server/src/cli/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/core/intelligence', '**/core/intelligence/*'],
              allowTypeImports: true,
              message: 'Call the language service (core/editor-features.ts) instead (docs/architecture.md, invariant 15).',
            },
          ],
        },
      ],
    },
  },
  {
    // docs/architecture.md, invariant 12: a YAML node's range is read through the snapshot, except where the
    // coordinates are kept. Type-aware (the rule tells the `yaml` library's Range from a finding's range).
    files: ['server/src/core/**/*.ts'],
    ignores: [
      'server/src/core/document.ts',
      'server/src/core/coordinates.ts',
      'server/src/core/reparse.ts',
      'server/src/core/structure.ts',
      'server/src/core/project-config.ts',
    ],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { imprivata: { rules: { 'node-range-through-document': nodeRangeThroughDocument } } },
    rules: { 'imprivata/node-range-through-document': 'error' },
  },
  {
    // docs/architecture.md, invariant 18: nothing the server runs touches ICU (its data, paged in from the Node
    // binary on first use, stays resident: +4.6 MB for number formatting, +1.9 MB for a collator).
    files: ['server/src/**/*.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        ...['toLocaleString', 'toLocaleUpperCase', 'toLocaleLowerCase', 'toLocaleDateString', 'toLocaleTimeString', 'localeCompare'].map(
          (property) => ({
            property,
            message: 'ICU stays out of the server (invariant 18): use core/digit-grouping.ts, or compare with < and >.',
          }),
        ),
      ],
      'no-restricted-globals': ['error', { name: 'Intl', message: 'ICU stays out of the server (invariant 18).' }],
    },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        require: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        URL: 'readonly',
        performance: 'readonly',
        requestAnimationFrame: 'readonly',
      },
    },
  },
);
