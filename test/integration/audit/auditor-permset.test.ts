/**
 * #16 item 2: `iua auditor-permset --out DIR` writes the auditor permission set as deployable
 * metadata (source-format .permissionset-meta.xml, package.xml, sfdx-project.json): parsed back
 * with a real XML parser, it grants every permission the visibility rules need, escapes a hostile
 * label, never overwrites, and its files are private.
 */
import fs from 'node:fs';
import path from 'node:path';
import { SaxesParser } from 'saxes';
import { describe, expect, it } from 'vitest';
import { VISIBILITY_RULES } from '../../../shared/audit/visibility';
import { runCli } from '../../support/cli';
import { tempDir } from '../../support/tmp';

interface Node {
  name: string;
  text: string;
  children: Node[];
}

function parseXml(xml: string): Node {
  const parser = new SaxesParser({ xmlns: true });
  const root: Node = { name: '#root', text: '', children: [] };
  const stack: Node[] = [root];
  parser.on('opentag', (t) => {
    const n: Node = { name: t.local ?? t.name, text: '', children: [] };
    stack[stack.length - 1].children.push(n);
    stack.push(n);
  });
  parser.on('text', (t) => (stack[stack.length - 1].text += t));
  parser.on('closetag', () => void stack.pop());
  parser.write(xml).close();
  return root.children[0];
}
const child = (n: Node, name: string) => n.children.filter((c) => c.name === name);

describe('iua auditor-permset', () => {
  it('writes a permission set and manifest that parse back with every permission the visibility rules need', () => {
    const out = path.join(tempDir(), 'permset');
    const label = 'Auditor <&> "quoted" \'s';
    const r = runCli(['auditor-permset', '--out', out, '--label', label, '--json']);
    expect(r.status, r.stderr).toBe(0);
    const file = path.join(out, 'force-app/main/default/permissionsets/Integration_User_Auditor.permissionset-meta.xml');
    const ps = parseXml(fs.readFileSync(file, 'utf8'));
    expect(ps.name).toBe('PermissionSet');
    expect(child(ps, 'label')[0].text).toBe(label);
    const perms = child(ps, 'userPermissions').map((u) => ({ name: child(u, 'name')[0].text, enabled: child(u, 'enabled')[0].text }));
    for (const rule of VISIBILITY_RULES)
      expect(
        perms.some((p) => rule.anyOf.includes(p.name) && p.enabled === 'true'),
        rule.object,
      ).toBe(true);
    expect(perms.map((p) => p.name)).toEqual(expect.arrayContaining(['ApiEnabled', 'ViewSetup', 'ManageUsers', 'CustomizeApplication', 'ViewRoles']));
    expect(perms.map((p) => p.name)).not.toContain('ModifyAllData');

    const pkg = parseXml(fs.readFileSync(path.join(out, 'package.xml'), 'utf8'));
    const types = child(pkg, 'types')[0];
    expect(child(types, 'name')[0].text).toBe('PermissionSet');
    expect(child(types, 'members')[0].text).toBe('Integration_User_Auditor');
    expect(child(pkg, 'version')[0].text).toMatch(/^\d+\.0$/);
    expect(JSON.parse(fs.readFileSync(path.join(out, 'sfdx-project.json'), 'utf8')).packageDirectories[0].path).toBe('force-app');
    if (process.platform !== 'win32') expect(fs.statSync(file).mode & 0o077).toBe(0);
    expect(JSON.parse(r.stdout).permissions).toEqual(perms.map((p) => p.name));
  });

  it('never overwrites an existing file, and refuses a bad API name, in words', () => {
    const out = tempDir();
    fs.writeFileSync(path.join(out, 'package.xml'), 'mine');
    const r = runCli(['auditor-permset', '--out', out]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('already exists');
    expect(fs.readFileSync(path.join(out, 'package.xml'), 'utf8')).toBe('mine');
    expect(fs.existsSync(path.join(out, 'force-app'))).toBe(false);
    const bad = runCli(['auditor-permset', '--out', tempDir(), '--name', '../evil']);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('not a valid permission set API name');
  });
});
