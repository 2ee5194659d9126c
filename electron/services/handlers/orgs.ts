import { listOrgs } from '../orgs/repository';
import type { OrgDeps } from '../orgs/deps';
import { addOrg, listSfCliImports, removeOrg, testOrg } from '../orgs/service';
import { requireDb } from '../context';
import type { HandlerFactory } from './types';

export const orgHandlers =
  (deps: OrgDeps): HandlerFactory<'orgs.list' | 'orgs.add' | 'orgs.remove' | 'orgs.test' | 'orgs.sfCliOrgs'> =>
  (ctx) => ({
    'orgs.list': () => ({ orgs: listOrgs(requireDb(ctx)) }),
    'orgs.add': (input) => addOrg(ctx, deps, input),
    'orgs.remove': (input) => removeOrg(ctx, deps, input.alias),
    'orgs.test': (input) => testOrg(ctx, deps, input.alias),
    'orgs.sfCliOrgs': () => listSfCliImports(),
  });
