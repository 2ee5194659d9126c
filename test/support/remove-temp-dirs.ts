/**
 * Vitest setup file: after each test file's last test (and its own afterAll hooks, which run
 * first), the directories tempDir made for it go. Left to each test, a full run left thousands
 * of data folders, snapshots and packs of generated org data in the system's temp folder.
 */
import { afterAll } from 'vitest';
import { removeTempDirs } from './tmp';

afterAll(removeTempDirs);
