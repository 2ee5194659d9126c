/**
 * A call whose input fails the contract answers in words: the field as a person names it and
 * what is expected — never zod's wording or the call's internal name.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../../electron/services/backend';
import { CALL_NAMES } from '../../../shared/contract';
import { z } from 'zod';
import { fieldInWords, plainIssueMap, plainValidationMessage } from '../../../shared/contract/plain-issues';
import { tempDir } from '../../support/tmp';

let backend: Backend;
beforeAll(() => {
  backend = createBackend({ dataDir: tempDir(), door: 'desktop' });
});
afterAll(() => backend.close());

type Failure = { ok: false; error: { code: string; message: string; issues: { path: string; message: string }[] } };
const refuse = async (name: string, input: unknown) => {
  const r = (await backend.dispatch(name, input)) as Failure;
  expect(r.ok).toBe(false);
  expect(r.error.code).toBe('validation');
  return r.error;
};
/** zod's default phrasing, and the internal name of any call. */
const ZOD_WORDING = /Invalid input|Invalid option|Invalid string|Too small|Too big|Unrecognized key|expected (string|number|int|boolean)|received|>=|<=/;
const CALL_NAME = new RegExp(`\\b(${CALL_NAMES.map((n) => n.replace('.', '\\.')).join('|')})\\b`);

describe('contract validation in words', () => {
  it('look-back days "abc" and -5 say the field in words and what it must be', async () => {
    const text = await refuse('collect.start', { alias: 'acme', lookbackDays: 'abc' });
    expect(text.message).toBe('Please check what was entered: look-back days must be a number (not "abc").');
    expect(text.issues).toEqual([{ path: 'lookbackDays', message: 'must be a number (not "abc")' }]);
    const negative = await refuse('collect.start', { alias: 'acme', lookbackDays: -5 });
    expect(negative.message).toBe('Please check what was entered: look-back days must be at least 1 (not -5).');
    const fraction = await refuse('collect.start', { alias: 'acme', lookbackDays: 2.5 });
    expect(fraction.message).toMatch(/look-back days must be a whole number/);
  });

  it('a mistyped instance URL, an unknown option and a missing field are named, not coded', async () => {
    const url = await refuse('orgs.add', { alias: 'acme', method: 'access_token', instanceUrl: 'my org', accessToken: 'x' });
    expect(url.message).toMatch(/^Please check what was entered: .*instance URL (must|—) /);
    expect(url.message).not.toMatch(/Invalid|received/);
    expect(url.message).not.toMatch(/\.\.$/);
    const unknown = await refuse('collect.start', { alias: 'acme', surprise: 1 });
    expect(unknown.message).toBe('Please check what was entered: the request has a value this app does not know: surprise.');
    const missing = await refuse('collect.start', {});
    expect(missing.message).toBe('Please check what was entered: org alias is required.');
    const choice = await refuse('evidence.export', { orgAlias: 'acme', format: 'pdf' });
    expect(choice.message).toBe('Please check what was entered: format must be one of "xlsx", "json", "csv".');
  });

  it('keeps the messages written into the schema (they are already sentences)', async () => {
    const r = await refuse('review.attest', { orgAlias: 'acme', system: 'S', checkId: 'IU-03', kind: 'exception', justification: 'short' });
    expect(r.message).toMatch(/^Please check what was entered: justification — a justification needs at least 20 characters/);
  });

  it('no call answers bad input with zod wording or its own internal name', async () => {
    const junk = [{ __nope: 1 }, { alias: 5, orgAlias: 5, path: 5, name: 5 }, 'text', []];
    for (const name of CALL_NAMES) {
      for (const input of junk) {
        const r = (await backend.dispatch(name, input)) as Failure | { ok: true };
        if (r.ok) continue;
        if (r.error.code !== 'validation') continue;
        expect(r.error.message, `${name} ${JSON.stringify(input)}`).not.toMatch(ZOD_WORDING);
        expect(r.error.message, `${name} ${JSON.stringify(input)}`).not.toMatch(CALL_NAME);
        for (const i of r.error.issues ?? []) expect(i.message, `${name} ${i.path}`).not.toMatch(ZOD_WORDING);
      }
    }
  });

  it('a union says it matched no accepted form, a discriminated one lists its choices', () => {
    const union = z.union([z.string(), z.number()]);
    const bad = union.safeParse(true, { error: plainIssueMap });
    expect(plainValidationMessage(bad.error!.issues)).toBe('Please check what was entered: the request does not match any accepted form.');
    const byMethod = z.discriminatedUnion('method', [z.object({ method: z.literal('jwt') }), z.object({ method: z.literal('web') })]);
    const wrong = byMethod.safeParse({ method: 'fax' }, { error: plainIssueMap });
    expect(plainValidationMessage(wrong.error!.issues)).toBe('Please check what was entered: sign-in method must be one of "jwt", "web".');
  });

  it('names nested fields and list items in words', () => {
    expect(fieldInWords(['systems', 0, 'objects', 'Account'])).toBe('systems › item 1 › objects › Account');
    expect(fieldInWords(['clientSecretRef'])).toBe('client secret ref');
    expect(fieldInWords(['instanceUrl'])).toBe('instance URL');
    expect(fieldInWords(['reviewCadence'])).toBe('review cadence');
    expect(fieldInWords([])).toBe('the request');
  });
});
