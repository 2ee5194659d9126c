/**
 * Restrictions real orgs place on metadata objects, so the simulator does not accept queries
 * a real org refuses: FieldDefinition needs a filter on a "reified" column (EntityDefinitionId,
 * DurableId or EntityDefinition.QualifiedApiName) and rejects disjunctions, negation and
 * INCLUDES ("Disjunctions not supported", "Only equals comparisons permitted", "Unsupported
 * filter type" in Salesforce's Tooling API guide, SOQL limitations).
 */
import type { WhereClause } from '@jetstreamapp/soql-parser-js';
import { SfError } from '../errors';
import type { CompiledPath } from './paths';

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

/**
 * Tooling API Profile (tooling_api_objects_profile.htm): "Query this field only if the query
 * result contains no more than one record. Otherwise, an error is returned." The wording of
 * the error is as observed in sorenkrabbe/Chrome-Salesforce-inspector#39.
 */
export function checkMetadataRowCount(columns: readonly CompiledPath[], rows: number): void {
  if (rows <= 1 || !columns.some((c) => c.segments.length === 1 && c.field.toolingOnly)) return;
  throw new SfError(
    400,
    'MALFORMED_QUERY',
    `When retrieving results with Metadata or FullName fields, the query qualifications must specify no more than one row for retrieval. Result size: ${rows}`,
  );
}

/**
 * Metadata objects answer one batch only: past 2,000 rows Salesforce refuses with
 * `EXCEEDED_ID_LIMIT: EntityDefinition does not support queryMore(), use LIMIT to restrict
 * the results to a single batch` (SalesforceLabs/OrgCheck #429, forcedotcom/SFDX-Data-Move-Utility #220).
 */
export const NO_QUERY_MORE = new Set(['EntityDefinition', 'FieldDefinition']);
export const METADATA_BATCH = 2000;

export function checkSingleBatch(object: string, rows: number): void {
  if (!NO_QUERY_MORE.has(object) || rows <= METADATA_BATCH) return;
  throw new SfError(400, 'EXCEEDED_ID_LIMIT', `${object} does not support queryMore(), use LIMIT to restrict the results to a single batch`);
}

/** Bulk API does not serve metadata objects (message as in jsforce/jsforce#413; error code unverified). */
export function checkBulkSupported(object: string): void {
  if (!NO_QUERY_MORE.has(object)) return;
  throw new SfError(400, 'INVALIDENTITY', `Entity '${object}' is not supported by the Bulk Query API.`);
}
