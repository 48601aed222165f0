/**
 * The warm-up (lsp/warm-up.ts, features.ts `warmUp`): the completion and hover handlers run once, right after the
 * first diagnostics when no message waits, else once the connection is quiet; never twice, never in front of a
 * message already read, and a failure in it is silent. Over stdio: documents of every shape get through it without
 * an error in the server's log, and requests answer as before.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import type { Hover } from 'vscode-languageserver-protocol';
import { WarmUp } from '../../server/src/lsp/warm-up';
import { ROOT } from '../support/fixtures';
import { TestLspClient } from '../support/lspClient';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('warm-up of the request handlers', () => {
  it('runs in the next turn after the first publication when no message came, once per server', async () => {
    const warmUp = new WarmUp(20);
    const runs: string[] = [];
    warmUp.afterPublish('file:///a.yaml', (uri) => runs.push(uri));
    assert.equal(runs.length, 0, 'not inside the publication');
    await nextTurn();
    assert.deepEqual(runs, ['file:///a.yaml']);
    warmUp.afterPublish('file:///b.yaml', (uri) => runs.push(uri));
    await sleep(40);
    assert.deepEqual(runs, ['file:///a.yaml'], 'once per server');
  });

  it('waits for the connection to be quiet when a message was read meanwhile, pushed back by each one', async () => {
    const warmUp = new WarmUp(30);
    const runs: string[] = [];
    warmUp.afterPublish('file:///a.yaml', (uri) => runs.push(uri));
    warmUp.noteMessage();
    await nextTurn();
    for (let i = 0; i < 4; i++) {
      await sleep(15);
      warmUp.noteMessage();
    }
    assert.equal(runs.length, 0, 'messages kept coming');
    await sleep(60);
    assert.deepEqual(runs, ['file:///a.yaml']);
  });

  it('swallows a failure of the handlers it runs', async () => {
    const warmUp = new WarmUp(10);
    let ran = false;
    warmUp.afterPublish('file:///a.yaml', () => {
      ran = true;
      throw new Error('boom');
    });
    // A failure escaping the callback would be an uncaught exception, which fails this test.
    await nextTurn();
    await sleep(5);
    assert.ok(ran);
  });

  it('over stdio: the example, a broken file and an empty one get through it without an error, and hover answers as before', async function () {
    this.timeout(30000);
    const client = new TestLspClient();
    try {
      await client.initialize(path.join(ROOT, 'examples'));
      const example = readFileSync(path.join(ROOT, 'examples/imprivata-enterprise.yaml'), 'utf8');
      const documents: [string, string][] = [
        ['imprivata-enterprise.yaml', example],
        ['broken/imprivata-enterprise-warm.yaml', 'enterprise:\n  name: "unterminated\n  region: [us\n'],
        ['broken/imprivata-enterprise-empty.yaml', ''],
      ];
      for (const [name, text] of documents) {
        const uri = pathToFileURL(path.join(ROOT, 'examples', name)).toString();
        const published = client.waitFor(uri, () => true, 20000);
        await client.open(uri, text);
        await published;
      }
      await sleep(400);
      assert.equal(
        client.logs.filter((line) => /^completion and hover made ready on file:.*imprivata-enterprise\.yaml in [\d.]+ ms$/.test(line))
          .length,
        1,
      );
      assert.deepEqual(
        client.logs.filter((line) => /internal error/i.test(line)),
        [],
      );
      const uri = pathToFileURL(path.join(ROOT, 'examples/imprivata-enterprise.yaml')).toString();
      const line = example.split('\n').findIndex((l) => l.startsWith('  region:'));
      const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line, character: 3 } });
      assert.ok(hover && JSON.stringify(hover.contents).includes('region'));
    } finally {
      await client.shutdown();
    }
  });
});
