/** The demo org: the embedded simulator, registered, collected and scoped in one call. */
import { z } from 'zod';
import { defineCall } from './define';

export const demoCalls = {
  'demo.start': defineCall({
    input: z.strictObject({}),
    output: z.object({ orgAlias: z.string(), snapshotId: z.string() }),
    summary: 'Try the demo org: start the embedded simulator, register it, collect it and load its shipped scope.',
  }),
};
