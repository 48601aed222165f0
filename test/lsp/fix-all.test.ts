/**
 * `source.fixAll.imprivata` over a real stdio connection: what the editor applies on "Fix all" (or on save with
 * `editor.codeActionsOnSave`) is exactly what `lint --fix` writes (the goldens of test/cli/lint-fix.test.ts).
 */
import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction } from 'vscode-languageserver-protocol';
import { ROOT } from '../support/fixtures';
import { TestLspClient } from '../support/lspClient';

const BROKEN = path.join(ROOT, 'examples/broken');
const GOLDEN = path.join(ROOT, 'test/fixtures/fixes/lint-fix');

describe('language server: fix-all (source.fixAll.imprivata) equals lint --fix', function () {
  this.timeout(60000);
  let client: TestLspClient;

  before(async () => {
    client = new TestLspClient();
    await client.initialize();
  });
  after(async () => {
    await client.shutdown();
  });

  it('announces the fix-all kind beside quick fixes', async () => {
    const other = new TestLspClient();
    try {
      const result = await other.request<{ capabilities: { codeActionProvider?: { codeActionKinds?: string[] } } }>('initialize', {
        processId: null,
        rootUri: null,
        capabilities: {},
      });
      assert.deepEqual(result.capabilities.codeActionProvider?.codeActionKinds, ['quickfix', 'source.fixAll', 'source.fixAll.imprivata']);
    } finally {
      await other.shutdown();
    }
  });

  it('after edits and the idle compaction of the snapshot (documents.ts), fix-all still starts from the current text', async () => {
    const name = 'imprivata-enterprise-hosts.yaml';
    const file = path.join(BROKEN, name);
    const text = readFileSync(file, 'utf8');
    const uri = pathToFileURL(file).toString();
    const opened = client.waitFor(uri, (p) => p.version === 1);
    await client.open(uri, text);
    try {
      // Type a character at the end of `enterprise.name` and delete it, 8 times: the text is the file again, its
      // snapshot holds 16 shifts (COMPACTION_SHIFTS: one more and the keystroke re-bases it), and a pause of 300 ms
      // compacts it.
      const line = text.split('\n').findIndex((l) => l === '  name: Example Health');
      const at = { line, character: '  name: Example Health'.length };
      const after = { line, character: at.character + 1 };
      let version = 1;
      let diagnostics = (await opened).diagnostics;
      for (let i = 0; i < 16; i++) {
        version++;
        const edit = i % 2 === 0 ? { range: { start: at, end: at }, text: 'q' } : { range: { start: at, end: after }, text: '' };
        // One at a time, as typed: edits sent together are parsed together.
        const published = client.waitFor(uri, (p) => p.version === version);
        await client.change(uri, version, [edit]);
        diagnostics = (await published).diagnostics;
      }
      await new Promise((resolve) => setTimeout(resolve, 600));
      const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
        textDocument: { uri },
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        context: { diagnostics, only: ['source.fixAll'] },
      });
      assert.equal(actions.length, 1);
      const fixed = TextDocument.applyEdits(TextDocument.create(uri, 'imprivata-yaml', 1, text), actions[0].edit?.changes?.[uri] ?? []);
      assert.equal(fixed, readFileSync(path.join(GOLDEN, name.replace(/\.yaml$/, '.fixed.yaml')), 'utf8'));
    } finally {
      await client.close(uri);
    }
  });

  for (const name of readdirSync(BROKEN)
    .filter((f) => f.endsWith('.yaml'))
    .sort()) {
    it(`examples/broken/${name}`, async () => {
      const file = path.join(BROKEN, name);
      const text = readFileSync(file, 'utf8');
      const uri = pathToFileURL(file).toString();
      const opened = client.waitFor(uri, (p) => p.version === 1);
      await client.open(uri, text);
      const { diagnostics } = await opened;
      try {
        const request = (only?: string[]) =>
          client.request<CodeAction[]>('textDocument/codeAction', {
            textDocument: { uri },
            range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
            context: only ? { diagnostics, only } : { diagnostics },
          });
        // The light bulb (no `only`) never pays for fix-all.
        assert.ok((await request()).every((a) => a.kind === 'quickfix'));
        const actions = await request(['source.fixAll']);
        const expected = readFileSync(path.join(GOLDEN, name.replace(/\.yaml$/, '.fixed.yaml')), 'utf8');
        if (expected === text) {
          assert.deepEqual(actions, [], 'nothing safe to fix');
          return;
        }
        assert.equal(actions.length, 1);
        const [fixAll] = actions;
        assert.equal(fixAll.kind, 'source.fixAll.imprivata');
        assert.match(fixAll.title, /^Fix all safe Imprivata problems \(\d+ fix(es)?\)$/);
        const fixed = TextDocument.applyEdits(TextDocument.create(uri, 'imprivata-yaml', 1, text), fixAll.edit?.changes?.[uri] ?? []);
        assert.equal(fixed, expected);
      } finally {
        await client.close(uri);
      }
    });
  }
});
