import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { AppError } from '../../../shared/contract';
import { SCOPE_TEMPLATES, TEMPLATE_NAMES, scopeTemplate } from '../../../shared/audit/templates';
import { serializeScope } from '../../../shared/audit/scope';
import { placeWithoutReplacing } from '../../services/atomic-file';
import { withBackend } from '../runtime';

function formatOf(file: string): 'yaml' | 'json' {
  return /\.json$/i.test(file) ? 'json' : 'yaml';
}

export function registerScope(program: Command): void {
  const scope = program.command('scope').description('Declared scope: what each integration legitimately needs');

  scope
    .command('import')
    .description('Replace an org’s declared scope with a YAML or JSON file')
    .argument('<alias>', 'org alias')
    .argument('<file>', 'scope file (.yaml, .yml or .json)')
    .action(async (alias: string, file: string, _opts: unknown, cmd: Command) => {
      let text: string;
      try {
        text = fs.readFileSync(file, 'utf8');
      } catch (err) {
        throw new AppError('bad_file', `Cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
      }
      await withBackend(cmd, async (backend) => {
        const r = await backend.call('scope.import', { orgAlias: alias, text, fileName: path.basename(file), format: formatOf(file) });
        process.stdout.write(`Imported ${r.systems} system(s) into ${alias}.\n`);
        for (const w of r.warnings) process.stderr.write(`warning: ${w.file}: ${w.path}: ${w.reason}\n`);
      });
    });

  scope
    .command('export')
    .description('Write an org’s declared scope as YAML (or JSON with --out x.json)')
    .argument('<alias>', 'org alias')
    .option('--out <file>', 'write to this file instead of stdout')
    .option('--format <yaml|json>', 'file format (default: from --out, else yaml)')
    .action(async (alias: string, opts: { out?: string; format?: string }, cmd: Command) => {
      const format = (opts.format ?? (opts.out ? formatOf(opts.out) : 'yaml')) as 'yaml' | 'json';
      if (format !== 'yaml' && format !== 'json') throw new AppError('validation', `--format must be yaml or json, got "${opts.format}"`);
      await withBackend(cmd, async (backend) => {
        const r = await backend.call('scope.export', { orgAlias: alias, format });
        if (opts.out) {
          // Private, complete or absent, and never over an existing file.
          const out = path.resolve(opts.out);
          const temp = path.join(path.dirname(out), `.${path.basename(out)}.${process.pid}.${Date.now()}.partial`);
          fs.writeFileSync(temp, r.text, { mode: 0o600, flag: 'wx' });
          if (!placeWithoutReplacing(temp, out)) {
            fs.rmSync(temp, { force: true });
            throw new AppError('validation', `${out} already exists. Choose another file name or move it away; it was not changed.`);
          }
          process.stdout.write(`${opts.out}\n`);
        } else process.stdout.write(r.text);
      });
    });

  scope
    .command('template')
    .description('Print a starting scope for a common kind of system')
    .argument('[name]', `one of: ${TEMPLATE_NAMES.join(', ')}`)
    .option('--json', 'JSON instead of YAML')
    .action((name: string | undefined, opts: { json?: boolean }) => {
      if (!name) {
        for (const n of TEMPLATE_NAMES) process.stdout.write(`${n.padEnd(16)} ${SCOPE_TEMPLATES[n].purpose}\n`);
        return;
      }
      const system = scopeTemplate(name);
      if (!system) throw new AppError('not_found', `No template "${name}". Choose one of: ${TEMPLATE_NAMES.join(', ')}`);
      process.stdout.write(serializeScope({ version: 1, systems: [system] }, opts.json ? 'json' : 'yaml'));
    });
}
