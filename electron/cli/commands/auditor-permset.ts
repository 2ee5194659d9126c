import type { Command } from 'commander';
import { auditorPermissions } from '../../../shared/audit/auditor-permset';
import { writeAuditorPermset } from '../../services/auditor-permset';
import { printJson } from '../runtime';

export function registerAuditorPermset(program: Command): void {
  program
    .command('auditor-permset')
    .description('Write the minimal permission set for the auditing user as Salesforce metadata (deploy it with the Salesforce CLI)')
    .requiredOption('--out <dir>', 'folder to write package.xml, sfdx-project.json and the .permissionset-meta.xml into (existing files are never overwritten)')
    .option('--name <apiName>', 'permission set API name', undefined)
    .option('--label <label>', 'permission set label', undefined)
    .option('--json', 'print one JSON object')
    .action((flags: { out: string; name?: string; label?: string; json?: boolean }) => {
      const r = writeAuditorPermset(flags.out, { name: flags.name, label: flags.label });
      if (flags.json) return printJson({ ...r, permissions: auditorPermissions() });
      process.stdout.write(`Wrote the auditor permission set (${auditorPermissions().join(', ')}) to ${r.dir}:\n`);
      for (const f of r.files) process.stdout.write(`  ${f}\n`);
      process.stdout.write(
        `Deploy it, then assign it to the auditing user:\n  cd ${JSON.stringify(r.dir)} && sf project deploy start --manifest package.xml --target-org <org>\n  sf org assign permset --name ${flags.name ?? 'Integration_User_Auditor'} --on-behalf-of <auditing username> --target-org <org>\n`,
      );
    });
}
