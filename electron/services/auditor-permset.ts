/**
 * `iua auditor-permset --out DIR`: writes the auditor permission set as a Salesforce DX project
 * an admin deploys (`sf project deploy start --manifest package.xml --target-org …` from DIR).
 * Never overwrites: a file that already exists is left alone and the command says so.
 */
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../shared/contract';
import { AUDITOR_PERMSET_NAME, isValidApiName, packageXml, permissionSetXml } from '../../shared/audit/auditor-permset';
import { METADATA_API_VERSION } from '../../shared/metadata-xml';
import { writeFileAtomic } from './atomic-file';

export interface PermsetFiles {
  dir: string;
  files: string[];
}

export function writeAuditorPermset(outDir: string, opts: { name?: string; label?: string } = {}): PermsetFiles {
  const name = opts.name ?? AUDITOR_PERMSET_NAME;
  if (!isValidApiName(name))
    throw new AppError(
      'validation',
      `"${name}" is not a valid permission set API name: use letters, digits and single underscores, starting with a letter (at most 80 characters).`,
    );
  const dir = path.resolve(outDir);
  const permsetDir = path.join(dir, 'force-app', 'main', 'default', 'permissionsets');
  const files: [string, string][] = [
    [path.join(dir, 'package.xml'), packageXml(name)],
    [path.join(permsetDir, `${name}.permissionset-meta.xml`), permissionSetXml({ label: opts.label })],
    [path.join(dir, 'sfdx-project.json'), `${JSON.stringify({ packageDirectories: [{ path: 'force-app', default: true }], sourceApiVersion: METADATA_API_VERSION }, null, 2)}\n`],
  ];
  const existing = files.map(([f]) => f).filter((f) => fs.existsSync(f));
  if (existing.length) {
    throw new AppError(
      'conflict',
      `Not written: ${existing.join(', ')} already exist${existing.length === 1 ? 's' : ''}. Choose an empty folder with --out, or move these files away; nothing was changed.`,
    );
  }
  fs.mkdirSync(permsetDir, { recursive: true, mode: 0o700 });
  for (const [file, text] of files) writeFileAtomic(file, text);
  return { dir, files: files.map(([f]) => f) };
}
