// The layer table of DESIGN.md §1 (and docs/ARCHITECTURE.md), enforced: a
// cross-layer import is a lint error. Package rules use no-restricted-imports;
// relative paths between layers use import-x/no-restricted-paths, which resolves
// each import to a file (through the TypeScript resolver) before judging it.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [...builtinModules.filter((m) => !m.startsWith('_')), ...builtinModules.map((m) => `node:${m}`)];
const nativePackages = ['keytar', 'naudiodon', 'sqlite3', 'segfault-handler'];
const tests = ['**/*.test.ts', '**/*.test.tsx'];

/** One layer block: which files, which packages they must not import, and from which folders. */
function layer({ files, packages = [], patterns = [], typeOnly = [], zoneExcept, message }) {
  const restricted = [];
  if (packages.length > 0) restricted.push({ group: packages.flatMap((p) => [p, `${p}/*`]), message });
  for (const regex of patterns) restricted.push({ regex, message });
  const rules = {
    'import-x/no-restricted-paths': [
      'error',
      { zones: [{ target: files[0].replace(/\/\*\*.*$/, ''), from: './', except: zoneExcept, message }] },
    ],
  };
  if (restricted.length > 0) rules['no-restricted-imports'] = ['error', { patterns: restricted }];
  if (typeOnly.length > 0) {
    rules['@typescript-eslint/no-restricted-imports'] = [
      'error',
      { paths: typeOnly.map((name) => ({ name, allowTypeImports: true, message })) },
    ];
  }
  return { files, ignores: tests, rules };
}

export default tseslint.config(
  { ignores: ['node_modules/**', 'app/dist/**', 'app/node_modules/**', 'dist/**', 'out/**', 'test-results/**', 'native/stubs/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: ['tsconfig.json'], alwaysTryTypes: true })],
    },
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      'import-x/no-cycle': 'off',
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
  },
  layer({
    files: ['main/common/**/*.ts'],
    patterns: ['^(?!(zod|libphonenumber-js)(/|$)|\\.)'],
    zoneExcept: ['./main/common', './node_modules'],
    message: 'main/common may import only zod, libphonenumber-js and main/common (no Node, Electron, React or sip.js).',
  }),
  layer({
    files: ['main/core/**/*.ts'],
    packages: ['electron', 'react', 'react-dom', ...nativePackages],
    zoneExcept: ['./main/common', './main/core', './node_modules'],
    message: 'main/core is plain Node: it reaches Electron, native modules and the UI only through ports (main/common, node:*, sip.js and media libraries are fine).',
  }),
  {
    files: ['main/core/**/*.ts'],
    ignores: ['main/core/sip/**', ...tests],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [{ group: ['sip.js', 'sip.js/*'], message: 'Only main/core/sip imports sip.js; the rest of the core sees plain snapshots.' }] },
      ],
    },
  },
  layer({
    files: ['native/**/*.ts'],
    packages: ['electron', 'react', 'react-dom'],
    zoneExcept: ['./main/common', './main/core/ports', './native', './node_modules'],
    message: 'native/ may import main/common, the port types of main/core/ports and its .node packages, nothing else of the app.',
  }),
  layer({
    files: ['main/electron/**/*.ts'],
    packages: ['react', 'react-dom'],
    zoneExcept: ['./main', './native', './node_modules'],
    message: 'main/electron may import main/ and native/, never the renderer.',
  }),
  {
    files: ['main/electron/**/*.ts'],
    ignores: ['main/electron/index.ts', ...tests],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              allowTypeImports: true,
              message: 'Only main/electron/index.ts imports Electron at run time; other files take Electron objects as narrow types so they run and test under plain Node.',
            },
          ],
        },
      ],
    },
  },
  layer({
    files: ['main/preload/**/*.ts'],
    patterns: ['^(?!electron$|\\.)'],
    zoneExcept: ['./main/common', './main/preload', './node_modules'],
    message: 'The preload may import only electron (contextBridge, ipcRenderer) and main/common.',
  }),
  layer({
    files: ['renderer/**/*.{ts,tsx}'],
    packages: ['electron', 'ws', 'sip.js', ...nativePackages, ...nodeBuiltins],
    zoneExcept: ['./main/common', './renderer', './node_modules'],
    message: 'The renderer talks to main only through the bridge: main/common, React and the DOM; no Electron, Node or core code.',
  }),
);
