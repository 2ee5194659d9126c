/**
 * Building SOQL safely. Nothing from org data is pasted into a query unchecked: Ids must look
 * like Salesforce Ids, object and field names must come from the describe and look like API
 * names, and string literals are escaped (backslash first, then quotes and control chars).
 */
import { AppError } from '../../../shared/contract';

const ID = /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/;
const API_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

export function isSfId(value: unknown): value is string {
  return typeof value === 'string' && ID.test(value);
}

export function assertApiName(name: string): string {
  if (!API_NAME.test(name)) throw new AppError('internal', `refusing to put "${name.slice(0, 80)}" into SOQL: not an API name`);
  return name;
}

/** SOQL has no escape for these, and parsers end a string literal at them like at a newline. */
const UNESCAPABLE = /[\u2028\u2029]/;

export function escapeSoqlString(value: string): string {
  if (UNESCAPABLE.test(value)) throw new AppError('internal', 'refusing to put a string with a Unicode line or paragraph separator into SOQL: it has no escape sequence');
  return value
    .replace(/\\/g, '\\\\')
    .replace(/'/g, "\\'")
    .replace(/"/g, '\\"')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t')
    .replace(/\f/g, '\\f')
    .split('\u0008')
    .join('\\b');
}

export function soqlString(value: string): string {
  return `'${escapeSoqlString(value)}'`;
}

/** `'id1','id2'` for an IN list; every value must be a Salesforce Id. */
export function idList(ids: readonly string[]): string {
  return ids
    .map((id) => {
      if (!isSfId(id)) throw new AppError('internal', `refusing to put "${String(id).slice(0, 40)}" into SOQL: not a Salesforce Id`);
      return `'${id}'`;
    })
    .join(',');
}

/** A SOQL datetime literal (UTC, no quotes). */
export function soqlDateTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function selectSoql(object: string, fields: readonly string[], where?: string): string {
  const list = fields.map(assertApiName).join(', ');
  return `SELECT ${list} FROM ${assertApiName(object)}${where ? ` WHERE ${where}` : ''}`;
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
