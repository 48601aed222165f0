import { strict as assert } from 'node:assert';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { formatExpectation, parseExpectations } from '../support/expectations';
import { ROOT } from '../support/fixtures';
import { TestLspClient } from '../support/lspClient';

const EXAMPLE = readFileSync(path.join(ROOT, 'examples/imprivata-enterprise.yaml'), 'utf8');
const BROKEN = path.join(ROOT, 'examples/broken/imprivata-enterprise-document.yaml');

function summary(
  diagnostics: { code?: unknown; range: { start: { line: number; character: number }; end: { line: number; character: number } } }[],
): string[] {
  return diagnostics
    .map((d) =>
      formatExpectation({
        code: String(d.code),
        startLine: d.range.start.line,
        startCharacter: d.range.start.character,
        endLine: d.range.end.line,
        endCharacter: d.range.end.character,
      }),
    )
    .sort();
}

describe('language server over stdio', () => {
  let client: TestLspClient;
  let workspace: string;

  before(async () => {
    workspace = mkdtempSync(path.join(tmpdir(), 'imprivata-lsp-'));
    mkdirSync(path.join(workspace, 'assets'));
    copyFileSync(path.join(ROOT, 'examples/assets/logo.png'), path.join(workspace, 'assets/logo.png'));
    writeFileSync(path.join(workspace, 'imprivata-enterprise.yaml'), EXAMPLE);
    client = new TestLspClient();
    await client.initialize(workspace);
  });

  after(async () => {
    await client.shutdown();
    rmSync(workspace, { recursive: true, force: true });
  });

  it('publishes no diagnostics for the clean example, with the logo next to it', async () => {
    const uri = pathToFileURL(path.join(workspace, 'imprivata-enterprise.yaml')).toString();
    const waiting = client.waitFor(uri);
    await client.open(uri, EXAMPLE);
    const published = await waiting;
    assert.deepEqual(
      published.diagnostics.map((d) => `${String(d.code)}: ${d.message}`),
      [],
    );
    await client.close(uri);
  });

  it('publishes the broken example diagnostics with exact ranges, codes and documentation links', async () => {
    const text = readFileSync(BROKEN, 'utf8');
    const uri = pathToFileURL(path.join(workspace, 'imprivata-enterprise-document.yaml')).toString();
    const waiting = client.waitFor(uri);
    await client.open(uri, text);
    const published = await waiting;
    assert.deepEqual(summary(published.diagnostics), parseExpectations(text).map(formatExpectation).sort());
    for (const d of published.diagnostics) {
      assert.equal(d.source, 'imprivata');
      assert.match(String(d.codeDescription?.href), new RegExp(`#${String(d.code).toLowerCase()}$`));
      assert.ok(String(d.message).length > 20, 'a message for people');
    }
    await client.close(uri);
  });

  it('updates diagnostics on incremental edits and clears them on close', async () => {
    const uri = pathToFileURL(path.join(workspace, 'edited', 'imprivata-enterprise.yaml')).toString();
    let waiting = client.waitFor(uri);
    await client.open(uri, EXAMPLE.replace('assets/logo.png', '../assets/logo.png'));
    assert.deepEqual((await waiting).diagnostics, []);

    // Line 1 (0-based 5) is `version: 1`: make it 7, then back.
    const versionLine = EXAMPLE.split('\n').findIndex((l) => l.startsWith('version:'));
    waiting = client.waitFor(uri, (p) => p.version === 2);
    await client.change(uri, 2, [
      { range: { start: { line: versionLine, character: 9 }, end: { line: versionLine, character: 10 } }, text: '7' },
    ]);
    const broken = await waiting;
    assert.deepEqual(summary(broken.diagnostics), [`IMP-DOC-004 ${versionLine + 1}:10-${versionLine + 1}:11`]);

    waiting = client.waitFor(uri, (p) => p.version === 3);
    await client.change(uri, 3, [
      { range: { start: { line: versionLine, character: 9 }, end: { line: versionLine, character: 10 } }, text: '1' },
    ]);
    assert.deepEqual((await waiting).diagnostics, []);

    waiting = client.waitFor(uri);
    await client.close(uri);
    assert.deepEqual((await waiting).diagnostics, []);
  });

  it('offers the quick fix a finding carries', async () => {
    const uri = pathToFileURL(path.join(workspace, 'fix', 'imprivata-enterprise.yaml')).toString();
    const waiting = client.waitFor(uri);
    await client.open(uri, 'version: "1"\n');
    const published = await waiting;
    const diagnostic = published.diagnostics.find((d) => d.code === 'IMP-DOC-004');
    assert.ok(diagnostic);
    const actions = (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic] },
    })) as { title: string; edit: { changes: Record<string, { newText: string }[]> } }[];
    assert.equal(actions.length, 1);
    assert.equal(actions[0].edit.changes[uri][0].newText, '1');
    await client.close(uri);
  });

  it('applies a changed setting (rule off, severity override) without a restart', async () => {
    const uri = pathToFileURL(path.join(workspace, 'settings', 'imprivata-enterprise.yaml')).toString();
    let waiting = client.waitFor(uri);
    await client.open(uri, 'version: 2\nenterprise:\n  tenantID: x\n');
    const before = await waiting;
    assert.deepEqual(before.diagnostics.map((d) => [d.code, d.severity]).sort(), [
      ['IMP-DOC-002', 2],
      ['IMP-DOC-004', 1],
    ]);

    client.settings = { rules: { 'IMP-DOC-004': 'off', 'IMP-DOC-002': 'error' } };
    waiting = client.waitFor(uri);
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const after = await waiting;
    assert.deepEqual(
      after.diagnostics.map((d) => [d.code, d.severity]),
      [['IMP-DOC-002', 1]],
    );
    client.settings = {};
    waiting = client.waitFor(uri);
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await waiting;
    await client.close(uri);
  });

  it('honours suppression comments by rule ID', async () => {
    const uri = pathToFileURL(path.join(workspace, 'suppress', 'imprivata-enterprise.yaml')).toString();
    const waiting = client.waitFor(uri);
    await client.open(
      uri,
      '# imprivata-disable-next-line IMP-DOC-004\nversion: 2\nenterprise:\n  # imprivata-disable-next-line IMP-DOC-002\n  tenantID: x\n  regio: us\n',
    );
    const published = await waiting;
    assert.deepEqual(summary(published.diagnostics), ['IMP-DOC-002 6:3-6:8']);
    await client.close(uri);
  });

  describe('never crashes or hangs on hostile input', () => {
    const inputs: [string, () => string][] = [
      ['binary bytes', () => Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)).toString('latin1')],
      [
        '5 MB of YAML',
        () => 'version: 2\nfirewall:\n  allowlist:\n' + Array.from({ length: 200000 }, (_, i) => `    - host-${i}.example.org\n`).join(''),
      ],
      ['deep nesting', () => 'version: 1\nenterprise: ' + '['.repeat(50000) + ']'.repeat(50000) + '\n'],
      ['deep block nesting', () => 'version: 1\n' + Array.from({ length: 3000 }, (_, i) => ' '.repeat(i) + `k${i}:`).join('\n') + '\n'],
      [
        'an alias bomb',
        () =>
          'version: 1\na: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n',
      ],
      ['not YAML at all', () => '{{{ ::: ]]] \t\t- - - : : "unterminated\n%YAML 9.9\n---\n...\n'],
      ['an empty file', () => ''],
    ];
    for (const [name, make] of inputs) {
      it(`${name}: gets diagnostics`, async () => {
        const uri = pathToFileURL(path.join(workspace, 'hostile', `${name.replace(/\W+/g, '-')}`, 'imprivata-enterprise.yaml')).toString();
        const waiting = client.waitFor(uri, () => true, 15000);
        await client.open(uri, make());
        const published = await waiting;
        assert.ok(Array.isArray(published.diagnostics));
        if (name !== 'an empty file') assert.ok(published.diagnostics.length > 0, 'hostile input must be reported');
        assert.ok(
          !published.diagnostics.some((d) => /Internal error/.test(String(d.message))),
          published.diagnostics.map((d) => String(d.message)).join('\n'),
        );
        await client.close(uri);
      });
    }
    it('the server is still alive afterwards', async () => {
      const uri = pathToFileURL(path.join(workspace, 'alive', 'imprivata-enterprise.yaml')).toString();
      const waiting = client.waitFor(uri);
      await client.open(uri, 'version: 3\n');
      assert.equal((await waiting).diagnostics[0].code, 'IMP-DOC-004');
      assert.equal(client.process.exitCode, null);
    });
  });
});
