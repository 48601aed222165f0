/**
 * A completion or hover sent right after a change (the user types, then asks) is answered before the analysis of
 * that change, on the changed text, and that version's diagnostics still follow. Ordering, not timing: the change
 * and the request are written to the server in one chunk, so both are queued before either is handled, and the
 * test reads the order of the server's messages.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from '../support/fixtures';
import { RawLspProcess } from '../support/lspClient';
import type { RawMessage } from '../support/lspClient';

const EXAMPLE = readFileSync(path.join(ROOT, 'examples/imprivata-enterprise.yaml'), 'utf8');
const ANCHOR = '    - cloud.imprivata.com\n';
/** The example with 20,000 more allowlist hosts: about 1 MB, whose analysis takes many slices. */
const LARGE = EXAMPLE.replace(ANCHOR, ANCHOR + Array.from({ length: 20000 }, (_, i) => `    - gateway-${i}.example.org\n`).join(''));

function positionOf(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

describe('language server: a request right after a change is answered before that change is analyzed', () => {
  let server: RawLspProcess;
  let workspace: string;
  let nextId = 100;

  before(async () => {
    workspace = mkdtempSync(path.join(tmpdir(), 'imprivata-order-'));
    server = new RawLspProcess();
    await server.initialize();
  });

  after(() => {
    server.kill();
    rmSync(workspace, { recursive: true, force: true });
  });

  const isPublished = (uri: string, version: number) => (m: RawMessage) =>
    m.method === 'textDocument/publishDiagnostics' &&
    (m.params as { uri: string; version?: number }).uri === uri &&
    (m.params as { version?: number }).version === version;

  /** Opens `text`, waits for its diagnostics, then sends one chunk: the insertion of `typed` at `offset` and a hover there. */
  async function typeThenHover(name: string, text: string, offset: number, typed: string) {
    const uri = pathToFileURL(path.join(workspace, name, 'imprivata-enterprise.yaml')).toString();
    server.send({ method: 'textDocument/didOpen', params: { textDocument: { uri, languageId: 'imprivata-yaml', version: 1, text } } });
    await server.waitFor(isPublished(uri, 1), 60000);
    const at = positionOf(text, offset);
    const id = nextId++;
    server.write(
      Buffer.concat([
        RawLspProcess.frame({
          jsonrpc: '2.0',
          method: 'textDocument/didChange',
          params: { textDocument: { uri, version: 2 }, contentChanges: [{ range: { start: at, end: at }, text: typed }] },
        }),
        RawLspProcess.frame({ jsonrpc: '2.0', id, method: 'textDocument/hover', params: { textDocument: { uri }, position: at } }),
      ]),
    );
    const published = await server.waitFor(isPublished(uri, 2), 60000);
    const answer = await server.waitFor((m) => m.id === id && m.method === undefined);
    return { order: { answer: server.messages.indexOf(answer), published: server.messages.indexOf(published) }, answer };
  }

  it('a hover after a change of a small file: answered first, on the new text; the diagnostics follow', async () => {
    // Analyzed well within one slice: the analysis would otherwise run, and publish, before the hover is handled.
    const text = 'version: 1\nsmtp:\n  username: svc-mail@example.org\n';
    const offset = text.indexOf('username');
    const { order, answer } = await typeThenHover('small', text, offset, 'x');
    assert.ok(
      order.answer < order.published,
      `the hover (message ${order.answer}) came after the diagnostics (message ${order.published})`,
    );
    // The key as typed is `xusername`, which the schema does not know: no documentation of `smtp.username`.
    assert.equal(answer.result, null);
  });

  it('a hover on an allowlist host of a 1 MB file, typed into: answered first, with the host as typed', async () => {
    const offset = LARGE.indexOf('    - gateway-10000.example.org') + '    - gateway-10000'.length;
    const { order, answer } = await typeThenHover('large', LARGE, offset, 'x');
    assert.ok(
      order.answer < order.published,
      `the hover (message ${order.answer}) came after the diagnostics (message ${order.published})`,
    );
    const contents = (answer.result as { contents?: { value?: string } } | null)?.contents?.value ?? '';
    assert.match(contents, /gateway-10000x\.example\.org/);
  });
});
