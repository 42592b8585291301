// Lint with zero warnings; process boundaries by folder are enforced here.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const nodeBuiltins = ['fs', 'path', 'os', 'child_process', 'crypto', 'http', 'https', 'net', 'url', 'stream', 'zlib', 'worker_threads'];
const nodeImports = [...nodeBuiltins, ...nodeBuiltins.map((m) => `${m}/*`), 'node:*'];

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'release/', '.cache/', 'test-results/', 'bench/.tmp/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: nodeImports, message: 'The renderer runs sandboxed: no Node built-ins.' },
            { group: ['electron', '**/electron/**', '../electron/*'], message: 'The renderer reaches the main side only through the typed contract.' },
          ],
        },
      ],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: nodeImports, message: 'shared/ is platform-neutral: no Node built-ins.' },
            { group: ['electron', '**/electron/**', '**/renderer/**', 'react', 'better-sqlite3', 'xlsx'], message: 'shared/ imports no process-specific code.' },
          ],
        },
      ],
    },
  },
  {
    files: ['electron/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.{ts,mjs}', 'bin/**/*.mjs'],
    ignores: ['electron/shell/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        // The grid's key rules and the unit sheet's cell logic are pure (no DOM, no React), so their unit tests may import them.
        { paths: [{ name: 'electron', message: 'Only electron/shell/ may import electron: elsewhere it tries to download its binary.' }], patterns: [{ regex: '(^|/)renderer/(?!components/grid/keys\\.js$|screens/unit/selfCells\\.js$)' }] },
      ],
    },
  },
  // The doors (command line, browser host, Electron shell) reach the app only through the core's entry:
  // they parse, transport and format, and every operation passes the contract's checks and the role rule.
  // Besides the entry: shared/, Node built-ins, their own folder (the CLI's progress printer is there),
  // and for the shell electron.
  ...[
    { files: ['electron/cli/**/*.ts', 'electron/host/**/*.ts'], allowed: 'node:|\\./|\\.\\./core/app\\.js$|\\.\\./\\.\\./shared/', electron: false },
    { files: ['electron/shell/**/*.ts'], allowed: 'node:|\\./|\\.\\./core/app\\.js$|\\.\\./\\.\\./shared/|electron$', electron: true },
  ].map(({ files, allowed, electron }) => ({
    files,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          ...(electron ? {} : { paths: [{ name: 'electron', message: 'Only electron/shell/ may import electron: elsewhere it tries to download its binary.' }] }),
          patterns: [{ regex: `^(?!${allowed})`, message: 'A door imports only the core entry (electron/core/app.ts), shared/ and its own folder: add what it needs to the contract or re-export it from the core entry.' }],
        },
      ],
    },
  })),
  {
    // SQL lives in repositories: services, workbooks, backups and the doors call repository methods.
    // `.exec` on a regex literal or an UPPER_CASE regex constant is RegExp#exec, not SQL.
    files: ['electron/**/*.ts'],
    ignores: ['electron/repos/**', 'electron/db/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.type='MemberExpression'][callee.property.name=/^(prepare|pragma|backup)$/]", message: 'SQL lives in electron/repos/: add a repository method.' },
        {
          selector: "CallExpression[callee.type='MemberExpression'][callee.property.name='exec']:not([callee.object.regex]):not([callee.object.name=/^[A-Z][A-Z0-9_]*$/])",
          message: 'SQL lives in electron/repos/: add a repository method (a RegExp goes in an UPPER_CASE constant or a literal).',
        },
      ],
    },
  },
);
