/**
 * dist/server.js: starts the bundled language server (dist/server-main.js) with a
 * V8 code cache, so a restarted server skips compiling what the last run compiled.
 * Node 20 has no built-in compile cache (module.enableCompileCache is Node 22).
 * The cache lives in the user's cache directory, keyed by the bundle's hash and the
 * Node/V8 version; V8 rejects a cache that does not match the source. Any failure
 * just means compiling normally.
 */
import { mkdirSync, readFileSync, readdirSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import * as path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { Script } from 'node:vm';
import { BEFORE_OPTIMIZER_ON, START_FLAGS, wrappedForCache } from './launch-flags';

for (const flag of START_FLAGS) setFlagsFromString(flag);
/** Set when optimizer.ts switches V8's optimizing compiler on (it says so on `process` first). */
let optimizerOn = false;
process.once(BEFORE_OPTIMIZER_ON, () => (optimizerOn = true));

const mainFile = path.join(__dirname, 'server-main.js');
const source = readFileSync(mainFile, 'utf8');
// A cheap key (V8 checks the source itself and rejects a cache that does not match it).
const stat = statSync(mainFile);
const key = `${stat.size}-${Math.round(stat.mtimeMs)}-${process.version}-${process.versions.v8}`.replace(/[^A-Za-z0-9.-]/g, '_');
const cacheDir = path.join(process.env.XDG_CACHE_HOME || path.join(homedir(), '.cache'), 'imprivata-config');
const cacheFile = path.join(cacheDir, `server-${key}.v8cache`);

let cachedData: Buffer | undefined;
try {
  cachedData = readFileSync(cacheFile);
} catch {
  cachedData = undefined;
}

const script = new Script(wrappedForCache(source), {
  filename: mainFile,
  cachedData,
});
const run = script.runInThisContext() as (e: unknown, r: NodeRequire, m: NodeModule, f: string, d: string) => void;
const writeNewCache = !cachedData || script.cachedDataRejected;
// V8 has copied what it uses of the cache: the buffer (1.4 MB) would stay resident for the server's life.
cachedData = undefined;

if (writeNewCache) {
  let written = false;
  const writeCache = () => {
    if (written) return;
    written = true;
    try {
      mkdirSync(cacheDir, { recursive: true, mode: 0o700 });
      const temporary = `${cacheFile}.${process.pid}.tmp`;
      // V8 stamps the cache with the flags in effect: made under the flags every start begins with (optimizer.ts
      // may have switched the optimizer on since), or the next start would reject it.
      if (optimizerOn) setFlagsFromString('--no-turbofan');
      let data: Buffer;
      try {
        data = script.createCachedData();
      } finally {
        if (optimizerOn) setFlagsFromString('--turbofan');
      }
      writeFileSync(temporary, data, { mode: 0o600 });
      renameSync(temporary, cacheFile);
      // Caches of earlier builds or Node versions are never used again.
      for (const name of readdirSync(cacheDir)) {
        if (/^server-.*\.v8cache$/.test(name) && name !== path.basename(cacheFile)) unlinkSync(path.join(cacheDir, name));
      }
    } catch {
      // No cache: the next start compiles normally.
    }
  };
  // Written once the server has started and analyzed something, so the cache covers that code too;
  // or when it exits before that.
  setTimeout(writeCache, 1500).unref();
  process.once('exit', writeCache);
}

run(module.exports, require, module, mainFile, __dirname);
