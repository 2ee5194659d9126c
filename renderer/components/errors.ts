import { CallError } from '../api/context';

/** Plain-words headline for an error code; the message carries the specifics. */
export function errorTitle(error: unknown): string {
  const code = error instanceof CallError ? error.code : 'internal';
  switch (code) {
    case 'validation':
      return 'Some fields need attention';
    case 'not_found':
      return 'Not found';
    case 'auth_required':
      return 'The org needs you to sign in again';
    case 'org_error':
      return 'Salesforce refused the request';
    case 'api_limit':
      return 'The org’s API budget is used up';
    case 'network':
      return 'Could not reach the org or the back end';
    case 'busy':
      return 'Something else is running';
    case 'conflict':
      return 'That conflicts with existing data';
    case 'bad_file':
      return 'The file could not be read';
    case 'cancelled':
      return 'Cancelled';
    case 'disk_full':
      return 'The disk is full: nothing was stored';
    case 'forbidden':
      return 'Not allowed';
    case 'damaged_database':
    case 'newer_database':
      return 'The database is not available';
    default:
      return 'Something went wrong';
  }
}
