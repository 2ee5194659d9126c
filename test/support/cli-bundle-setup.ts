/**
 * Global setup: bundles the `iua` CLI once per Vitest run (esbuild, ~1 s) so the tests that
 * run it as a subprocess start plain Node instead of paying tsx's transform on every start.
 * The bundle sits under node_modules/.cache (so its external packages resolve), with the
 * demo scope file beside it; migrations are read from the source tree (IUA_MIGRATIONS_DIR).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { bundle, removeBundle } from './bundle';
import { ROOT } from './tmp';

declare module 'vitest' {
  export interface ProvidedContext {
    cliBundle: string;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const file = await bundle('electron/cli/main.ts');
  fs.copyFileSync(path.join(ROOT, 'electron/demo-org/greenpath-scope.yaml'), path.join(path.dirname(file), 'greenpath-scope.yaml'));
  project.provide('cliBundle', file);
  return () => removeBundle(file);
}
