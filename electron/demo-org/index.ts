/**
 * The demo org: a Salesforce API simulator that real jsforce talks to. It is the app's
 * embedded "try it" org, the test bed for the collector, a load generator (`scale`) and a
 * fault injector (`faults`). Loopback only; read-only; in memory.
 */
import { createViewerFilters } from './visibility';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { AppError } from '../../shared/contract';
import { BulkService } from './bulk2';
import { buildGreenPath } from './dataset/greenpath';
import { addScale } from './dataset/scale';
import { addRealOrgShape, type RealOrgShapeOptions } from './dataset/real-org-shape';
import { loadDatasetFile, validateDataset } from './dataset/validate';
import { Faults, loadFaultFile, type FaultConfigInput } from './faults';
import { Journal, type JournalEntry } from './journal';
import { OAuthServer } from './oauth';
import { QueryService } from './query';
import { OrgSchema, type Dataset } from './schema';
import { createDemoServer } from './server';

export type { Dataset } from './schema';
export type { JournalEntry } from './journal';
export type { FaultConfigInput } from './faults';
export { buildGreenPath } from './dataset/greenpath';

/** Credentials the default dataset accepts (documented in docs/demo-org.md). */
export const DEMO_DEFAULTS = {
  clientId: 'demo-org-client-id',
  clientSecret: 'demo-org-client-secret',
  username: 'auditor@greenpath.example',
  password: 'GreenPath-Demo-1',
  apiLimit: 100_000,
} as const;

export interface DemoOrgOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Loopback only: 127.0.0.1 (default), ::1 or localhost. */
  host?: string;
  /** A dataset object, or the path of a dataset JSON file. Default: GreenPath Healthcare. */
  data?: Dataset | string;
  /** Adds about this many generated users (load tests). */
  scale?: number;
  seed?: number;
  /** Fixed bearer token (default: random). */
  token?: string;
  /** Fault configuration object, or the path of a faults JSON file. */
  faults?: FaultConfigInput | string;
  journalFile?: string;
  /** Daily API request allocation and usage at start. */
  apiLimit?: number;
  apiUsage?: number;
  clientId?: string;
  clientSecret?: string;
  /** username → password (+ security token) for the password grant. Default: the auditor's demo password. */
  passwords?: Record<string, string>;
  /** PEM certificate or SPKI public key that JWT bearer assertions must verify against. */
  jwtCertificate?: string;
  /** Default true: each refresh returns a new refresh token and revokes the old one. */
  rotateRefreshTokens?: boolean;
  /** User the fixed token, authorize and client_credentials act as. Default: the auditor (or the first active user). */
  sessionUsername?: string;
  /**
   * Serve OauthToken's dataset Ids instead of null. A real org answers null ("Reserved for
   * future use. Currently, the value is always null", sforce_api_objects_oauthtoken.htm), which
   * is the default.
   */
  oauthTokenIds?: boolean;
  /** Adds the shape of a large real org (thousands of custom objects, ~650 permission fields): see dataset/real-org-shape.ts. */
  realOrgShape?: RealOrgShapeOptions;
  /**
   * GreenPath with the Event Monitoring licence: 30 days of API, RestApi, BulkApi, BulkApi2 and
   * ApiTotalUsage log files and the Event Log Objects (RestApi, BulkApi, BulkApi2). Default: without (only the
   * free ApiTotalUsage file, kept a day). Ignored with `data`.
   */
  eventMonitoring?: boolean;
  /** "Now" for date literals; default Date.now() per query. */
  now?: () => number;
}

