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

// The server turns this flag on to release memory (see server.ts). V8 stamps a code cache with the flags in
// effect when it is made and rejects it under other flags, so the flag is set before anything is compiled.
setFlagsFromString('--expose-gc');
// V8 doubles the young generation (up to 2 x 16 MB) whenever much of it survives a collection, and gives it back
// only after some 16 s of idling: editing the example grew the server by 26 MB (110 -> 84 MB VmRSS at factor 1),
// a 5 MB document left it 30 MB bigger after it went. At 1 it stays at 2 x 1 MB; the analysis of a 1 MB document
// collects more often (10-30% slower edits, measured on a loaded machine). `--max-semi-space-size` would cap it too,
// but V8 reads it only when the heap is created; this flag is read at every collection.
setFlagsFromString('--semi-space-growth-factor=1');

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

const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
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
      writeFileSync(temporary, script.createCachedData(), { mode: 0o600 });
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
