import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { analyze } from '../../server/src/core/analyze';
import { ConfigDocument } from '../../server/src/core/document';
import type { Finding, TextEdit } from '../../server/src/core/types';
import { nodeFileReader } from '../../server/src/node/files';
import { ROOT, ruleFixturesAndBrokenExamples } from '../support/fixtures';

/** Applies LSP-style edits (non-overlapping) to a text. */
function applyEdits(text: string, edits: TextEdit[]): string {
  const doc = new ConfigDocument(text);
  const offsets = edits
    .map((e) => ({ start: offsetOf(doc, e.range.start), end: offsetOf(doc, e.range.end), text: e.newText }))
    .sort((a, b) => b.start - a.start);
  let out = text;
  for (const e of offsets) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

function offsetOf(doc: ConfigDocument, p: { line: number; character: number }): number {
  const starts = doc.lines.lineStarts;
  return p.line >= starts.length ? doc.text.length : Math.min(starts[p.line] + p.character, doc.text.length);
}

const same = (a: Finding, b: Finding) => a.ruleId === b.ruleId && a.message === b.message;

describe('quick fixes', () => {
  const files = ruleFixturesAndBrokenExamples();
  let applied = 0;
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const findings = analyze(new ConfigDocument(text, file), { files: nodeFileReader });
    if (!findings.some((f) => f.fixes?.length)) continue;
    it(`${path.relative(ROOT, file)}: every fix keeps the YAML valid and removes its problem`, () => {
      const syntaxBefore = findings.filter((f) => f.ruleId === 'IMP-DOC-001').length;
      for (const finding of findings) {
        for (const fix of finding.fixes ?? []) {
          const fixed = applyEdits(text, fix.edits);
          const after = analyze(new ConfigDocument(fixed, file), { files: nodeFileReader });
          const where = `${finding.ruleId} "${fix.title}" at ${finding.range.start.line + 1}:${finding.range.start.character + 1}`;
          assert.ok(after.filter((f) => f.ruleId === 'IMP-DOC-001').length <= syntaxBefore, `${where} breaks the YAML:\n${fixed}`);
          assert.ok(
            after.filter((f) => same(f, finding)).length < findings.filter((f) => same(f, finding)).length,
            `${where} leaves its problem in place`,
          );
          applied++;
        }
      }
    });
  }
  after(() => assert.ok(applied > 100, `only ${applied} fixes applied`));
});
