import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TestLspClient } from '../support/lspClient';

/** Clear-text SMTP: IMP-SMTP-003 when the rules run. */
const CLEAR_TEXT = `version: 1
smtp:
  mode: basic
  server: relay.example.org
  from: imprivata-noreply@example.org
  useTls: false
`;

const codes = (diagnostics: { code?: unknown }[]) => diagnostics.map((d) => String(d.code));

/** imprivata.limits over a real stdio connection: one IMP-DOC-006 past a limit, and a setting change re-validates. */
describe('language server: size limits (IMP-DOC-006)', () => {
  let workspace: string;
  let client: TestLspClient;

  beforeEach(async () => {
    workspace = mkdtempSync(path.join(tmpdir(), 'imprivata-limits-'));
    client = new TestLspClient();
    await client.initialize(workspace);
  });

  afterEach(async () => {
    await client.shutdown();
    rmSync(workspace, { recursive: true, force: true });
  });

  it('a document over imprivata.limits.maxFileSize gets one diagnostic; raising the setting re-validates it', async () => {
    client.settings = { limits: { maxFileSize: 100 } };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const uri = pathToFileURL(path.join(workspace, 'imprivata-enterprise.yaml')).toString();
    // The settings are pulled while the document opens: the publication that holds the limit's finding.
    let waiting = client.waitFor(uri, (p) => codes(p.diagnostics).includes('IMP-DOC-006'));
    await client.open(uri, CLEAR_TEXT);
    const first = await waiting;
    assert.deepEqual(codes(first.diagnostics), ['IMP-DOC-006']);
    assert.deepEqual(first.diagnostics[0].range, { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } });
    assert.match(String(first.diagnostics[0].message), /^This file was not checked: it is 113 bytes, over the limit of 100 bytes/);
    // Past the limit the document is not parsed: the features answer at once, with nothing.
    const hover = await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 2, character: 3 } });
    assert.equal(hover, null);

    client.settings = { limits: { maxFileSize: 1000 } };
    waiting = client.waitFor(uri, (p) => !codes(p.diagnostics).includes('IMP-DOC-006'));
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    assert.deepEqual(codes((await waiting).diagnostics), ['IMP-SMTP-003'], 'within the raised limit the rules run');
  });

  it('typing a line past imprivata.limits.maxLineLength: one diagnostic on that line; deleting it brings the rules back', async () => {
    client.settings = { limits: { maxLineLength: 40 } };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const uri = pathToFileURL(path.join(workspace, 'imprivata-enterprise.yaml')).toString();
    let waiting = client.waitFor(uri);
    await client.open(uri, CLEAR_TEXT);
    assert.deepEqual(codes((await waiting).diagnostics), ['IMP-SMTP-003']);

    // `  server: relay.example.org` grows to 41 characters.
    const at = { line: 3, character: 10 };
    waiting = client.waitFor(uri, (p) => p.version === 2);
    await client.change(uri, 2, [{ range: { start: at, end: at }, text: 'mail-relay-01.' }]);
    const long = await waiting;
    assert.deepEqual(codes(long.diagnostics), ['IMP-DOC-006']);
    assert.deepEqual(long.diagnostics[0].range, { start: { line: 3, character: 2 }, end: { line: 3, character: 3 } });
    assert.match(String(long.diagnostics[0].message), /line 4 is 41 characters long, over the limit of 40 characters per line/);

    waiting = client.waitFor(uri, (p) => p.version === 3);
    await client.change(uri, 3, [{ range: { start: at, end: { line: 3, character: 24 } }, text: '' }]);
    assert.deepEqual(codes((await waiting).diagnostics), ['IMP-SMTP-003']);
  });

  it('a 10 MB document under the default limits: one diagnostic, and the server answers at once', async function () {
    this.timeout(30000);
    const uri = pathToFileURL(path.join(workspace, 'imprivata-enterprise.yaml')).toString();
    const text = `${CLEAR_TEXT}${'# padding padding padding padding padding padding padding padding\n'.repeat(160000)}`;
    assert.ok(text.length > 10_000_000);
    const waiting = client.waitFor(uri, () => true, 20000);
    const sent = performance.now();
    await client.open(uri, text);
    const published = await waiting;
    assert.deepEqual(codes(published.diagnostics), ['IMP-DOC-006']);
    assert.match(String(published.diagnostics[0].message), /over the limit of 8 MiB/);
    // Nothing was parsed: a request is answered without waiting for a parse of 10 MB.
    const asked = performance.now();
    await client.request('textDocument/documentSymbol', { textDocument: { uri } });
    assert.ok(performance.now() - asked < 2000, `took ${performance.now() - asked} ms`);
    assert.ok(published.at - sent < 10000, `first diagnostics after ${published.at - sent} ms`);
  });
});
