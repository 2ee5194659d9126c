/**
 * The `iua` command: the same services as the desktop app, from a terminal.
 * Each command lives in ./commands/<name>.ts and registers itself here.
 */
import { Command } from 'commander';
import { APP_VERSION } from '../services/app-version';
import { registerInfo } from './commands/info';
import { registerServe } from './commands/serve';
import { registerOrgs } from './commands/orgs';
import { registerCollect } from './commands/collect';
import { registerDemoOrg } from './commands/demo-org';
import { registerScope } from './commands/scope';
import { registerReport } from './commands/report';
import { registerReview } from './commands/review';
import { registerEvidence } from './commands/evidence';
import { registerSnapshot } from './commands/snapshot';
import { registerUsage } from './commands/usage';
import { registerAuditorPermset } from './commands/auditor-permset';

export function buildProgram(): Command {
  const program = new Command()
    .name('iua')
    .description('Integration User Auditor: least-privilege audits of Salesforce integration users')
    .version(APP_VERSION)
    .option('--data-dir <dir>', 'data directory (env IUA_DATA_DIR; default: the OS app-data folder)')
    .showHelpAfterError()
    .exitOverride();
  registerInfo(program);
  registerServe(program);
  registerOrgs(program);
  registerCollect(program);
  registerDemoOrg(program);
  registerScope(program);
  registerReport(program);
  registerReview(program);
  registerEvidence(program);
  registerSnapshot(program);
  registerUsage(program);
  registerAuditorPermset(program);
  return program;
}