export interface DemoOrg {
  url: string;
  accessToken: string;
  orgId: string;
  userId: string;
  clientId: string;
  clientSecret: string;
  journal: JournalEntry[];
  dataset: Dataset;
  limits: { max: number; used: number };
  setFaults(config: FaultConfigInput): void;
  /** Invalidates every access token except the fixed one (to rehearse 401 + refresh). */
  expireSessions(options?: { includeFixedToken?: boolean }): void;
  close(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

export async function startDemoOrg(options: DemoOrgOptions = {}): Promise<DemoOrg> {
  const host = options.host ?? '127.0.0.1';
  if (!LOOPBACK.has(host)) throw new AppError('validation', `The demo org binds loopback only (127.0.0.1, ::1 or localhost), not "${host}"`);
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new AppError('validation', `port must be an integer from 0 to 65535, got ${port}`);
  const scale = options.scale ?? 0;
  if (!Number.isInteger(scale) || scale < 0 || scale > 1_000_000) throw new AppError('validation', `scale must be an integer from 0 to 1000000, got ${scale}`);

  let dataset: Dataset;
  let generated = false;
  if (typeof options.data === 'string') dataset = loadDatasetFile(options.data);
  else if (options.data) dataset = validateDataset(structuredClone(options.data), 'dataset');
  else {
    dataset = buildGreenPath(options.now ? options.now() : undefined, { eventMonitoring: options.eventMonitoring });
    generated = true;
  }
  if (scale > 0) {
    addScale(dataset, scale, options.seed ?? 1);
    generated = true;
  }
  if (options.realOrgShape) addRealOrgShape(dataset, options.realOrgShape);
  const schema = new OrgSchema(dataset, { sampleShapes: generated && scale > 0, nullIdObjects: options.oauthTokenIds ? new Set() : undefined });
  const faults = new Faults(typeof options.faults === 'string' ? loadFaultFile(options.faults) : options.faults);
  const journal = new Journal(options.journalFile);
  const limits = { max: options.apiLimit ?? DEMO_DEFAULTS.apiLimit, used: options.apiUsage ?? 0 };
  const orgId = (dataset.Organization?.[0]?.Id as string | undefined) ?? '00DHs0000000001AAA';
  const users = () => dataset.User ?? [];
  const sessionUser =
    users().find((u) => String(u.Username).toLowerCase() === (options.sessionUsername ?? DEMO_DEFAULTS.username).toLowerCase()) ?? users().find((u) => u.IsActive !== false);
  const userId = sessionUser?.Id ?? '005Hs0000000001AAA';
  let baseUrl = '';
  const clientId = options.clientId ?? DEMO_DEFAULTS.clientId;
  const clientSecret = options.clientSecret ?? DEMO_DEFAULTS.clientSecret;
  const passwords: Record<string, string> = {};
  for (const [u, p] of Object.entries(options.passwords ?? { [DEMO_DEFAULTS.username]: DEMO_DEFAULTS.password })) passwords[u.toLowerCase()] = p;
  const oauth = new OAuthServer(
    {
      clientId,
      clientSecret,
      passwords,
      jwtCertificate: options.jwtCertificate,
      rotateRefreshTokens: options.rotateRefreshTokens ?? true,
      runAsUsername: String(sessionUser?.Username ?? options.sessionUsername ?? DEMO_DEFAULTS.username),
    },
    () => baseUrl,
    orgId,
    users,
  );
  const accessToken = options.token ?? `${orgId.slice(0, 15)}!${randomBytes(36).toString('base64url')}`;
  oauth.sessions.set(accessToken, { userId, clientId: null });
  const now = options.now ?? (() => Date.now());
  const visibleTo = createViewerFilters(dataset, now);
  const queries = new QueryService(schema, now, visibleTo);
  const bulk = new BulkService(schema, now, () => userId, visibleTo);
  const server = createDemoServer({ schema, oauth, queries, bulk, faults, journal, limits, baseUrl: () => baseUrl });

  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => reject(err.code === 'EADDRINUSE' ? new AppError('conflict', `Port ${port} is already in use on ${host}`) : err));
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  baseUrl = `http://${shownHost}:${address.port}`;

  return {
    url: baseUrl,
    accessToken,
    orgId,
    userId,
    clientId,
    clientSecret,
    journal: journal.entries,
    dataset,
    limits,
    setFaults: (config) => faults.set(config),
    expireSessions: (opts) => oauth.expireSessions(opts?.includeFixedToken ? [] : [accessToken]),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
