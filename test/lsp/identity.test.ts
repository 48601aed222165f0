/**
 * Finding identity across the LSP boundary: every diagnostic carries its finding in `Diagnostic.data`, and a code
 * action request gets the fixes of that very finding, also when several findings share one code and one range.
 */
import { strict as assert } from 'node:assert';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Diagnostic, TextEdit } from 'vscode-languageserver-protocol';
import { ROOT } from '../support/fixtures';
import { TestLspClient } from '../support/lspClient';

const EXAMPLE = readFileSync(path.join(ROOT, 'examples/imprivata-enterprise.yaml'), 'utf8');
const MISSING = [
  'astra.sys.imprivata.com',
  'access.imprivata.com',
  'metadata.app.imprivata.com',
  'file-access.app.imprivata.com',
  'idp.app.imprivata.com',
];
/** The example without five of its six Imprivata Cloud Platform hosts. */
const FIVE_MISSING = EXAMPLE.split('\n')
  .filter((line) => !MISSING.some((host) => line.trim() === `- ${host}`))
  .join('\n');

/** The server sends plain-text messages (LSP 3.18 also allows markup). */
const textOf = (message: Diagnostic['message']) => (typeof message === 'string' ? message : message.value);
const hostOf = (message: Diagnostic['message']) => /missing `([^`]+)`/.exec(textOf(message))?.[1];

describe('language server: finding identity (Diagnostic.data) routes each quick fix to its own finding', () => {
  let client: TestLspClient;
  let workspace: string;
  let uri: string;
  let diagnostics: Diagnostic[];

  function codeActions(forDiagnostics: Diagnostic[]): Promise<CodeAction[]> {
    return client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: forDiagnostics[0].range,
      context: { diagnostics: forDiagnostics, only: ['quickfix'] },
    });
  }

  function editsOf(action: CodeAction): TextEdit[] {
    return action.edit?.changes?.[uri] ?? [];
  }

  before(async () => {
    assert.equal(FIVE_MISSING.split('\n').length, EXAMPLE.split('\n').length - 5, 'the example lists the five hosts');
    workspace = mkdtempSync(path.join(tmpdir(), 'imprivata-identity-'));
    mkdirSync(path.join(workspace, 'assets'));
    copyFileSync(path.join(ROOT, 'examples/assets/logo.png'), path.join(workspace, 'assets/logo.png'));
    client = new TestLspClient();
    await client.initialize(workspace);
    uri = pathToFileURL(path.join(workspace, 'imprivata-enterprise.yaml')).toString();
    const waiting = client.waitFor(uri);
    await client.open(uri, FIVE_MISSING);
    diagnostics = (await waiting).diagnostics.filter((d) => d.code === 'IMP-HOST-001');
  });

  after(async () => {
    await client.shutdown();
    rmSync(workspace, { recursive: true, force: true });
  });

  it('five missing hosts: five IMP-HOST-001 diagnostics on one span, each with its own identity', () => {
    assert.deepEqual(diagnostics.map((d) => hostOf(d.message)).sort(), [...MISSING].sort());
    assert.equal(new Set(diagnostics.map((d) => JSON.stringify(d.range))).size, 1, 'one span');
    const data = diagnostics.map((d) => d.data as { analysis: number; index: number; fingerprint: string });
    assert.ok(
      data.every((d) => Number.isInteger(d.analysis) && Number.isInteger(d.index) && /^IMP-HOST-001:[0-9a-f]{8}$/.test(d.fingerprint)),
    );
    assert.equal(new Set(data.map((d) => d.index)).size, 5);
    assert.equal(new Set(data.map((d) => d.fingerprint)).size, 5);
  });

  it('each diagnostic reaches its own "Add `X`" fix, plus "Add all 5 missing hosts"', async () => {
    for (const diagnostic of diagnostics) {
      const host = hostOf(diagnostic.message) as string;
      const titles = (await codeActions([diagnostic])).map((a) => a.title);
      assert.deepEqual(titles, [`Add \`${host}\` to the allowlist`, 'Add all 5 missing Imprivata Cloud Platform hosts']);
    }
  });

  it('all five at once: five distinct "Add `X`" fixes and one "Add all 5", which names the five diagnostics', async () => {
    const actions = await codeActions(diagnostics);
    const titles = actions.map((a) => a.title);
    assert.deepEqual(titles.filter((t) => t.startsWith('Add `')).sort(), MISSING.map((host) => `Add \`${host}\` to the allowlist`).sort());
    const all = actions.filter((a) => a.title === 'Add all 5 missing Imprivata Cloud Platform hosts');
    assert.equal(all.length, 1);
    assert.equal(all[0].diagnostics?.length, 5);
    assert.equal(actions.length, 6);
    for (const host of MISSING) {
      const action = actions.find((a) => a.title === `Add \`${host}\` to the allowlist`) as CodeAction;
      const inserted = editsOf(action)
        .map((e) => e.newText)
        .join('');
      assert.ok(inserted.includes(host), `${action.title} inserts ${host}: ${inserted}`);
      for (const other of MISSING.filter((h) => h !== host)) assert.ok(!inserted.includes(other));
    }
    const insertedByAll = editsOf(all[0])
      .map((e) => e.newText)
      .join('');
    for (const host of MISSING) assert.ok(insertedByAll.includes(host));
  });

  it("applying one host's fix removes exactly that host's diagnostic", async () => {
    const third = diagnostics[2];
    const host = hostOf(third.message) as string;
    const [action] = await codeActions([third]);
    const before = TextDocument.create(uri, 'imprivata-yaml', 1, FIVE_MISSING);
    const edits = editsOf(action);
    const waiting = client.waitFor(uri, (p) => p.version === 2);
    await client.change(
      uri,
      2,
      edits.map((e) => ({ range: e.range, text: e.newText })),
    );
    const after = (await waiting).diagnostics.filter((d) => d.code === 'IMP-HOST-001');
    assert.deepEqual(after.map((d) => hostOf(d.message)).sort(), MISSING.filter((h) => h !== host).sort());
    // Back to the five missing hosts for the next test.
    const restored = client.waitFor(uri, (p) => p.version === 3);
    await client.change(uri, 3, [{ text: before.getText() }]);
    await restored;
  });

  it('diagnostics of an older version still find their finding (by fingerprint), with edits for the edited text', async () => {
    const list = client.published.get(uri) ?? [];
    const stale = list[list.length - 1].diagnostics.filter((d) => d.code === 'IMP-HOST-001');
    assert.equal(stale.length, 5);
    const before = new Map<string, CodeAction>();
    for (const diagnostic of stale) before.set(textOf(diagnostic.message), (await codeActions([diagnostic]))[0]);

    // One line more at the top: every finding moves down a line, and the stale diagnostics' data names an
    // analysis of the previous text.
    await client.change(uri, 4, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# moved down\n' }]);
    for (const diagnostic of stale) {
      const [action] = await codeActions([diagnostic]);
      const previous = before.get(textOf(diagnostic.message)) as CodeAction;
      assert.equal(action.title, previous.title);
      assert.equal(action.title, `Add \`${hostOf(diagnostic.message)}\` to the allowlist`);
      assert.equal(editsOf(action)[0].range.start.line, editsOf(previous)[0].range.start.line + 1);
    }
  });
});
