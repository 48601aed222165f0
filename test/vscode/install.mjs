// Installs what the real-VS-Code test run needs on this kind of machine (no internet: only
// the npm registry and Debian's packages), following ../shared/notes/real-vscode-tests.md:
//   - Debian packages chromium, libkrb5-dev, ripgrep (apt-get when root, else fail with the command);
//   - the VS Code server shipped inside the npm package code-server@4.100.3 (VS Code 1.100.3),
//     cached under ${XDG_CACHE_HOME:-$HOME/.cache}/imprivata-config/code-server-4.100.3 with a
//     completion marker: reused on the same machine, installed from scratch on a fresh one.
//
// Usage: node test/vscode/install.mjs        (prints the server path)
//        import { ensureCodeServer } from './install.mjs'
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const CODE_SERVER_VERSION = '4.100.3';
export const VSCODE_VERSION = '1.100.3';
const APT_PACKAGES = ['chromium', 'libkrb5-dev', 'ripgrep'];
/** Bump when the install steps change, so a cache made by older steps is redone. */
const RECIPE = 1;

export function cacheRoot() {
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'imprivata-config');
}

export function codeServerDir() {
  return path.join(cacheRoot(), `code-server-${CODE_SERVER_VERSION}`);
}

/** Absolute paths of what the runner needs. */
export function codeServerPaths(dir = codeServerDir()) {
  const vscodeDir = path.join(dir, 'node_modules', 'code-server', 'lib', 'vscode');
  return { dir, vscodeDir, serverMain: path.join(vscodeDir, 'out', 'server-main.js'), marker: path.join(dir, '.complete') };
}

function log(message) {
  process.stderr.write(`[vscode-install] ${message}\n`);
}

function run(command, args, cwd, extraEnv = {}) {
  log(`${path.relative(cacheRoot(), cwd) || '.'}$ ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, {
    cwd,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: {
      ...process.env,
      npm_config_yes: 'true',
      npm_config_fund: 'false',
      npm_config_audit: 'false',
      npm_config_update_notifier: 'false',
      ...extraEnv,
    },
  });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed in ${cwd} (exit ${result.status})`);
}

function dpkgInstalled(pkg) {
  const result = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
  return result.status === 0 && result.stdout.includes('install ok installed');
}

export function ensureAptPackages() {
  const missing = APT_PACKAGES.filter((pkg) => !dpkgInstalled(pkg));
  if (missing.length === 0) return;
  const command = `apt-get update && apt-get install -y --no-install-recommends ${missing.join(' ')}`;
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) {
    throw new Error(`Debian packages missing: ${missing.join(', ')}. Install them as root:\n  sudo sh -c '${command}'`);
  }
  log(`installing Debian packages: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update'], ['install', '-y', '--no-install-recommends', ...missing]]) {
    const result = spawnSync('apt-get', args, { stdio: ['ignore', 'inherit', 'inherit'], env });
    if (result.status !== 0) throw new Error(`apt-get ${args.join(' ')} failed (exit ${result.status}); run: ${command}`);
  }
}

/** node-gyp must build against the local Node headers, never download them. */
function nodeGypEnv() {
  if (process.env.npm_config_nodedir) return {};
  const prefix = path.dirname(path.dirname(process.execPath));
  return fs.existsSync(path.join(prefix, 'include', 'node', 'node.h')) ? { npm_config_nodedir: prefix } : {};
}

function installInto(dir) {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'imprivata-vscode-server-cache', private: true }, null, 2));
  const env = nodeGypEnv();
  // code-server's own postinstall fetches ripgrep from GitHub: do its steps by hand instead.
  run('npm', ['install', '--ignore-scripts', '--no-save', '--no-package-lock', `code-server@${CODE_SERVER_VERSION}`], dir, env);
  const { vscodeDir } = codeServerPaths(dir);
  const codeServer = path.dirname(path.dirname(vscodeDir));
  run('npm', ['rebuild', 'argon2'], codeServer, env);
  run('npm', ['install', '--omit=dev', '--ignore-scripts'], vscodeDir, env);
  const rgDir = path.join(vscodeDir, 'node_modules', '@vscode', 'ripgrep', 'bin');
  fs.mkdirSync(rgDir, { recursive: true });
  fs.copyFileSync('/usr/bin/rg', path.join(rgDir, 'rg'));
  fs.chmodSync(path.join(rgDir, 'rg'), 0o755);
  run('npm', ['rebuild', 'kerberos', 'node-pty', '@parcel/watcher', '@vscode/spdlog', 'native-watchdog'], vscodeDir, env);
  const asar = path.join(vscodeDir, 'node_modules.asar');
  if (!fs.existsSync(asar)) fs.symlinkSync('node_modules', asar);
  run('npm', ['install', '--omit=dev'], path.join(vscodeDir, 'extensions'), env);
  if (!fs.existsSync(codeServerPaths(dir).serverMain)) throw new Error('server-main.js missing after install');
}

/**
 * Returns the paths of a complete VS Code server install, installing it first when the cache
 * has none. Installs into a staging folder renamed into place only when every step passed, so
 * an interrupted install is never mistaken for a complete one.
 */
export function ensureCodeServer() {
  ensureAptPackages();
  const paths = codeServerPaths();
  const expectedMarker = `code-server@${CODE_SERVER_VERSION} recipe ${RECIPE} node ${process.versions.modules}\n`;
  if (fs.existsSync(paths.marker) && fs.readFileSync(paths.marker, 'utf8') === expectedMarker && fs.existsSync(paths.serverMain)) {
    return paths;
  }
  const started = Date.now();
  log(`installing code-server@${CODE_SERVER_VERSION} into ${paths.dir} (a few minutes, once per machine)`);
  const staging = `${paths.dir}.partial-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  try {
    installInto(staging);
    fs.writeFileSync(path.join(staging, '.complete'), expectedMarker);
    fs.rmSync(paths.dir, { recursive: true, force: true });
    fs.renameSync(staging, paths.dir);
  } catch (error) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  log(`installed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return paths;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  try {
    const paths = ensureCodeServer();
    process.stdout.write(`${paths.serverMain}\n`);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}
