/**
 * `GET …/query?q=…&columns=true`: instead of rows, a real org answers the query's column
 * metadata (`entityName`, `columnMetadata[]` with `columnName`, `displayName`, `aggregate` and
 * nested `joinColumns` for relationship paths). The Salesforce CLI's `sf data query` asks for
 * it to lay out its table/CSV (forcedotcom/cli plugin-data `retrieveColumns`, which reads
 * exactly those keys). The remaining keys follow the Developer Console's shape (unverified in
 * detail; no client we know of reads them).
 */
import type { FieldType as ParsedField } from '@jetstreamapp/soql-parser-js';
import { invalidType, malformed } from '../errors';
import { TOOLING_ONLY, type FieldInfo, type OrgSchema } from '../schema';
import { compilePath } from './paths';
import { parseSoql } from './engine';

interface ColumnMetadata {
  aggregate: boolean;
  apexType: string | null;
  booleanType: boolean;
  columnName: string;
  custom: boolean;
  displayName: string;
  foreignKeyName: string | null;
  insertable: boolean;
  joinColumns: ColumnMetadata[];
  numberType: boolean;
  textType: boolean;
  updatable: boolean;
}

const APEX_TYPES: Record<string, string> = {
  id: 'Id',
  reference: 'Id',
  boolean: 'Boolean',
  int: 'Integer',
  double: 'Double',
  date: 'Date',
  datetime: 'Datetime',
};

function column(name: string, displayName: string, field: FieldInfo | null, joinColumns: ColumnMetadata[] = [], aggregate = false): ColumnMetadata {
  const apexType = field ? (APEX_TYPES[field.type] ?? 'String') : aggregate ? 'Integer' : null;
  return {
    aggregate,
    apexType,
    booleanType: apexType === 'Boolean',
    columnName: name,
    custom: name.endsWith('__c') || name.endsWith('__r'),
    displayName,
    foreignKeyName: null,
    insertable: false,
    joinColumns,
    numberType: apexType === 'Integer' || apexType === 'Double',
    textType: apexType === 'String',
    updatable: false,
  };
}

export function queryColumns(schema: OrgSchema, soql: string, tooling: boolean): Record<string, unknown> {
  const query = parseSoql(soql);
  const table = query.sObject ? schema.table(query.sObject) : undefined;
  if (!table || (tooling ? !table.tooling : TOOLING_ONLY.has(table.name))) throw invalidType(query.sObject ?? '');
  const columns: ColumnMetadata[] = [];
  let expr = 0;
  for (const f of (query.fields ?? []) as ParsedField[]) {
    if (f.type === 'Field' || f.type === 'FieldRelationship') {
      const raw = f.type === 'Field' ? f.field : [...f.relationships, f.field].join('.');
      const path = compilePath(schema, table, raw);
      // Relationship paths nest: Profile.UserLicense.Name → Profile{UserLicense{Name}}.
      let nested = column(path.field.name, path.segments.join('.'), path.field);
      for (let i = path.segments.length - 2; i >= 0; i--) nested = column(path.segments[i], path.segments.slice(0, i + 1).join('.'), null, [nested]);
      columns.push(nested);
    } else if (f.type === 'FieldFunctionExpression') {
      const alias = f.alias ?? `expr${expr++}`;
      columns.push(column(alias, f.rawValue ?? `${f.functionName}()`, null, [], true));
    } else {
      throw malformed(`unsupported SELECT item: ${(f as { rawValue?: string }).rawValue ?? f.type}`);
    }
  }
  return {
    columnMetadata: columns,
    entityName: table.name,
    groupBy: false,
    idSelected: columns.some((c) => c.columnName === 'Id' && c.joinColumns.length === 0),
    keyPrefix: table.keyPrefix,
  };
}
