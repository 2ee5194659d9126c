/**
 * Query planning for what real orgs refuse (see docs/salesforce-fidelity.md): requests whose
 * URI and headers pass 16,384 bytes (KB 000386264) are split by columns; objects without
 * queryMore (EntityDefinition) are paged with a keyset cursor; FieldDefinition is filtered
 * per object on `EntityDefinition.QualifiedApiName`; profile login IP ranges come from the
 * Tooling API's Profile.Metadata one profile at a time. Pure string building: no I/O here.
 */
import type { ObjectSpec } from '../../../shared/salesforce-objects';
import { idList, selectSoql, soqlString } from './soql';

/**
 * Budget for the request line (method, path, encoded SOQL): Salesforce refuses URI plus headers
 * over 16,384 bytes; jsforce's headers (authorization, user agent, …) stay well under 2 KB, and
 * the instance host is not part of the request line. 12,000 leaves a safe margin.
 */
export const MAX_QUERY_URL_BYTES = 12_000;

/** Rows a metadata object answers in its one batch (no queryMore). */
export const KEYSET_PAGE = 2000;

/** The data-API path of a query, as the client sends it. */
export function queryPath(version: string, soql: string, tooling = false): string {
  return `/services/data/v${version}${tooling ? '/tooling' : ''}/query?q=${encodeURIComponent(soql)}`;
}

/**
 * Splits `fields` into groups whose SELECT fits in the URL budget; every group starts with Id
 * so the parts of one record can be merged. One group when everything fits.
 */
export function splitColumns(version: string, object: string, fields: readonly string[], where?: string, maxBytes = MAX_QUERY_URL_BYTES): string[][] {
  const fits = (group: readonly string[]) => Buffer.byteLength(queryPath(version, selectSoql(object, group, where))) <= maxBytes;
  if (fits(fields)) return [[...fields]];
  const rest = fields.filter((f) => f !== 'Id');
  const groups: string[][] = [];
  let current = ['Id'];
  for (const f of rest) {
    const next = [...current, f];
    if (current.length > 1 && !fits(next)) {
      groups.push(current);
      current = ['Id', f];
    } else current = next;
  }
  groups.push(current);
  for (const g of groups) {
    if (!fits(g)) throw new Error(`cannot fit one column of ${object} into a ${maxBytes}-byte query URL`);
  }
  return groups;
}

/** One keyset page: `ORDER BY <key> LIMIT 2000`, after `last` when given. */
export function keysetSoql(object: string, fields: readonly string[], keyField: string, last: string | null): string {
  return `${selectSoql(object, fields, last === null ? undefined : `${keyField} > ${soqlString(last)}`)} ORDER BY ${keyField} LIMIT ${KEYSET_PAGE}`;
}

/** FieldDefinition of one object: the filter Salesforce documents (`EntityDefinition.QualifiedApiName = '…'`). */
export function perEntitySoql(spec: ObjectSpec, fields: readonly string[], objectName: string): string {
  return selectSoql(spec.name, fields, `${spec.perEntityField} = ${soqlString(objectName)}`);
}

/** Tooling API: Profile.Metadata may be selected only when the query matches at most one row. */
export function profileMetadataSoql(profileId: string): string {
  return `SELECT Id, Metadata FROM Profile WHERE Id = ${idList([profileId])}`;
}

/** A cheap query that proves the auditing user can read `spec` (`iua orgs test`). */
export function probeQuery(spec: ObjectSpec): { soql: string; tooling: boolean } {
  if (spec.fromProfileMetadata) return { soql: 'SELECT Id, Metadata FROM Profile LIMIT 1', tooling: true };
  if (spec.perEntityField) return { soql: `SELECT Id FROM ${spec.name} WHERE ${spec.perEntityField} = 'User'`, tooling: false };
  return { soql: `SELECT Id FROM ${spec.name} LIMIT 1`, tooling: false };
}
