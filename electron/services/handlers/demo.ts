import type { DemoService } from '../demo/service';
import type { HandlerFactory } from './types';

export const demoHandlers =
  (demo: DemoService): HandlerFactory<'demo.start'> =>
  () => ({
    'demo.start': () => demo.start(),
  });
