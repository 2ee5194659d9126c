// Lint: TypeScript rules plus the layer boundaries of docs/architecture.md.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const electronPackage = { name: 'electron', message: 'Only electron/main.ts, preload.ts and window.ts may import the electron package.' };

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
    files: ['electron/services/**/*.ts', 'electron/cli/**/*.ts', 'electron/web/**/*.ts', 'electron/demo-org/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [electronPackage], patterns: [{ group: ['**/renderer/**'], message: 'The back end never imports UI code.' }] }],
    },
  },
  {
    // Static scan for insecure Electron settings anywhere in our code.
    files: ['electron/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "Property[key.name='nodeIntegration'][value.value=true]", message: 'nodeIntegration must stay off.' },
        { selector: "Property[key.name='webSecurity'][value.value=false]", message: 'webSecurity must stay on.' },
        { selector: "Property[key.name='allowRunningInsecureContent'][value.value=true]", message: 'No insecure content.' },
        { selector: "Property[key.name='contextIsolation'][value.value=false]", message: 'contextIsolation must stay on.' },
        { selector: "Property[key.name='sandbox'][value.value=false]", message: 'The renderer stays sandboxed.' },
        { selector: "CallExpression[callee.property.name='openExternal'][arguments.0.type!='Literal']:not([arguments.0.type='Identifier'][arguments.0.name=/^allowed/])", message: 'openExternal only with an allowlisted URL (variable named allowed…).' },
      ],
    },
  },
);
