#!/usr/bin/env node
// Fetches Electron's desktop binary where its download host is reachable, and otherwise says so
// in one line and lets `npm install` carry on (`npm start` then runs browser mode).
//
// Why a wrapper: Electron's own postinstall exits 1 when its binary host is unreachable, which
// fails the whole `npm install` (many corporate and air-gapped networks reach the npm registry
// but not that host). package.json therefore denies Electron's own install script
// (`allowScripts: { electron: false }`, npm >= 11) and lists Electron as an optional dependency
// (older npm drops it after a failed download instead of failing), and this script — the root
// package's postinstall — runs Electron's installer itself.
//
//   node scripts/install-electron.mjs             postinstall: never fails the install
//   node scripts/install-electron.mjs --required  `npm run package` / `npm run electron:install`:
//                                                 exit 1 with the reason when there is no binary
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';

const required = process.argv.includes('--required');
const require = createRequire(import.meta.url);
const fallback = '`npm start` runs the app in browser mode instead of the desktop window.';

function finish(ok, line) {
  if (ok) {
    if (line) console.log(line);
    process.exit(0);
  }
  if (required) {
    console.error(
      `${line}\nThis step needs the Electron desktop binary. Run \`npm run electron:install\` on a network that reaches Electron's download host, or set ELECTRON_OVERRIDE_DIST_PATH to an Electron build you already have.`,
    );
    process.exit(1);
  }
  console.log(`${line} ${fallback}`);
  process.exit(0);
}

function installedBinary() {
  try {
    const bin = require('electron'); // the package exports the binary's path once it is there
    return typeof bin === 'string' && fs.existsSync(bin) ? bin : null;
  } catch {
    return null;
  }
}

let installer;
try {
  installer = require.resolve('electron/install.js');
} catch {
  finish(false, 'Electron is not installed (an older npm skips it when its binary cannot be downloaded).');
}

if (installedBinary()) finish(true, null);

if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) {
  finish(false, 'Electron binary not downloaded (ELECTRON_SKIP_BINARY_DOWNLOAD is set).');
}

// Electron's installer downloads, verifies the checksum and unpacks; bounded so a network that
// swallows packets cannot hang `npm install`.
const run = spawnSync(process.execPath, [installer], { encoding: 'utf8', timeout: 5 * 60_000, stdio: ['ignore', 'pipe', 'pipe'] });
if (run.status === 0 && installedBinary()) finish(true, null);

const output = `${run.stderr ?? ''}\n${run.stdout ?? ''}`;
const reason =
  run.error?.code === 'ETIMEDOUT'
    ? 'the download did not finish within 5 minutes'
    : (
        output
          .split('\n')
          .map((l) => l.trim())
          .find((l) => /error/i.test(l)) ?? `its installer exited with ${run.status}`
      )
        .replace(/^\w*Error:\s*/, '')
        .slice(0, 200);
finish(false, `Electron's desktop binary could not be downloaded (${reason}).`);
