/** The Verify form's fields, checked in the form (in words) before anything is sent. Pure; unit-tested. */
import { isAbsolutePath } from '../../../shared/contract/define';

export type VerifyFormResult = { ok: true; input: { path: string; digest?: string } } | { ok: false; errors: { path?: string; digest?: string } };

/** Path: a full path (the back end opens it as given). Digest: empty, or the 64 hexadecimal characters a pack's digest has. */
export function parseVerifyForm(path: string, digest: string): VerifyFormResult {
  const errors: { path?: string; digest?: string } = {};
  const p = path.trim();
  const d = digest.trim();
  if (!p) errors.path = 'Give the full path of the pack file.';
  else if (!isAbsolutePath(p)) errors.path = `“${p}” is not a full path: give the whole path of the pack file, starting at the root of the disk.`;
  if (d && !/^[0-9a-f]{64}$/i.test(d))
    errors.digest = `A pack digest is 64 characters, 0–9 and a–f; this one has ${d.length} character${d.length === 1 ? '' : 's'}${/[^0-9a-f]/i.test(d) ? ', some of them not 0–9 or a–f' : ''}. Copy it again from your workpapers, or leave the field empty.`;
  return errors.path || errors.digest ? { ok: false, errors } : { ok: true, input: { path: p, ...(d ? { digest: d } : {}) } };
}
