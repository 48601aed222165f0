import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { allowlistDocument } from '../bench/measure';
import { ROOT } from '../support/fixtures';
import { SERVER_JS, TestLspClient } from '../support/lspClient';
import { START_FLAGS } from '../../server/src/lsp/launch-flags';
import { OPTIMIZED_TEXT } from '../../server/src/lsp/optimizer';

const LAUNCH_FLAGS_JS = path.resolve(__dirname, '../../server/src/lsp/launch-flags.js');
const SERVER_MAIN_JS = path.join(path.dirname(SERVER_JS), 'server-main.js');

/** Whether V8, started with `flags`, would reject `cacheFile` for the bundle (as loader.ts compiles it). */
function rejectedUnder(flags: readonly string[], cacheFile: string): boolean {
  const script = `
const { setFlagsFromString } = require('node:v8');
for (const flag of ${JSON.stringify(flags)}) setFlagsFromString(flag);
const { Script } = require('node:vm');
const { wrappedForCache } = require(${JSON.stringify(LAUNCH_FLAGS_JS)});
const source = require('node:fs').readFileSync(${JSON.stringify(SERVER_MAIN_JS)}, 'utf8');
const compiled = new Script(wrappedForCache(source), { filename: ${JSON.stringify(SERVER_MAIN_JS)}, cachedData: require('node:fs').readFileSync(${JSON.stringify(cacheFile)}) });
process.stdout.write(String(compiled.cachedDataRejected));`;
  const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  return run.stdout === 'true';
}

/**
 * The server starts with V8's optimizing compiler off and switches it on for a large document (optimizer.ts). V8
 * stamps a code cache with the flags in effect, so a cache made after the switch must still be made under the flags
 * the next start begins with, or every later start compiles the whole bundle again.
 */
describe('language server: its code cache after the optimizer was switched on', function () {
  this.timeout(60000);
  let workspace: string;

  before(() => (workspace = mkdtempSync(path.join(tmpdir(), 'imprivata-code-cache-'))));
  after(() => rmSync(workspace, { recursive: true, force: true }));

  it('a server that analyzed a large document leaves a cache the next start accepts', async () => {
    const example = readFileSync(path.join(ROOT, 'examples/imprivata-enterprise.yaml'), 'utf8');
    const { text } = allowlistDocument(example, 3000);
    assert.ok(text.length >= OPTIMIZED_TEXT, `${text.length} characters switch the optimizer on`);
    const file = path.join(workspace, 'imprivata-enterprise.yaml');
    writeFileSync(file, text);
    const uri = pathToFileURL(file).toString();
    const cacheHome = path.join(workspace, 'cache');
    const client = new TestLspClient(undefined, [], { ...process.env, XDG_CACHE_HOME: cacheHome });
    try {
      await client.initialize(workspace);
      await client.open(uri, text);
      await client.waitFor(uri, undefined, 30000);
    } finally {
      // The cache is written 1.5 s after the start, or at exit: either way after the switch.
      await client.shutdown();
    }
    const cacheDir = path.join(cacheHome, 'imprivata-config');
    assert.ok(existsSync(cacheDir), 'the server wrote its code cache');
    const [cacheFile] = readdirSync(cacheDir).filter((name) => name.endsWith('.v8cache'));
    assert.ok(cacheFile, 'one cache file');
    assert.equal(rejectedUnder(START_FLAGS, path.join(cacheDir, cacheFile)), false, 'accepted under the start flags');
    // The check can fail: the same cache under the optimizer's flag as it was when the cache was made is rejected.
    const optimizerOn = START_FLAGS.map((flag) => (flag === '--no-turbofan' ? '--turbofan' : flag));
    assert.equal(rejectedUnder(optimizerOn, path.join(cacheDir, cacheFile)), true, 'rejected under other flags');
  });
});
