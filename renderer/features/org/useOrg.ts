import { useCallback } from 'react';
import { useParams, useSearchParams } from 'react-router';
import { useCall } from '../../api/context';

/** The org alias from the address; org screens only render under /orgs/:alias. */
export function useOrgAlias(): string {
  const { alias } = useParams();
  return alias ?? '';
}

/**
 * The snapshot a screen is based on: `?snapshot=` when the auditor picked one, else the org's
 * current snapshot (undefined: the back end uses the current one).
 */
export function useSnapshotChoice(): string | undefined {
  const [params] = useSearchParams();
  return params.get('snapshot') ?? undefined;
}

/** Paths inside an org that keep the chosen snapshot. */
export function useOrgPath(): (sub?: string) => string {
  const alias = useOrgAlias();
  const snapshot = useSnapshotChoice();
  return useCallback((sub = '') => `/orgs/${encodeURIComponent(alias)}${sub ? `/${sub}` : ''}${snapshot ? `?snapshot=${encodeURIComponent(snapshot)}` : ''}`, [alias, snapshot]);
}

export function useOrg(alias: string) {
  const orgs = useCall('orgs.list', {});
  const org = orgs.data?.orgs.find((o) => o.alias === alias) ?? null;
  return { query: orgs, org };
}

/** The evaluation every org screen reads (cached per org and snapshot). */
export function useEvaluation() {
  const alias = useOrgAlias();
  const snapshotId = useSnapshotChoice();
  return useCall('audit.evaluate', snapshotId ? { orgAlias: alias, snapshotId } : { orgAlias: alias }, { enabled: !!alias });
}
