import type { UsageService } from '../usage/service';
import type { HandlerFactory } from './types';

export const usageHandlers =
  (usage: UsageService): HandlerFactory<'usage.pull' | 'usage.report' | 'usage.remediate'> =>
  () => ({
    'usage.pull': (input) => usage.pull(input),
    'usage.report': (input) => usage.report(input),
    'usage.remediate': (input) => usage.remediate(input),
  });
