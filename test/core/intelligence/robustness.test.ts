/**
 * Every editor feature on every fixture and example (valid, broken, hostile), at the start, middle and end of every
 * line: none throws, every span lies in the text and holds what LSP requires (a completion's replaced span is on
 * the cursor's line and holds the cursor; a hover's span holds the cursor; symbols nest).
 */
import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { ConfigDocument } from '../../../server/src/core/document';
import {
  complete,
  documentLinks,
  documentSymbols,
  foldingRanges,
  hover,
  prepareRename,
  selectionRanges,
} from '../../../server/src/core/intelligence';
import type { DocumentSymbol, Span } from '../../../server/src/core/intelligence';
import { ROOT } from '../../support/fixtures';

function files(): string[] {
  const dirs = ['test/fixtures/rules', 'test/fixtures/intelligence', 'examples', 'examples/broken'];
  return dirs.flatMap((dir) =>
    readdirSync(path.join(ROOT, dir))
      .filter((f) => /\.ya?ml$/.test(f))
      .map((f) => path.join(ROOT, dir, f)),
  );
}

function inText(text: string, span: Span, what: string): void {
  assert.ok(0 <= span.start && span.start <= span.end && span.end <= text.length, `${what}: ${span.start}-${span.end} outside the text`);
}

function checkSymbols(text: string, symbols: DocumentSymbol[], parent?: DocumentSymbol): void {
  for (const s of symbols) {
    inText(text, s.span, s.name);
    assert.ok(s.name.length > 0);
    assert.ok(s.span.start <= s.selectionSpan.start && s.selectionSpan.end <= s.span.end, `${s.name}: selection outside`);
    if (parent) assert.ok(parent.span.start <= s.span.start && s.span.end <= parent.span.end, `${s.name} outside ${parent.name}`);
    checkSymbols(text, s.children, s);
  }
}

describe('editor features never fail, on every fixture and example', () => {
  const all = files();
  it('finds the files', () => assert.ok(all.length > 200, `${all.length} files`));
  for (const file of all) {
    it(path.relative(ROOT, file), () => {
      const text = readFileSync(file, 'utf8');
      const doc = new ConfigDocument(text, file);
      checkSymbols(text, documentSymbols(doc));
      for (const r of foldingRanges(doc)) assert.ok(r.startLine < r.endLine && r.endLine < doc.lines.lineCount);
      for (const link of documentLinks(doc)) inText(text, link.span, link.tooltip);
      const offsets: number[] = [];
      for (let line = 0; line < doc.lines.lineCount; line++) {
        const start = doc.lines.lineStarts[line];
        const length = doc.lines.lineText(line).length;
        offsets.push(start, start + (length >> 1), start + length);
      }
      for (const range of selectionRanges(doc, offsets)) {
        for (let r: typeof range | undefined = range; r; r = r.parent) inText(text, r.span, 'selection');
      }
      for (const offset of offsets) {
        const line = doc.lines.position(offset).line;
        for (const item of complete(doc, offset).items) {
          assert.ok(
            item.replace.start <= offset && offset <= item.replace.end,
            `${item.label} at ${offset}: replaced span without the cursor`,
          );
          assert.equal(doc.lines.position(item.replace.start).line, line, `${item.label} at ${offset}: replaced span on another line`);
          assert.equal(doc.lines.position(item.replace.end).line, line);
        }
        const result = hover(doc, offset);
        if (result) assert.ok(result.span.start <= offset && offset <= result.span.end, `hover at ${offset}`);
        const rename = prepareRename(doc, offset);
        if (!('refused' in rename)) inText(text, rename.span, 'rename');
      }
    });
  }
});

describe('editor features on collections where a scalar belongs', () => {
  // The yaml library's toJSON stringifies collection keys, in time exponential in their nesting: the features read
  // the context values from the node and never call it (30 levels took minutes when they did).
  for (const [key, depth] of [
    ['region', 30],
    ['tenantId', 30],
  ] as const) {
    it(`${key}: [{[{...}]}] nested ${depth} deep: completion and hover in the allowlist answer at once`, () => {
      const text = `enterprise:\n  ${key}: ${'[{'.repeat(depth)}${'}]'.repeat(depth)}\nfirewall:\n  allowlist:\n    - \n`;
      const doc = new ConfigDocument(text);
      const offset = text.length - 1;
      const started = performance.now();
      complete(doc, offset);
      hover(doc, offset);
      const elapsed = performance.now() - started;
      assert.ok(elapsed < 2000, `${elapsed.toFixed(0)} ms`);
    });
  }
});
