#!/usr/bin/env node
// `npm start`: the desktop app where Electron can run; otherwise one sentence on why, what to do, and
// browser mode on the demo instead, so a new user's first command never ends in a stack trace.
// Arguments after `--` go to the app (`--db=FILE`) or, in browser mode, to `workbench serve`.
import { spawn, spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { desktopVerdict, electronBinary } from './desktop-check.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const skipBuild = process.env.WORKBENCH_START_SKIP_BUILD === '1';

function run(cmd, cmdArgs) {
  const r = spawnSync(cmd, cmdArgs, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const binary = electronBinary(root);
const verdict = desktopVerdict({ nodeVersion: process.version, electronBinary: binary, platform: process.platform, env: process.env });

if (verdict.ok) {
  if (!skipBuild) {
    run(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn']);
    run(process.execPath, [join(root, 'scripts/build-electron.mjs')]);
  }
  const child = spawn(binary, [root, ...args], { cwd: root, stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  process.stderr.write(`Empathy Workbench: the desktop app cannot start here. ${verdict.reason} ${verdict.remedy}\nStarting browser mode instead.\n`);
  if (!skipBuild) run(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn']);
  const server = spawn(process.execPath, [join(root, 'bin/workbench.js'), 'serve', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  let first = true;
  server.stdout.on('data', (chunk) => {
    process.stdout.write(chunk);
    if (!first) return;
    first = false;
    const url = String(chunk).split('\n')[0].trim();
    if (/^http:\/\/127\.0\.0\.1:\d+\//.test(url)) openBrowser(url);
  });
  server.on('exit', (code) => process.exit(code ?? 0));
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => server.kill(sig));
}

/** Opens the link where a desktop browser is at hand; silently does nothing elsewhere (CI, SSH, tests). */
function openBrowser(url) {
  if (process.env.CI || process.env.WORKBENCH_NO_BROWSER === '1') return;
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return;
  const [cmd, cmdArgs] = process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '', url]] : ['xdg-open', [url]];
  const p = spawn(cmd, cmdArgs, { stdio: 'ignore', detached: true });
  p.on('error', () => {});
  p.unref();
}
