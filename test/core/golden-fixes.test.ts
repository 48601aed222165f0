/**
 * Golden quick fixes, as an editor meets them: each `test/fixtures/fixes/<ID>[-n].yaml` names one fix in its first
 * line (`# fix: <title>`). The test opens it in the real server over stdio, asks for the code actions of that rule's
 * diagnostics, applies the edits of the action with that title, and compares the text byte for byte with
 * `<name>.fixed.yaml`; then it sends the fixed text and checks that the diagnostics the action named are gone and that
 * no diagnostic appeared (no rule reports more than before). A fix that by its nature hands over to the next step
 * (switching `mode: oauth2` asks for the OAuth2 keys) names the rules it reveals in a `# reveals: ID, ID - why` line;
 * only those may then report more. `UPDATE_GOLDEN=1` writes the `.fixed.yaml` files (review their diff).
 *
 * Also: every quick fix the catalogue lists (docs/spec/requirements.md) has at least one golden here, so a
 * catalogue fix without a reachable code action fails.
 */
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { analyzeText } from '../../server/src/core/analyze';
import { ConfigDocument } from '../../server/src/core/document';
import { ruleById } from '../../server/src/core/rules';
import { ROOT } from '../support/fixtures';
import { TestLspClient } from '../support/lspClient';

const FIXES = path.join(ROOT, 'test/fixtures/fixes');
const UPDATE = process.env.UPDATE_GOLDEN === '1';

interface Golden {
  name: string;
  file: string;
  ruleId: string;
  title: string;
  /** Rules whose new findings the fix reveals on purpose (the next step after it). */
  reveals: string[];
}

function goldens(): Golden[] {
  return readdirSync(FIXES)
    .filter((f) => /^IMP-[A-Z]+-\d{3}(-\d+)?\.yaml$/.test(f))
    .sort()
    .map((name) => {
      const file = path.join(FIXES, name);
      const text = readFileSync(file, 'utf8');
      const title = /^# fix: (.+)$/m.exec(text)?.[1];
      assert.ok(title, `${name} must start with "# fix: <title>"`);
      const reveals = /^# reveals: ([A-Z0-9, -]+?) - \S/m.exec(text)?.[1].split(/,\s*/) ?? [];
      return { name, file, ruleId: /^(IMP-[A-Z]+-\d{3})/.exec(name)?.[1] ?? '', title, reveals };
    });
}

/** Rule IDs whose catalogue row has a quick fix (the column is filled). */
function catalogueFixIds(): string[] {
  const text = readFileSync(path.join(ROOT, 'docs/spec/requirements.md'), 'utf8');
  const ids: string[] = [];
  let fixColumn = -1;
  for (const line of text.split('\n')) {
    if (!line.startsWith('|')) {
      fixColumn = -1;
      continue;
    }
    const cells = line.split('|').map((c) => c.trim());
    if (cells.includes('quick fix')) fixColumn = cells.indexOf('quick fix');
    const id = /^IMP-[A-Z]+-\d{3}$/.test(cells[1]) ? cells[1] : undefined;
    if (id && fixColumn > 0 && (cells[fixColumn] ?? '') !== '') ids.push(id);
  }
  return ids;
}

const key = (d: Diagnostic) => `${String(d.code)}\u0000${String(d.message)}`;

function counts(diagnostics: readonly Diagnostic[], by: (d: Diagnostic) => string): Map<string, number> {
  const map = new Map<string, number>();
  for (const d of diagnostics) map.set(by(d), (map.get(by(d)) ?? 0) + 1);
  return map;
}

