/**
 * orgs.add's input carries each auth method's rule: which fields it requires is said once, in
 * the contract's discriminated union, and both the back end and the Add org form use it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../../electron/services/backend';
import { AddOrgInput, addOrgFields, AUTH_METHODS, type AuthMethod } from '../../../shared/contract';
import { METHODS, methodSpec, toAddOrgInput, type AddOrgForm } from '../../../renderer/features/home/authMethods';
import { tempDir } from '../../support/tmp';

/** The smallest complete input per method (what a user must give). */
const COMPLETE: Record<AuthMethod, Record<string, unknown>> = {
  access_token: { instanceUrl: 'https://acme.my.salesforce.com', accessToken: '00Dxx!token' },
  web: { clientId: 'key' },
  jwt: { clientId: 'key', username: 'auditor@acme.example', privateKeyPem: '-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----\n' },
  client_credentials: { clientId: 'key', clientSecret: 'secret' },
  password: { username: 'auditor@acme.example', password: 'pw', clientId: 'key', clientSecret: 'secret' },
  sf_cli: { sfCliTarget: 'acme-prod' },
};
const REQUIRED: Record<AuthMethod, string[]> = {
  access_token: ['instanceUrl', 'accessToken'],
  web: ['clientId'],
  jwt: ['clientId', 'username', 'privateKeyPem'],
  client_credentials: ['clientId', 'clientSecret'],
  password: ['username', 'password', 'clientId', 'clientSecret'],
  sf_cli: ['sfCliTarget'],
};

/** A message a user can read: a sentence with words, not a zod code or "Required". */
function expectSentence(message: string | undefined) {
  expect(message).toMatch(/^[A-Z][^]*\s[^]*[.]$/);
  expect(message).not.toMatch(/^Invalid|expected|Required$|received/i);
}

let backend: Backend | undefined;
afterEach(async () => {
  await backend?.close();
  backend = undefined;
});

describe('AddOrgInput per auth method', () => {
  for (const method of AUTH_METHODS) {
    it(`${method}: takes the complete input and refuses each required field missing or blank, in a sentence`, () => {
      const complete = { alias: 'acme', method, ...COMPLETE[method] };
      expect(AddOrgInput.safeParse(complete).success).toBe(true);
      expect(
        addOrgFields(method)
          .filter((f) => f.required)
          .map((f) => f.key),
      ).toEqual(REQUIRED[method]);
      for (const field of REQUIRED[method]) {
        for (const input of [Object.fromEntries(Object.entries(complete).filter(([k]) => k !== field)), { ...complete, [field]: '' }]) {
          const r = AddOrgInput.safeParse(input);
          expect(r.success, `${method} without ${field}`).toBe(false);
          const issues = r.error!.issues.filter((i) => i.path.join('.') === field);
          expect(issues, `${method} without ${field}`).toHaveLength(1);
          expectSentence(issues[0].message);
        }
      }
    });
  }

  it('refuses a field the method does not use, a URL that is not one, and an unknown method, in words', () => {
    const foreign = AddOrgInput.safeParse({ alias: 'acme', method: 'sf_cli', sfCliTarget: 'x', privateKeyPem: 'k' });
    expect(foreign.success).toBe(false);
    expect(foreign.error!.issues[0].message).toBe('The Salesforce CLI method does not use privateKeyPem: leave it out.');
    const notUrl = AddOrgInput.safeParse({ alias: 'acme', method: 'access_token', instanceUrl: 'acme.my.salesforce.com', accessToken: 't' });
    expect(notUrl.error!.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['instanceUrl', 'Use a full URL, such as https://yourcompany.my.salesforce.com.']]);
    const unknown = AddOrgInput.safeParse({ alias: 'acme', method: 'saml' });
    expect(unknown.error!.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['method', `Choose how to connect: one of ${AUTH_METHODS.join(', ')}.`]]);
  });

  it('the back end refuses a missing field with the schema’s sentence, before any network call', async () => {
    backend = createBackend({ dataDir: tempDir(), door: 'cli' });
    const r = await backend.dispatch('orgs.add', { alias: 'acme', method: 'password', username: 'u@acme.example', password: 'pw', clientId: 'key' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('validation');
    expect(r.error.issues).toEqual([{ path: 'clientSecret', message: 'The username-password method needs the consumer secret of the connected app.' }]);
  });
});

describe('the Add org form derives its fields from the schema', () => {
  it('shows, per method, exactly the fields the schema takes, required where the schema requires them', () => {
    expect(new Set(METHODS.map((m) => m.method))).toEqual(new Set(AUTH_METHODS));
    for (const method of AUTH_METHODS) {
      expect(
        methodSpec(method).fields.map((f) => ({ key: f.key, required: f.required })),
        method,
      ).toEqual(addOrgFields(method));
      for (const f of methodSpec(method).fields) expect(f.label.length, `${method}.${f.key}`).toBeGreaterThan(2);
    }
  });

  it('a form filled with every field the form marks required passes the schema; without one, the schema names that field', () => {
    for (const method of AUTH_METHODS) {
      const form = { alias: 'acme', method, ...COMPLETE[method] } as AddOrgForm;
      expect(AddOrgInput.safeParse(toAddOrgInput(form)).success, method).toBe(true);
      for (const f of methodSpec(method).fields.filter((x) => x.required)) {
        const r = AddOrgInput.safeParse(toAddOrgInput({ ...form, [f.key]: '' }));
        expect(
          r.error?.issues.map((i) => i.path.join('.')),
          `${method}.${f.key}`,
        ).toContain(f.key);
      }
    }
  });
});
