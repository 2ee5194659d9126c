#!/usr/bin/env node
import { buildProgram } from './program';
import { reportFailure } from './runtime';

buildProgram()
  .parseAsync(process.argv)
  .catch((err: unknown) => {
    process.exitCode = reportFailure(err);
  });
