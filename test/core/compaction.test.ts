/**
 * Compaction (LanguageService.compact, reparse.ts compactSnapshot): the re-base of a snapshot's tree moved off the
 * keystroke path. At every moment every snapshot reads as a full parse of its text, compacted or not, before or after
 * a compaction of a later one; the analysis after a compaction still reuses the last finished one.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import { isScalar, visit } from 'yaml';
import { keptRuleCount } from '../../server/src/core/analyze';
import { ConfigDocument } from '../../server/src/core/document';
import type { OffsetEdit } from '../../server/src/core/document';
import { COMPACTION_SHIFTS, MAX_SHIFTS, SMALL_TEXT, compactSnapshot, compactSteps } from '../../server/src/core/reparse';
import { createLanguageService } from '../../server/src/core/service';
import { applyChanges, closeDocument, openDocument, parseCurrent } from '../../server/src/lsp/documents';
import { ROOT } from '../support/fixtures';
import { treeFingerprint } from '../support/tree-fingerprint';

const example = readFileSync(path.join(ROOT, 'examples/imprivata-enterprise.yaml'), 'utf8');
const service = createLanguageService();

setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;

/** Every one-line plain scalar's value span of a text (where typing takes the incremental path). */
function plainSpans(text: string): [number, number][] {
  const spans: [number, number][] = [];
  const doc = new ConfigDocument(text);
  if (doc.yaml) {
    visit(doc.yaml, {
      Scalar(_key, node) {
        if (
          isScalar(node) &&
          node.type === 'PLAIN' &&
          node.range &&
          typeof node.value === 'string' &&
          !String(node.source).includes('\n')
        ) {
          spans.push([node.range[0], node.range[1]]);
        }
      },
    });
  }
  return spans;
}

type Step = { kind: 'type' | 'delete' | 'line' | 'unline'; a: number; b: number; compact: boolean };

/** The edit a step makes on a text: typing or deleting in a scalar, a host line inserted or deleted in the allowlist. */
function editOf(text: string, { kind, a, b }: Step): OffsetEdit | undefined {
  if (kind === 'line' || kind === 'unline') {
    const lines = [...text.matchAll(/^ {4}- [a-z0-9.-]+\.(?:com|org)\n/gm)];
    const line = lines[a % Math.max(1, lines.length)];
    if (!line || line.index === undefined) return undefined;
    if (kind === 'line') return { start: line.index, end: line.index, text: `    - added${b % 1000}.example.org\n` };
    return lines.length > 2 ? { start: line.index, end: line.index + line[0].length, text: '' } : undefined;
  }
  const spans = plainSpans(text);
  const [start, end] = spans[a % spans.length];
  const at = start + (b % (end - start + 1));
  if (kind === 'type') return { start: at, end: at, text: 'abcxyz'[b % 6] };
  return end - start > 1 && at < end ? { start: at, end: at + 1, text: '' } : undefined;
}

/** compactSteps run to the end, counting that it did pause when the tree has more items than a step. */
function stepwise(doc: ConfigDocument, perStep: number): ConfigDocument {
  const steps = compactSteps(doc, 1, perStep);
  let paused = 0;
  let step = steps.next();
  while (!step.done) {
    paused++;
    step = steps.next();
  }
  assert.ok(paused > 0 || step.value === doc, 'a compaction in steps pauses');
  return step.value;
}

