// Lint: TypeScript rules plus the layer boundaries of docs/architecture.md.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';

const electronPackage = { name: 'electron', message: 'Only electron/main.ts, electron/preload.ts and electron/desktop/** may import the electron package at run time.' };
const electronRuntime = { ...electronPackage, allowTypeImports: true };
const uiCode = { group: ['**/renderer/**'], message: 'The back end never imports UI code.' };

/** Settings that would weaken the renderer; matched whether the key is written as a name or a string. */
const prop = (name, valueTest) => `Property:matches([key.name='${name}'], [key.value='${name}'])${valueTest}`;
const insecureElectronSettings = [
  { selector: prop('nodeIntegration', ':not([value.value=false])'), message: 'nodeIntegration must stay off (literal false).' },
  { selector: prop('nodeIntegrationInWorker', '[value.value=true]'), message: 'nodeIntegrationInWorker must stay off.' },
  { selector: prop('nodeIntegrationInSubFrames', '[value.value=true]'), message: 'nodeIntegrationInSubFrames must stay off.' },
  { selector: prop('webSecurity', ':not([value.value=true])'), message: 'webSecurity must stay on (literal true).' },
  { selector: prop('allowRunningInsecureContent', ':not([value.value=false])'), message: 'No insecure content.' },
  { selector: prop('contextIsolation', ':not([value.value=true])'), message: 'contextIsolation must stay on (literal true).' },
  // Only the literal: "sandbox" is also a Salesforce org property in the back end.
  { selector: prop('sandbox', '[value.value=false]'), message: 'The renderer stays sandboxed.' },
  { selector: prop('webviewTag', '[value.value=true]'), message: 'No <webview>.' },
  { selector: prop('experimentalFeatures', '[value.value=true]'), message: 'No experimental Blink features.' },
  { selector: prop('enableBlinkFeatures', ''), message: 'No extra Blink features.' },
  { selector: prop('bypassCSP', '[value.value=true]'), message: 'No scheme may bypass the CSP.' },
  { selector: "CallExpression[callee.property.name='loadURL'] > Literal[value=/^(https?|file|ftp):/].arguments", message: 'The window loads app://, never a remote or file URL.' },
];
const openExternalCall =
  ":matches(CallExpression[callee.property.name='openExternal'], CallExpression[callee.property.value='openExternal'], CallExpression[callee.name='openExternal'])";
const openExternalAnywhere = [{ selector: openExternalCall, message: 'shell.openExternal only in electron/desktop/external-links.ts, behind its allowlist.' }];
const openExternalAllowlisted = {
  selector: `${openExternalCall}:not([arguments.length=1][arguments.0.type='Identifier'][arguments.0.name=/^allowed/])`,
  message: 'openExternal only with one identifier named allowed… that the allowlist check produced.',
};

export default tseslint.config(
  { ignores: ['node_modules/**', 'out/**', 'dist/**', 'release/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-console': 'off',
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [electronPackage],
          patterns: [
            { group: ['**/electron/**', '../electron', '../../electron'], message: 'The renderer talks to the back end only through the contract (renderer/api).' },
            { group: ['node:*'], message: 'No Node APIs in the renderer.' },
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
          paths: [electronPackage],
          patterns: [
            { group: ['**/electron/**', '**/renderer/**'], message: 'shared/ is pure: it imports neither electron/ nor renderer/.' },
            { group: ['node:*', 'fs', 'path', 'os', 'crypto', 'child_process'], message: 'shared/ is pure TypeScript: no Node APIs.' },
          ],
        },
      ],
    },
  },
  {
    // Type-aware rules: a promise is awaited, returned or explicitly voided, and never handed
    // to something that does not wait for it (an event handler, a forEach).
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
  {
    // Everything in electron/ outside the shell runs under plain Node too: types only.
    files: ['electron/**/*.ts'],
    ignores: ['electron/main.ts', 'electron/preload.ts', 'electron/desktop/**'],
    rules: {
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': ['error', { paths: [electronRuntime], patterns: [uiCode] }],
    },
  },
  {
    // Services are shared by every door: they never reach back into one.
    files: ['electron/services/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [electronRuntime],
          patterns: [
            uiCode,
            {
              group: ['**/desktop/**', '**/web/**', '**/cli/**', '../desktop', '../web', '../cli'],
              message: 'electron/services never imports a door (desktop, web, cli): the doors import the services.',
            },
          ],
        },
      ],
    },
  },
  {
    // Static scan for insecure Electron settings anywhere in our code.
    files: ['electron/**/*.ts'],
    rules: { 'no-restricted-syntax': ['error', ...insecureElectronSettings, ...openExternalAnywhere] },
  },
  {
    // The one file allowed to call openExternal, and only with a value its allowlist produced.
    files: ['electron/desktop/external-links.ts'],
    rules: { 'no-restricted-syntax': ['error', ...insecureElectronSettings, openExternalAllowlisted] },
  },
);
