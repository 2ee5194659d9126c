/**
 * Restrictions real orgs place on metadata objects, so the simulator does not accept queries
 * a real org refuses: FieldDefinition needs a filter on a "reified" column (EntityDefinitionId,
 * DurableId or EntityDefinition.QualifiedApiName) and rejects disjunctions, negation and
 * INCLUDES ("Disjunctions not supported", "Only equals comparisons permitted", "Unsupported
 * filter type" in Salesforce's Tooling API guide, SOQL limitations).
 */
import type { WhereClause } from '@jetstreamapp/soql-parser-js';
import { SfError } from '../errors';

const REIFIED = new Set(['entitydefinitionid', 'durableid', 'entitydefinition.qualifiedapiname', 'entitydefinition.durableid']);

export function checkMetadataQuery(object: string, where: WhereClause | undefined): void {
  if (object !== 'FieldDefinition') return;
  let reified = false;
  for (let clause: WhereClause | undefined = where; clause; clause = 'right' in clause ? clause.right : undefined) {
    if ('operator' in clause && clause.operator) {
      const op = String(clause.operator).toUpperCase();
      if (op === 'OR') throw new SfError(400, 'MALFORMED_QUERY', 'Disjunctions not supported');
      if (op === 'NOT') throw new SfError(400, 'MALFORMED_QUERY', 'Only equals comparisons permitted');
    }
    const left = clause.left as { field?: string; operator?: string } | null;
    if (!left?.field) continue;
    const cmp = String(left.operator ?? '').toUpperCase();
    if (cmp === 'INCLUDES' || cmp === 'EXCLUDES') throw new SfError(400, 'MALFORMED_QUERY', 'Unsupported filter type');
    if (REIFIED.has(left.field.toLowerCase()) && (cmp === '=' || cmp === 'IN')) reified = true;
  }
  if (!reified) {
    throw new SfError(400, 'EXTERNAL_OBJECT_UNSUPPORTED_EXCEPTION', 'FieldDefinition: a filter on a reified column is required [EntityDefinitionId,DurableId]');
  }
}
