/**
 * Import from the Salesforce CLI: `sf org display --target-org X --verbose --json` prints the
 * access token and instance URL of an org the CLI is logged in to. When `sf` is missing we
 * say so instead of failing obscurely.
 */
import { spawn } from 'node:child_process';
import { AppError } from '../../../shared/contract';
import { oneLine } from './errors';

export interface SfCliOrg {
  accessToken: string;
  instanceUrl: string;
  username: string | null;
  orgId: string | null;
  apiVersion: string | null;
}

export function runSfOrgDisplay(target: string, env: NodeJS.ProcessEnv = process.env, timeoutMs = 60_000): Promise<SfCliOrg> {
  if (!/^[A-Za-z0-9@._+-]{1,200}$/.test(target)) throw new AppError('validation', 'The sf target must be an alias or username.');
  return new Promise((resolve, reject) => {
    const command = process.platform === 'win32' ? 'sf.cmd' : 'sf';
    const child = spawn(command, ['org', 'display', '--target-org', target, '--verbose', '--json'], { env, stdio: ['ignore', 'pipe', 'pipe'], shell: false });
    let out = '';
    let err = '';
    const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
    child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (err += d.toString('utf8')));
    child.on('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      if (e.code === 'ENOENT') reject(new AppError('not_found', 'The Salesforce CLI (sf) is not installed or not on PATH. Install it from https://developer.salesforce.com/tools/salesforcecli, or use another auth method.'));
      else reject(new AppError('org_error', `Could not run sf: ${oneLine(e.message)}`));
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      type Display = { status?: number; result?: Record<string, unknown>; message?: string; name?: string };
      let parsed: Display | null = null;
      try {
        parsed = JSON.parse(out) as Display;
      } catch {
        parsed = null;
      }
      if (!parsed || code !== 0 || parsed.status !== 0 || !parsed.result) {
        const why = parsed?.message ?? (err.trim() || out.trim() || `exit code ${code}`);
        reject(new AppError('org_error', `sf org display --target-org ${target} failed: ${oneLine(why)}`));
        return;
      }
      const r = parsed.result;
      const accessToken = typeof r.accessToken === 'string' ? r.accessToken : null;
      const instanceUrl = typeof r.instanceUrl === 'string' ? r.instanceUrl : null;
      if (!accessToken || !instanceUrl) {
        reject(new AppError('org_error', `sf org display --target-org ${target} printed no access token or instance URL (is the org connected in sf?).`));
        return;
      }
      resolve({
        accessToken,
        instanceUrl,
        username: typeof r.username === 'string' ? r.username : null,
        orgId: typeof r.id === 'string' ? r.id : null,
        apiVersion: typeof r.apiVersion === 'string' ? r.apiVersion : null,
      });
    });
  });
}
