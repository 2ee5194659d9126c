/**
 * "The same org, collected at two moments": GreenPath served by a demo-org subprocess on a
 * fixed port, collected through the back end, then served again on that port with changed data
 * (or faults) so the next collection sees a different org state. The demo org itself never
 * changes data, so a change between snapshots is a restart with another dataset.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, type APIRequestContext } from '@playwright/test';
import { buildGreenPath } from '../../../electron/demo-org/dataset/greenpath';
import { startDemoOrgProcess, type DemoOrgProcess } from './demo-org';
import type { ServedApp } from './server';

type Dataset = ReturnType<typeof buildGreenPath>;

const SCOPE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../electron/demo-org/greenpath-scope.yaml');
export const MULESOFT = 'mulesoft_integration@greenpath.example';

/** GreenPath with MuleSoft also assigned the Legacy_Migration_Access set (View All Data): a real drift. */
export function greenPathWithMuleSoftEscalated(base: Dataset = buildGreenPath()): Dataset {
  const data = structuredClone(base);
  const mule = (data.User ?? []).find((u) => u.Username === MULESOFT);
  const legacy = (data.PermissionSet ?? []).find((p) => p.Name === 'Legacy_Migration_Access');
  if (!mule || !legacy) throw new Error('GreenPath changed: MuleSoft user or Legacy_Migration_Access set not found');
  data.PermissionSetAssignment = [
    ...(data.PermissionSetAssignment ?? []),
    { Id: '0PaHs00000000ZZIAA', AssigneeId: mule.Id, PermissionSetId: legacy.Id, PermissionSetGroupId: null, ExpirationDate: null, IsActive: true },
  ];
  return data;
}

export class GreenPathOrg {
  private proc: DemoOrgProcess | null = null;
  private port = 0;
  readonly token = `e2e-${Math.random().toString(36).slice(2)}`;

  constructor(
    readonly app: ServedApp,
    readonly alias: string,
  ) {}

  /** (Re)starts the org on the same port and token with this dataset and faults. */
  async serve(options: { data?: Dataset; faults?: unknown } = {}): Promise<void> {
    await this.proc?.stop();
    this.proc = await startDemoOrgProcess({ token: this.token, port: this.port, data: options.data, faults: options.faults });
    this.port = Number(new URL(this.proc.url).port);
  }

  get url(): string {
    if (!this.proc) throw new Error('serve() first');
    return this.proc.url;
  }

  async call<T = unknown>(request: APIRequestContext, name: string, data: unknown): Promise<T> {
    const res = await (await request.post(`${this.app.origin}/api/${name}`, { headers: { 'x-iua-token': this.app.token }, data })).json();
    expect(res, `${name}: ${JSON.stringify(res.error ?? '')}`).toMatchObject({ ok: true });
    return res.value as T;
  }

  /** Registers the org with its access token and loads the shipped GreenPath scope. */
  async register(request: APIRequestContext): Promise<void> {
    await this.call(request, 'orgs.add', { alias: this.alias, method: 'access_token', instanceUrl: this.url, accessToken: this.token });
    await this.call(request, 'scope.import', { orgAlias: this.alias, text: fs.readFileSync(SCOPE, 'utf8'), fileName: 'greenpath-scope.yaml' });
  }

  async collect(request: APIRequestContext): Promise<void> {
    await this.call(request, 'collect.start', { alias: this.alias });
  }

  /** Snapshot ids, newest first. */
  async snapshots(request: APIRequestContext): Promise<{ id: string; finishedAt: string; current: boolean }[]> {
    return (await this.call<{ snapshots: { id: string; finishedAt: string; current: boolean }[] }>(request, 'snapshots.list', { alias: this.alias })).snapshots;
  }

  async stop(): Promise<void> {
    await this.proc?.stop();
    this.proc = null;
  }
}
