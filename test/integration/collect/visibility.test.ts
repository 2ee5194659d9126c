/**
 * #16 item 2 end to end: an auditing user without Manage Users / Customize Application is told
 * so by orgs.test before the first collection, and its snapshot's login, token and frozen-state
 * checks are errors naming the missing permission — while the demo auditor (who holds the
 * `iua auditor-permset` permissions) sees everything.
 */
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { buildGreenPath } from '../../../electron/demo-org/dataset/greenpath';
import { addByToken, rig, type Rig } from './helpers';

let r: Rig | undefined;
afterEach(async () => {
  await r?.close();
  r = undefined;
});

function readOnlyUsername(): string {
  const data = buildGreenPath();
  const readOnly = data.Profile.find((p) => p.Name === 'Read Only')!;
  return String(data.User.find((u) => u.ProfileId === readOnly.Id && u.IsActive !== false)!.Username);
}

describe('what the auditing user can see', () => {
  it('the demo auditor sees every row: orgs.test says so', async () => {
    r = await rig();
    await addByToken(r);
    const t = await r.backend.call('orgs.test', { alias: 'demo' });
    expect(t.visibility.map((v) => [v.object, v.visible])).toEqual([
      ['LoginHistory', true],
      ['OauthToken', true],
      ['UserLogin', true],
    ]);
  });

  it('a user without the permissions is warned before collecting, and its snapshot cannot pass the checks those objects feed', async () => {
    const username = readOnlyUsername();
    r = await rig({ sessionUsername: username });
    await addByToken(r);
    const t = await r.backend.call('orgs.test', { alias: 'demo' });
    expect(t.username).toBe(username);
    const byObject = new Map(t.visibility.map((v) => [v.object, v]));
    expect(byObject.get('LoginHistory')).toMatchObject({ visible: false, permissions: ['Manage Users', 'Monitor Login History'] });
    expect(byObject.get('LoginHistory')!.message).toContain('iua auditor-permset');
    expect(byObject.get('OauthToken')).toMatchObject({ visible: false, permissions: ['Customize Application'] });

    const sync = await r.backend.call('collect.start', { alias: 'demo' });
    // The demo org, like Salesforce, returned only the auditing user's own login history.
    const session = buildGreenPath().User.find((u) => u.Username === username)!;
    const own = r.org.dataset.LoginHistory.filter((l) => l.UserId === session.Id).length;
    expect(r.org.dataset.LoginHistory.length).toBeGreaterThan(own);
    expect(sync.counts.LoginHistory).toBeGreaterThan(0);
    expect(sync.counts.LoginHistory).toBeLessThanOrEqual(own);
    await r.backend.call('scope.import', { orgAlias: 'demo', text: fs.readFileSync('electron/demo-org/greenpath-scope.yaml', 'utf8'), fileName: 'greenpath-scope.yaml' });
    const view = await r.backend.call('audit.evaluate', { orgAlias: 'demo' });
    const org04 = view.evaluation.orgChecks.find((c) => c.id === 'ORG-04')!;
    expect(org04.status).toBe('fail');
    expect(org04.evidence).toContainEqual(expect.objectContaining({ id: 'LoginHistory', errorCode: 'PARTIAL_VISIBILITY' }));
    const org01 = view.evaluation.orgChecks.find((c) => c.id === 'ORG-01')!;
    expect(org01.status).toBe('error');
    expect(org01.summary).toContain(`the auditing user ${username} lacks`);
    const iu04 = view.evaluation.systems.flatMap((s) => s.checks).filter((c) => c.id === 'IU-04');
    expect(iu04.length).toBe(7);
    for (const c of iu04) expect(c.status).toBe('error');
  });
});
