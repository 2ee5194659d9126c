import type { OrgDeps } from '../orgs/deps';
import { collectOrg } from '../orgs/collect';
import type { HandlerFactory } from './types';

export const collectHandlers =
  (deps: OrgDeps): HandlerFactory<'collect.start' | 'collect.cancel'> =>
  (ctx) => ({
    'collect.start': (input) => collectOrg(ctx, deps, input),
    'collect.cancel': (input) => ({ cancelled: deps.collections.cancel(input.alias) }),
  });
