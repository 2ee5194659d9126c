/**
 * s13 (issue #20 item 13): a `--from-sf-cli` target that sf would read as an option (or that
 * a shell would interpret) is refused before sf runs; a valid one reaches sf bound to its flag
 * (`--target-org=X`) and followed by `--`, with no shell in between.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/contract';
import { readSfCliAuth, sfRunner } from '../../electron/services/salesforce/sf-cli';
import { tempDir } from '../support/tmp';
import { reportAs, tally } from './support/report';

reportAs('sf-cli-target.test.ts');

const bin = tempDir('iua-s13-');
afterAll(() => fs.rmSync(bin, { recursive: true, force: true }));
const log = path.join(bin, 'argv.jsonl');
const marker = path.join(bin, 'shell-ran');
// A scripted sf: records its argv, answers like a CLI that knows no org.
fs.writeFileSync(
  path.join(bin, 'sf'),
  `#!${process.execPath}\nrequire('node:fs').appendFileSync(${JSON.stringify(log)}, JSON.stringify(process.argv.slice(2)) + '\\n');\nprocess.stdout.write(JSON.stringify({ status: 1, message: 'No authorization information found.' }));\nprocess.exit(1);\n`,
  { mode: 0o755 },
);
const run = sfRunner({ ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH}` });
const calls = () =>
  fs.existsSync(log)
    ? fs
        .readFileSync(log, 'utf8')
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as string[])
    : [];

async function refusal(target: string): Promise<AppError> {
  try {
    await readSfCliAuth(target, run);
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error(`"${target}" was accepted`);
}

describe('s13 --from-sf-cli targets', () => {
  it('refuses option-like and shell-like targets before sf runs', async () => {
    const hostile = ['-x', '--target-dev-hub', '--json', '-o=prod', `$(touch ${marker})`, 'a;touch x', 'a b', '`id`', 'a|b', '', 'x'.repeat(201)];
    for (const target of hostile) {
      const err = await refusal(target);
      expect(err.code, target).toBe('validation');
      expect(err.message, target).not.toMatch(/at \w+ \(/);
    }
    expect((await refusal('-x')).message).toMatch(/begins with "-", so sf would read it as an option/);
    expect(calls()).toEqual([]);
    expect(fs.existsSync(marker)).toBe(false);
    tally('s13', { tests: 1, hostile: hostile.length });
  });

  it('passes a valid target bound to its flag, then "--", without a shell', async () => {
    const err = await refusal('prod-org@acme.com');
    expect(err.code).toBe('org_error');
    expect(err.message).toMatch(/does not know the org "prod-org@acme.com": No authorization information found\./);
    expect(calls()).toEqual([['org', 'display', '--verbose', '--json', '--target-org=prod-org@acme.com', '--']]);
    tally('s13', { tests: 1 });
  });
});
