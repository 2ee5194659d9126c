/**
 * The reviewer is set once and kept by the back end (review.reviewer), not by this browser: a
 * name set through the API (as `iua reviewer` does) prefills the decision form, and a name typed
 * in the form is saved for every door.
 */
import { test, expect, type APIRequestContext } from '@playwright/test';
import { servedAppForFile } from './support/served';
import { ChecklistPage } from './pages/OrgPages';

const app = servedAppForFile();
const ORG = 'greenpath-demo';

function api(request: APIRequestContext) {
  return async <T = unknown>(name: string, data: unknown): Promise<T> => {
    const res = await (await request.post(`${app.origin}/api/${name}`, { headers: { 'x-iua-token': app.token }, data })).json();
    expect(res.ok, `${name}: ${JSON.stringify(res.error)}`).toBe(true);
    return res.value as T;
  };
}

test('the reviewer set once prefills the forms, and a name typed there is kept by the back end', async ({ page, request }) => {
  test.setTimeout(180_000);
  const call = api(request);
  await call('demo.start', {});
  await call('review.reviewer', { name: 'Ada Auditor', role: 'Compliance lead' });
  await page.goto(app.url);
  await page.goto(`${app.origin}/#/orgs/${ORG}/systems/Billing/checklist`);
  const checklist = new ChecklistPage(page);
  await expect(checklist.step).toBeVisible();
  await checklist.openCheck('IU-05');
  const iu05 = checklist.step.getByTestId('check-result').first();
  await iu05.getByRole('button', { name: 'Decide' }).click();
  const form = iu05.getByRole('form', { name: 'Decision' });
  await expect(form.getByLabel('Reviewer')).toHaveValue('Ada Auditor');
  // Nothing in this browser's storage: the name came from the back end.
  expect(await page.evaluate(() => Object.keys((globalThis as unknown as { localStorage: object }).localStorage).filter((k) => k.startsWith('iua.reviewer')))).toEqual([]);

  await form.getByLabel('Reviewer').fill('Bo Builder');
  await expect.poll(async () => (await call<{ name: string | null }>('review.reviewer', {})).name, { timeout: 5_000 }).toBe('Bo Builder');
  expect((await call<{ role: string | null }>('review.reviewer', {})).role).toBe('Compliance lead');
});
