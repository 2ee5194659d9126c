/**
 * Connecting: who the auditing user is (userinfo) and the org's daily API usage (/limits).
 * Used before a collection and by `orgs add`/`orgs test`.
 */
import { AppError } from '../../../shared/contract';
import type { SfClient } from './client';

export interface Identity {
  orgId: string;
  userId: string;
  username: string;
}

export async function fetchIdentity(client: SfClient): Promise<Identity> {
  const info = await client.get<{ user_id?: string; organization_id?: string; preferred_username?: string; username?: string }>('/services/oauth2/userinfo');
  if (!info.organization_id || !info.user_id) throw new AppError('org_error', 'Salesforce answered the identity request without an org or user id.');
  return { orgId: info.organization_id, userId: info.user_id, username: info.preferred_username ?? info.username ?? info.user_id };
}

export async function fetchDailyUsage(client: SfClient): Promise<{ used: number; limit: number } | null> {
  const limits = await client.get<Record<string, { Max: number; Remaining: number }>>(client.dataPath('/limits'));
  const daily = limits.DailyApiRequests;
  if (daily && typeof daily.Max === 'number' && typeof daily.Remaining === 'number') return { used: daily.Max - daily.Remaining, limit: daily.Max };
  return client.usage;
}
