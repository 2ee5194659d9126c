import type { OrgDeps } from '../orgs/deps';
import { collectOrg } from '../orgs/collect';
import type { HandlerFactory } from './types';

export const syncHandlers =
  (deps: OrgDeps): HandlerFactory<'sync.start' | 'sync.cancel'> =>
  (ctx) => ({
    'sync.start': (input) => collectOrg(ctx, deps, input),
    'sync.cancel': (input) => ({ cancelled: deps.collections.cancel(input.alias) }),
  });