describe('golden quick fixes over the LSP connection (test/fixtures/fixes)', function () {
  this.timeout(60000);
  let client: TestLspClient;
  const all = goldens();

  before(async () => {
    client = new TestLspClient();
    await client.initialize();
  });
  after(async () => {
    await client.shutdown();
  });

  it('every catalogue quick fix has a golden test (its code action is reachable)', () => {
    const ids = catalogueFixIds();
    assert.ok(ids.length >= 25, `only ${ids.length} catalogue rows with a quick fix`);
    const covered = new Set(all.map((g) => g.ruleId));
    assert.deepEqual(
      ids.filter((id) => !covered.has(id)),
      [],
      'catalogue fixes without a golden quick-fix test',
    );
    for (const id of ids) assert.ok(ruleById(id)?.fix, `${id} documents no fix`);
  });

  for (const golden of all) {
    it(`${golden.name}: "${golden.title}"`, async () => {
      const text = readFileSync(golden.file, 'utf8');
      const uri = pathToFileURL(golden.file).toString();
      const opened = client.waitFor(uri, (p) => p.version === 1);
      await client.open(uri, text);
      const before = (await opened).diagnostics;
      try {
        const ours = before.filter((d) => d.code === golden.ruleId);
        assert.ok(ours.length > 0, `no ${golden.ruleId} diagnostic`);
        const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
          textDocument: { uri },
          range: ours[0].range,
          context: { diagnostics: ours, only: ['quickfix'] },
        });
        const action = actions.find((a) => a.title === golden.title);
        assert.ok(action, `no action "${golden.title}" among: ${actions.map((a) => a.title).join(' | ')}`);
        const edits = action.edit?.changes?.[uri] ?? [];
        assert.ok(edits.length > 0, 'the action has edits');
        const fixed = TextDocument.applyEdits(TextDocument.create(uri, 'imprivata-yaml', 1, text), edits);
        const goldenFile = golden.file.replace(/\.yaml$/, '.fixed.yaml');
        if (UPDATE) writeFileSync(goldenFile, fixed);
        assert.ok(existsSync(goldenFile), `${path.basename(goldenFile)} is missing (UPDATE_GOLDEN=1 writes it)`);
        assert.equal(fixed, readFileSync(goldenFile, 'utf8'), 'the text after the fix, byte for byte');
        assert.deepEqual(
          new ConfigDocument(fixed).syntaxProblems.map((p) => p.message),
          [],
          'the text after the fix parses',
        );

        const changed = client.waitFor(uri, (p) => p.version === 2);
        await client.change(uri, 2, [{ text: fixed }]);
        const after = (await changed).diagnostics;
        const was = counts(before, key);
        const now = counts(after, key);
        for (const resolved of action.diagnostics ?? []) {
          assert.ok(
            (now.get(key(resolved)) ?? 0) < (was.get(key(resolved)) ?? 0),
            `still there: ${resolved.code} ${String(resolved.message)}`,
          );
        }
        // Per rule, not per message: a message that quotes the edited value changes with it without being new.
        const code = (d: Diagnostic) => String(d.code);
        const wasByRule = counts(before, code);
        const appeared = [...counts(after, code)]
          .filter(([rule, n]) => n > (wasByRule.get(rule) ?? 0) && !golden.reveals.includes(rule))
          .map(([rule]) => after.filter((d) => code(d) === rule).map((d) => `${rule} ${String(d.message)}`))
          .flat();
        assert.deepEqual(appeared, [], 'the fix made new diagnostics appear');
      } finally {
        await client.close(uri);
      }
    });
  }
});

describe('quick fixes that would break the YAML are not offered (issue 12 item 10)', () => {
  it('IMP-DOC-002 offers no rename onto a key its mapping already has (a duplicate key), and still renames elsewhere', () => {
    const text = 'version: 1\nenterprise:\n  tenantID: examplehealth\n  tenantId: examplehealth\n  regoin: us\n';
    const findings = analyzeText(text).findings.filter((f) => f.ruleId === 'IMP-DOC-002');
    assert.deepEqual(
      findings.map((f) => [f.range.start.line, (f.fixes ?? []).map((fix) => fix.title)]),
      [
        [2, []],
        [4, ['Rename to `region`']],
      ],
    );
  });

  it('no allowlist fix under an anchored `firewall: &a ~` (aliases name the null), the finding stays', () => {
    const text =
      'version: 1\nenterprise:\n  tenantId: examplehealth\ncloudPlatform:\n  integrationId: 4b1f7c2e-9d3a-4e5b-8c6d-2f1a0b9e8d7c\nfirewall: &a ~\n';
    const findings = analyzeText(text).findings.filter((f) => f.ruleId === 'IMP-HOST-001');
    assert.ok(findings.length > 0);
    assert.deepEqual(
      findings.flatMap((f) => f.fixes ?? []),
      [],
    );
  });
});
