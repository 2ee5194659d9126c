import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';
import { allowedExternalUrl, allowedOAuthUrl, openExternalLink, openOAuthLogin } from '../../../electron/desktop/external-links';
import { ROOT } from '../../support/tmp';

describe('external link allowlist', () => {
  it('accepts https documentation links on allowlisted hosts only', () => {
    expect(allowedExternalUrl('https://help.salesforce.com/s/articleView?id=sf.x.htm')).toBe('https://help.salesforce.com/s/articleView?id=sf.x.htm');
    expect(allowedExternalUrl('https://developer.salesforce.com/docs')).toBe('https://developer.salesforce.com/docs');
    for (const bad of [
      'http://help.salesforce.com/',
      'https://help.salesforce.com.evil.example/',
      'https://evil.example/?https://help.salesforce.com/',
      'https://user:pw@help.salesforce.com/',
      'https://help.salesforce.com:8443/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'ms-msdt:/id PCWDiagnostic',
      'app://iua/index.html',
      'not a url',
    ]) {
      expect(allowedExternalUrl(bad), bad).toBeNull();
    }
  });

  it('accepts Salesforce OAuth authorize URLs only', () => {
    const q = '?response_type=code&client_id=x&redirect_uri=http%3A%2F%2F127.0.0.1%3A1717%2Fcallback&state=s&code_challenge=c';
    for (const ok of ['https://login.salesforce.com', 'https://test.salesforce.com', 'https://acme.my.salesforce.com', 'https://acme--uat.sandbox.my.salesforce.com']) {
      expect(allowedOAuthUrl(`${ok}/services/oauth2/authorize${q}`), ok).not.toBeNull();
    }
    for (const bad of [
      `https://login.salesforce.com/secur/frontdoor.jsp${q}`,
      `https://evil.example/services/oauth2/authorize${q}`,
      `https://my.salesforce.com/services/oauth2/authorize${q}`,
      `https://acme.my.salesforce.com.evil.example/services/oauth2/authorize${q}`,
      `http://login.salesforce.com/services/oauth2/authorize${q}`,
    ]) {
      expect(allowedOAuthUrl(bad), bad).toBeNull();
    }
  });

  it('hands only allowlisted URLs to the shell', async () => {
    const opened: string[] = [];
    const shell = { openExternal: async (u: string) => void opened.push(u) };
    expect(openExternalLink(shell, 'https://evil.example/')).toBe(false);
    expect(openExternalLink(shell, 'https://help.salesforce.com/x')).toBe(true);
    expect(await openOAuthLogin(shell, 'https://help.salesforce.com/x')).toBe(false);
    expect(await openOAuthLogin(shell, 'https://login.salesforce.com/services/oauth2/authorize?x=1')).toBe(true);
    expect(opened).toEqual(['https://help.salesforce.com/x', 'https://login.salesforce.com/services/oauth2/authorize?x=1']);
  });
});

describe('static scan for insecure Electron settings (eslint.config.js)', () => {
  // Probe files do not exist, so the type-aware rules (which need a file in a tsconfig, and a
  // whole-program build that takes a minute here) are off: `npm run lint` runs them.
  const probe = new ESLint({
    cwd: ROOT,
    overrideConfig: {
      languageOptions: { parserOptions: { projectService: false } },
      rules: { '@typescript-eslint/no-floating-promises': 'off', '@typescript-eslint/no-misused-promises': 'off' },
    },
  });
  const lint = async (file: string, code: string) => {
    const [result] = await probe.lintText(code, { filePath: path.join(ROOT, file) });
    return result.messages.filter((m) => m.ruleId === 'no-restricted-syntax').map((m) => m.message);
  };

  it.each([
    ['nodeIntegration on', 'export const o = { webPreferences: { nodeIntegration: true } };'],
    ['nodeIntegration from a variable', 'const v = Math.random() > 1; export const o = { nodeIntegration: v };'],
    ['webSecurity off', "export const o = { 'webSecurity': false };"],
    ['insecure content', 'export const o = { allowRunningInsecureContent: true };'],
    ['contextIsolation off', 'export const o = { contextIsolation: false };'],
    ['sandbox off', 'export const o = { sandbox: false };'],
    ['webview', 'export const o = { webviewTag: true };'],
    ['CSP bypass', 'export const o = { privileges: { bypassCSP: true } };'],
    ['remote URL', "declare const w: { loadURL(u: string): void }; w.loadURL('https://example.com');"],
    ['openExternal outside the allowlist module', "import { shell } from 'electron'; export const f = (u: string) => shell.openExternal(u);"],
    ['openExternal with a literal outside the allowlist module', "import { shell } from 'electron'; void shell.openExternal('https://evil.example');"],
  ])('flags %s', async (_name, code) => {
    expect(await lint('electron/desktop/scan-probe.ts', code)).not.toEqual([]);
  });

  it('accepts openExternal in the allowlist module only with an allowed… value', async () => {
    const file = 'electron/desktop/external-links.ts';
    expect(await lint(file, 'declare const shell: { openExternal(u: string): Promise<void> }; export const f = (allowedUrl: string) => shell.openExternal(allowedUrl);')).toEqual(
      [],
    );
    expect(await lint(file, 'declare const shell: { openExternal(u: string): Promise<void> }; export const f = (url: string) => shell.openExternal(url);')).not.toEqual([]);
    expect(await lint(file, "declare const shell: { openExternal(u: string): Promise<void> }; export const f = (u: string) => shell.openExternal('https://x' + u);")).not.toEqual(
      [],
    );
  });

  it('passes on the real desktop sources', async () => {
    const results = await probe.lintFiles(['electron/main.ts', 'electron/window.ts', 'electron/preload.ts', 'electron/ipc.ts', 'electron/desktop/']);
    expect(results.flatMap((r) => r.messages.map((m) => `${r.filePath}:${m.line} ${m.message}`))).toEqual([]);
  });
});