describe('compaction: the re-base off the keystroke path', () => {
  it('random edits, compacted at random points: every snapshot, old and new, reads as a full parse of its text', () => {
    const step = fc.record({
      kind: fc.constantFrom<Step['kind']>('type', 'type', 'delete', 'line', 'unline'),
      a: fc.nat(),
      b: fc.nat(),
      compact: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 40 }), (steps) => {
        let text = example;
        let doc = service.parse(text);
        const seen: { doc: ConfigDocument; tree: string }[] = [];
        for (const s of steps) {
          const edit = editOf(text, s);
          if (!edit) continue;
          text = text.slice(0, edit.start) + edit.text + text.slice(edit.end);
          doc = service.update(doc, text, [edit]);
          if (s.compact) {
            const before = treeFingerprint(doc);
            // In steps (as the server runs it, a few items a step here), or at once.
            const compacted = s.b % 2 === 0 ? compactSnapshot(doc) : stepwise(doc, 1 + (s.a % 7));
            assert.equal(compacted.text, doc.text);
            assert.equal(compacted.shifts.length, 0, 'nothing left to shift');
            assert.equal(treeFingerprint(doc), before, 'the compacted snapshot is unchanged');
            seen.push({ doc, tree: before });
            doc = compacted;
          }
          const tree = treeFingerprint(doc);
          assert.equal(tree, treeFingerprint(new ConfigDocument(text)), `after ${JSON.stringify(edit)}`);
          seen.push({ doc, tree });
        }
        // The snapshots made before a compaction of a later one still read as they did.
        for (const s of seen) assert.equal(treeFingerprint(s.doc), s.tree);
        assert.deepEqual(doc.toPlain(), new ConfigDocument(text).toPlain());
      }),
      { numRuns: 60 },
    );
  });

  it('the analysis after a compaction reuses the last finished one, and equals a full analysis', () => {
    let text = example;
    let doc = service.parse(text);
    service.validate(doc);
    let kept = 0;
    for (let i = 0; i < 3 * COMPACTION_SHIFTS; i++) {
      const marker = i % 2 === 0 ? '    - www.dig' : '  name: Example Heal';
      const at = text.indexOf(marker) + marker.length;
      const edit: OffsetEdit = Math.floor(i / 2) % 2 === 0 ? { start: at, end: at, text: 'q' } : { start: at, end: at + 1, text: '' };
      text = text.slice(0, edit.start) + edit.text + text.slice(edit.end);
      doc = service.update(doc, text, [edit]);
      if (i % 3 === 2) doc = service.compact(doc);
      if (i % 2 === 1) {
        const findings = service.validate(doc);
        kept += keptRuleCount(doc) ?? 0;
        assert.deepEqual(findings, service.validate(service.parse(text)), `after edit ${i}`);
      }
    }
    assert.ok(kept > 0, 'rules kept their findings across compactions');
  });

  it('the compacted copy of an analyzed snapshot takes over its analysis: the next edit reuses it, and the snapshot can go', async () => {
    const at = example.indexOf('Example Heal') + 'Example Heal'.length;
    let text = example;
    let doc = service.parse(text);
    for (let i = 0; i < COMPACTION_SHIFTS; i++) {
      const edit: OffsetEdit = i % 2 === 0 ? { start: at, end: at, text: 'q' } : { start: at, end: at + 1, text: '' };
      text = text.slice(0, edit.start) + edit.text + text.slice(edit.end);
      doc = service.update(doc, text, [edit]);
    }
    // Not analyzed yet: the copy continues the snapshot's chain of edits (its analysis starts from the last finished one).
    const copyContinuesChain = (of: ConfigDocument) => service.compact(of).origin !== undefined;
    assert.ok(copyContinuesChain(doc), 'an unanalyzed snapshot is in the copy chain');
    service.validate(doc);
    let compacted: ConfigDocument | undefined = service.compact(doc);
    assert.ok(compacted !== doc, 'compacted');
    assert.equal(compacted.origin, undefined, 'the copy ends the chain: the analyzed snapshot is not its origin');
    const gone = new WeakRef(doc);
    const edit: OffsetEdit = { start: at, end: at, text: 'q' };
    text = text.slice(0, at) + 'q' + text.slice(at);
    doc = service.update(compacted, text, [edit]);
    compacted = undefined;
    assert.deepEqual(service.validate(doc), service.validate(service.parse(text)));
    assert.ok((keptRuleCount(doc) ?? 0) > 0, 'rules kept the findings of the analysis handed over');
    // A WeakRef's target lives at least to the end of the job that made it.
    await new Promise((resolve) => setImmediate(resolve));
    collect();
    assert.equal(gone.deref(), undefined, 'the analyzed snapshot (and the tree it was parsed into) was collected');
  });

  /** Types and deletes a character MAX_SHIFTS + 3 times in `text`: the longest chain of shifts a snapshot had, and the last snapshot. */
  const typeWithoutPause = (start: string, onEdit: (i: number, doc: ConfigDocument) => void = () => undefined) => {
    const at = start.indexOf('Example Heal') + 'Example Heal'.length;
    let text = start;
    let doc = service.parse(text);
    assert.ok(service.compact(doc) === doc, 'a full parse: nothing to compact');
    let longest = 0;
    for (let i = 0; i < MAX_SHIFTS + 3; i++) {
      const edit: OffsetEdit = i % 2 === 0 ? { start: at, end: at, text: 'q' } : { start: at, end: at + 1, text: '' };
      text = text.slice(0, edit.start) + edit.text + text.slice(edit.end);
      doc = service.update(doc, text, [edit]);
      onEdit(i, doc);
      longest = Math.max(longest, doc.shifts.length);
    }
    return { longest, doc, text, at };
  };

  it('compact leaves a snapshot with few shifts as it is; on a large text the keystroke path re-bases only past MAX_SHIFTS', () => {
    // A comment block makes the text large without changing its tree.
    const large = example + '# padding\n'.repeat(Math.ceil(SMALL_TEXT / 10));
    assert.ok(large.length >= SMALL_TEXT);
    const typed = typeWithoutPause(large, (i, doc) => {
      if (i === COMPACTION_SHIFTS - 2) assert.ok(service.compact(doc) === doc, 'too few shifts to be worth a copy');
    });
    const { longest, at } = typed;
    let { doc, text } = typed;
    assert.equal(longest, MAX_SHIFTS, 'shifts pile up to the cap between compactions');
    assert.ok(doc.shifts.length < MAX_SHIFTS, 'and the keystroke past it re-based the tree');
    for (let i = 0; doc.shifts.length < COMPACTION_SHIFTS; i++) {
      const edit: OffsetEdit = i % 2 === 0 ? { start: at, end: at, text: 'q' } : { start: at, end: at + 1, text: '' };
      text = text.slice(0, edit.start) + edit.text + text.slice(edit.end);
      doc = service.update(doc, text, [edit]);
    }
    const compacted = service.compact(doc);
    assert.ok(compacted !== doc, 'compacted');
    assert.equal(treeFingerprint(compacted), treeFingerprint(new ConfigDocument(text)));
  });

  it('on a small text the keystroke path re-bases past COMPACTION_SHIFTS (its copy costs less than the shifts it saves)', () => {
    const { longest, doc, text } = typeWithoutPause(example);
    assert.equal(longest, COMPACTION_SHIFTS);
    assert.equal(treeFingerprint(doc), treeFingerprint(new ConfigDocument(text)));
  });

  describe('the language server compacts an open document once its edits pause (documents.ts)', () => {
    const typeAt = (text: string, marker: string) => {
      const offset = text.indexOf(marker) + marker.length;
      const line = text.slice(0, offset).split('\n').length - 1;
      const character = offset - (text.lastIndexOf('\n', offset - 1) + 1);
      return { range: { start: { line, character }, end: { line, character } }, text: 'q' };
    };
    const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    /** An open document typed into COMPACTION_SHIFTS times, each version parsed, the last one analyzed (as the server's analyzer runs it). */
    const typedDocument = (uri: string) => {
      const open = openDocument(uri, 'yaml', 1, example, undefined);
      let doc = parseCurrent(open, service);
      for (let i = 0; i < COMPACTION_SHIFTS; i++) {
        applyChanges(open, [typeAt(open.document.getText(), 'Example Heal')], i + 2);
        doc = parseCurrent(open, service);
      }
      service.validate(doc);
      return { open, doc };
    };

    it('after a pause: a new snapshot of the same text, its ranges current; the one before unchanged', async () => {
      // Its analysis finished: the server is idle.
      const { open, doc } = typedDocument('file:///compaction.yaml');
      assert.ok(doc.shifts.length >= COMPACTION_SHIFTS);
      const tree = treeFingerprint(doc);
      await wait(450);
      assert.ok(open.parsed !== doc, 'compacted');
      assert.equal(open.parsed?.text, open.document.getText());
      assert.equal(open.parsed?.shifts.length, 0);
      assert.equal(treeFingerprint(open.parsed as ConfigDocument), tree);
      assert.equal(treeFingerprint(doc), tree);
      // The next edit goes on from the compacted snapshot, incrementally.
      applyChanges(open, [typeAt(open.document.getText(), 'Example Heal')], 100);
      const next = parseCurrent(open, service);
      assert.ok(next.incremental);
      assert.equal(treeFingerprint(next), treeFingerprint(new ConfigDocument(open.document.getText())));
      closeDocument(open);
    });

    it('not while the edits go on: an edit not parsed yet leaves the snapshot alone', async () => {
      const { open, doc } = typedDocument('file:///compaction-busy.yaml');
      applyChanges(open, [typeAt(open.document.getText(), 'Example Heal')], 99);
      await wait(450);
      assert.ok(open.parsed === doc, 'the text changed since: not compacted');
      closeDocument(open);
    });
  });
});
