/**
 * Calls for the declared scope: what each external system says it needs, per org, with every
 * saved version kept (who, when, what changed).
 */
import { z } from 'zod';
import { defineCall, PersonName } from './define';
import { OrgAlias } from './orgs';
import { ScopeFile } from '../audit/scope';
import { ScopeProblem, ScopeTemplate, ScopeVersion as ScopeVersionSchema } from './results';

export interface ScopeVersion {
  version: number;
  author: string;
  at: string;
  changes: string[];
  scope: ScopeFile;
}

export const scopeCalls = {
  'scope.get': defineCall({
    input: z.strictObject({ orgAlias: OrgAlias }),
    output: z.object({ scope: ScopeFile, warnings: z.array(ScopeProblem) }),
    summary: 'The declared scope of every system of an org, with warnings against the current snapshot.',
  }),
  'scope.save': defineCall({
    input: z.strictObject({ orgAlias: OrgAlias, scope: ScopeFile, author: PersonName.optional() }),
    output: z.object({ warnings: z.array(ScopeProblem) }),
    summary: 'Replace the declared scope of an org (all systems).',
  }),
  'scope.import': defineCall({
    input: z.strictObject({
      orgAlias: OrgAlias,
      text: z.string().max(5_000_000),
      fileName: z.string().max(500),
      format: z.enum(['yaml', 'json']).optional(),
      author: PersonName.optional(),
    }),
    output: z.object({ systems: z.number().int(), warnings: z.array(ScopeProblem) }),
    summary: 'Parse a scope file (YAML or JSON) and replace the org’s scope; errors name file, path and reason.',
  }),
  'scope.export': defineCall({
    input: z.strictObject({ orgAlias: OrgAlias, format: z.enum(['yaml', 'json']).default('yaml') }),
    output: z.object({ text: z.string(), format: z.enum(['yaml', 'json']) }),
    summary: 'The org’s scope as a human-editable file.',
  }),
  'scope.history': defineCall({
    input: z.strictObject({ orgAlias: OrgAlias }),
    output: z.object({ versions: z.array(ScopeVersionSchema) }),
    summary: 'Every saved version of the org’s declared scope, newest first: who, when, what changed, and the whole document.',
  }),
  'scope.templates': defineCall({
    input: z.strictObject({}),
    output: z.array(ScopeTemplate),
    summary: 'Starting scopes for common systems (middleware, HR, ERP, EHR, billing, lab, pharmacy, portal).',
  }),
};
