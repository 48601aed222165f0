/**
 * A running analysis is abandoned when a newer version of its document arrives, and a stale result is never
 * published; small documents are still analyzed at once (no debounce).
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TestLspClient } from '../support/lspClient';

/** About 1 MB: its parse and analysis take a second or so, long enough for newer versions to arrive meanwhile. */
const LARGE = 'version: 1\nfirewall:\n  allowlist:\n' + Array.from({ length: 40000 }, (_, i) => `    - host-${i}.example.org\n`).join('');

describe('language server: a newer version abandons the running analysis', () => {
  let client: TestLspClient;
  let workspace: string;

  before(async () => {
    workspace = mkdtempSync(path.join(tmpdir(), 'imprivata-cancel-'));
    client = new TestLspClient();
    await client.initialize(workspace);
  });

  after(async () => {
    await client.shutdown();
    rmSync(workspace, { recursive: true, force: true });
  });

  it('a large version replaced while it is analyzed is never published; the newest version is', async () => {
    const uri = pathToFileURL(path.join(workspace, 'imprivata-enterprise.yaml')).toString();
    const newest = client.waitFor(uri, (p) => p.version === 3, 30000);
    await client.open(uri, LARGE, 'imprivata-yaml', 1);
    // Sent at once, so they arrive while version 1 is being parsed or checked.
    await client.change(uri, 2, [{ range: { start: { line: 0, character: 9 }, end: { line: 0, character: 10 } }, text: '2' }]);
    await client.change(uri, 3, [{ text: 'version: 5\n' }]);
    const published = await newest;
    assert.deepEqual(
      published.diagnostics.map((d) => d.code),
      ['IMP-DOC-004'],
    );
    // Anything still running would publish within this time.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const versions = (client.published.get(uri) ?? []).map((p) => p.version);
    assert.deepEqual(versions, [3], `published versions: ${versions.join(', ')}`);
    await client.close(uri);
  });

  it('typing into a large document publishes only the version typed last', async () => {
    const uri = pathToFileURL(path.join(workspace, 'typing', 'imprivata-enterprise.yaml')).toString();
    let waiting = client.waitFor(uri, (p) => p.version === 1, 30000);
    await client.open(uri, LARGE, 'imprivata-yaml', 1);
    await waiting;
    // Each keystroke adds a key at the top: a structural edit, so every version needs a full parse.
    const last = 6;
    waiting = client.waitFor(uri, (p) => p.version === last, 60000);
    for (let version = 2; version <= last; version++) {
      await client.change(uri, version, [
        { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: `k${version}: 1\n` },
      ]);
      // A typist's pace: each version arrives while the one before is being parsed.
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await waiting;
    await new Promise((resolve) => setTimeout(resolve, 300));
    const versions = (client.published.get(uri) ?? []).map((p) => p.version);
    assert.deepEqual(versions, [1, last], 'every version superseded before its analysis ended was abandoned');
    await client.close(uri);
  });

  it('a small document is analyzed at once, with no fixed delay', async () => {
    const uri = pathToFileURL(path.join(workspace, 'small', 'imprivata-enterprise.yaml')).toString();
    let waiting = client.waitFor(uri);
    await client.open(uri, 'version: 1\n');
    await waiting;
    const times: number[] = [];
    for (let version = 2; version <= 11; version++) {
      waiting = client.waitFor(uri, (p) => p.version === version);
      const sent = performance.now();
      await client.change(uri, version, [{ text: `version: ${version % 2 ? 1 : 7}\n` }]);
      times.push((await waiting).at - sent);
    }
    times.sort((a, b) => a - b);
    // The median round trip: a timer-based debounce would add its delay to every one of them.
    assert.ok(times[5] < 50, `median ${times[5].toFixed(1)} ms`);
    await client.close(uri);
  });
});
