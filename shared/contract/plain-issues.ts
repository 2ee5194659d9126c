/**
 * Contract validation failures in words. A call's input that fails its schema must never reach
 * a user as zod's wording ("Invalid input: expected number, received string") or as
 * "Invalid input for collect.start": each problem names the field as a person would and says
 * what is expected. Messages written into the schemas themselves (e.g. "a justification is
 * required") are kept; only zod's defaults are replaced (a per-parse error map has lower
 * precedence than schema messages).
 */
import type { z } from 'zod';

/** Fields whose words are not just their name split at capitals. */
const FIELD_WORDS: Record<string, string> = {
  alias: 'org alias',
  orgAlias: 'org alias',
  instanceUrl: 'instance URL',
  loginUrl: 'login URL',
  clientId: 'consumer key (client ID)',
  lookbackDays: 'look-back days',
  reservePercent: 'API reserve (percent)',
  snapshotId: 'snapshot',
  userId: 'user',
  checkId: 'check',
  expiresAt: 'expiry date',
  dueDate: 'due date',
  outPath: 'output file',
  separateApprover: 'preparer/approver split',
  full: 'full collection',
  method: 'sign-in method',
};

/** `lookbackDays` → "look-back days", `systems.0.objects` → "systems › item 1 › objects". */
export function fieldInWords(path: readonly PropertyKey[]): string {
  if (path.length === 0) return 'the request';
  return path
    .map((p) =>
      typeof p === 'number'
        ? `item ${p + 1}`
        : (FIELD_WORDS[String(p)] ??
          // A key starting with a capital is the org's own name (an object, a system): kept as is.
          (/^[A-Z]/.test(String(p))
            ? String(p)
            : String(p)
                .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
                .toLowerCase()
                .replace(/\b(url|id|api|ip|json|yaml|csv)\b/g, (w) => w.toUpperCase()))),
    )
    .join(' › ');
}

const TYPE_WORDS: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'yes or no',
  array: 'a list',
  object: 'a set of values',
  date: 'a date',
};

const FORMAT_WORDS: Record<string, string> = {
  url: 'a web address such as https://example.my.salesforce.com',
  email: 'an email address',
  date: 'a date as YYYY-MM-DD',
  datetime: 'a date and time (ISO 8601)',
  regex: 'in the expected form',
};

type RawIssue = z.core.$ZodRawIssue;

function quoted(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text === undefined ? String(value) : `"${text.length > 40 ? `${text.slice(0, 40)}…` : text}"`;
}

/** What is wrong with one value, in words (without the field's name). */
function plainIssueMessage(issue: RawIssue): string {
  const got = issue.input;
  switch (issue.code) {
    case 'invalid_type': {
      if (got === undefined) return 'is required';
      const expected = TYPE_WORDS[String(issue.expected)] ?? String(issue.expected);
      return `must be ${expected}${typeof got === 'string' || typeof got === 'number' ? ` (not ${quoted(got)})` : ''}`;
    }
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'string') return min <= 1 ? 'cannot be empty' : `needs at least ${min} characters`;
      if (issue.origin === 'array' || issue.origin === 'set') return min <= 1 ? 'needs at least one entry' : `needs at least ${min} entries`;
      return `must be ${issue.inclusive === false ? 'more than' : 'at least'} ${min}${typeof got === 'number' ? ` (not ${got})` : ''}`;
    }
    case 'too_big': {
      const max = Number(issue.maximum);
      if (issue.origin === 'string') return `can have at most ${max.toLocaleString('en-US')} characters`;
      if (issue.origin === 'array' || issue.origin === 'set') return `can have at most ${max.toLocaleString('en-US')} entries`;
      return `must be ${issue.inclusive === false ? 'less than' : 'at most'} ${max}${typeof got === 'number' ? ` (not ${got})` : ''}`;
    }
    case 'invalid_format':
      return `must be ${FORMAT_WORDS[issue.format] ?? `in ${issue.format} form`}${typeof got === 'string' && got ? ` (not ${quoted(got)})` : ''}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => quoted(v)).join(', ')}`;
    case 'unrecognized_keys':
      return `has ${issue.keys.length === 1 ? 'a value' : 'values'} this app does not know: ${issue.keys.join(', ')}`;
    case 'not_multiple_of':
      return `must be a multiple of ${String(issue.divisor)}`;
    case 'invalid_union': {
      // A discriminated union names its choices (e.g. the sign-in method of orgs.add).
      const options = (issue as { options?: unknown[] }).options;
      return options?.length ? `must be one of ${options.map((v) => quoted(v)).join(', ')}` : 'does not match any accepted form';
    }
    case 'invalid_key':
    case 'invalid_element':
    case 'custom':
    default:
      return 'is not valid here';
  }
}

/** The error map for `schema.safeParse(input, { error: plainIssueMap })`. */
export const plainIssueMap = (issue: RawIssue): string => plainIssueMessage(issue);

/** One sentence for the whole failure: every field in words, with what is wrong with it. */
export function plainValidationMessage(issues: readonly { path: readonly PropertyKey[]; message: string }[]): string {
  const parts = issues.slice(0, 5).map((i) => {
    const said = i.message.trim().replace(/\.+$/, '');
    return `${fieldInWords(i.path)} ${/^(is|must|can|cannot|needs|has|does)\b/.test(said) ? said : `— ${said}`}`;
  });
  const more = issues.length > 5 ? ` (and ${issues.length - 5} more)` : '';
  const text = parts.join('; ');
  return `Please check what was entered: ${text}${more}.`;
}
