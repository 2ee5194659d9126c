// `npm start`: the Electron app where its binary exists; otherwise browser mode, said in one line.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const require = createRequire(import.meta.url);
const extra = process.argv.slice(2);

function electronBinary() {
  try {
    const bin = require('electron'); // the package exports the binary's path
    return typeof bin === 'string' && fs.existsSync(bin) ? bin : null;
  } catch {
    return null;
  }
}

// Running from the source tree is development: the back end checks its answers against the
// contract's output schemas (electron/services/backend.ts); IUA_CHECK_OUTPUTS=0 turns it off.
const devEnv = { IUA_CHECK_OUTPUTS: '1', ...process.env };

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

function rendererIsStale() {
  const built = path.join(root, 'out/renderer/index.html');
  if (!fs.existsSync(built)) return true;
  const builtAt = fs.statSync(built).mtimeMs;
  const newest = (dir) =>
    fs.readdirSync(dir, { withFileTypes: true }).reduce((max, e) => {
      const p = path.join(dir, e.name);
      return Math.max(max, e.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
    }, 0);
  return Math.max(newest(path.join(root, 'renderer')), newest(path.join(root, 'shared'))) > builtAt;
}

const electron = electronBinary();
if (electron) {
  run('npm', ['run', '--silent', 'build']);
  const child = spawn(electron, ['.', ...extra], { cwd: root, stdio: 'inherit', env: devEnv });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  console.log('Electron binary not installed (ELECTRON_SKIP_BINARY_DOWNLOAD or no access to its download host): starting in browser mode instead.');
  if (rendererIsStale()) run('npm', ['run', '--silent', 'build:renderer']);
  const child = spawn(process.execPath, [require.resolve('tsx/cli'), 'electron/cli/main.ts', 'serve', '--open', ...extra], { cwd: root, stdio: 'inherit', env: devEnv });
  const forward = (sig) => child.kill(sig);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  child.on('exit', (code) => process.exit(code ?? 0));
}
