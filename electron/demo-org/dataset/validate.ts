/**
 * Dataset files (`--data FILE.json`): one JSON object mapping sObject API names to arrays of
 * flat records. Every problem names the file, object, record index and field, so a consultant
 * can fix a hand-written org without reading code.
 */
import { readFileSync } from 'node:fs';
import { AppError } from '../../../shared/contract';
import type { SfRecord } from '../../../shared/model';
import type { Dataset } from '../schema';

const NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
const MAX_ISSUES = 20;

export function validateDataset(input: unknown, source = 'dataset'): Dataset {
  const issues: { path: string; message: string }[] = [];
  const add = (path: string, message: string) => {
    if (issues.length < MAX_ISSUES) issues.push({ path, message });
  };
  if (!input || typeof input !== 'object' || Array.isArray(input)) {
    throw new AppError('bad_file', `${source}: a dataset must be a JSON object mapping sObject names to arrays of records`);
  }
  const seen = new Map<string, string>();
  for (const [object, records] of Object.entries(input as Record<string, unknown>)) {
    if (!NAME.test(object)) add(object, `"${object}" is not a valid sObject API name`);
    if (!Array.isArray(records)) {
      add(object, 'must be an array of records');
      continue;
    }
    records.forEach((rec: unknown, index) => {
      const at = `${object}[${index}]`;
      if (!rec || typeof rec !== 'object' || Array.isArray(rec)) {
        add(at, 'must be an object of field names to values');
        return;
      }
      const r = rec as Record<string, unknown>;
      if (typeof r.Id !== 'string' || r.Id.trim() === '') add(`${at}.Id`, 'every record needs a non-empty string Id');
      else if (seen.has(r.Id)) add(`${at}.Id`, `duplicate Id ${r.Id} (also at ${seen.get(r.Id)})`);
      else seen.set(r.Id, at);
      for (const [field, value] of Object.entries(r)) {
        const fp = `${at}.${field}`;
        if (!NAME.test(field)) add(fp, `"${field}" is not a valid field API name (records are flat: use lookup Id fields, not nested objects)`);
        else if (value !== null && typeof value === 'object') add(fp, 'values must be strings, numbers, booleans or null (records are flat: use lookup Id fields)');
        else if (typeof value === 'number' && !Number.isFinite(value)) add(fp, 'numbers must be finite');
        else if (value !== null && !['string', 'number', 'boolean'].includes(typeof value)) add(fp, `unsupported value type ${typeof value}`);
        else if (field.startsWith('Permissions') && value !== null && typeof value !== 'boolean') add(fp, 'Permissions* fields must be true or false');
        else if (/(Date|Time)$/.test(field) && typeof value === 'string' && /^\d{4}-/.test(value) && Number.isNaN(Date.parse(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2')))) {
          add(fp, `"${value}" is not an ISO 8601 date or datetime`);
        }
      }
    });
  }
  if (issues.length > 0) {
    const first = issues[0];
    throw new AppError(
      'bad_file',
      `${source}: ${first.path}: ${first.message}${issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''})` : ''}`,
      issues,
    );
  }
  return input as Record<string, SfRecord[]>;
}

export function loadDatasetFile(file: string): Dataset {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new AppError('bad_file', `${file}: cannot read the dataset file (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new AppError('bad_file', `${file}: not valid JSON (${(err as Error).message})`);
  }
  return validateDataset(parsed, file);
}
