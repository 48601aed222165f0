/**
 * Snapshots are immutable: the incremental re-parse makes a new document and leaves the previous one exactly as it
 * was, so a request still reading it (a hover or an analysis slice while the user types) sees one consistent tree.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { isScalar, visit } from 'yaml';
import type { Scalar } from 'yaml';
import { analyze } from '../../server/src/core/analyze';
import { ConfigDocument, reparseWithEdit } from '../../server/src/core/document';
import { ROOT } from '../support/fixtures';

/** Every node's range and every scalar's value and source, in document order: what a reader of the tree sees. */
function fingerprint(doc: ConfigDocument): string {
  const seen: string[] = [];
  if (doc.yaml) {
    visit(doc.yaml, (_key, node) => {
      const range = (node as { range?: number[] }).range;
      const scalar = isScalar(node) ? ` ${JSON.stringify((node as Scalar).value)} ${JSON.stringify((node as Scalar).source)}` : '';
      seen.push(`${range ? range.join(',') : '-'}${scalar}`);
    });
  }
  for (const [name, list] of doc.anchors) seen.push(`&${name} ${list.map((a) => a.start).join(',')}`);
  return seen.join('\n');
}

describe('immutable document snapshots (copy-on-write incremental re-parse)', () => {
  const text = readFileSync(path.join(ROOT, 'examples/imprivata-enterprise.yaml'), 'utf8');
  const at = text.indexOf('Example Health') + 'Example'.length;

  it('the previous snapshot keeps its text, tree, ranges, anchors, plain data and findings', () => {
    const previous = new ConfigDocument(text);
    const plainBefore = JSON.stringify(previous.toPlain());
    const treeBefore = fingerprint(previous);
    const findingsBefore = JSON.stringify(analyze(previous));
    const newText = text.slice(0, at) + 'Wide' + text.slice(at);
    const next = reparseWithEdit(previous, newText, { start: at, end: at, text: 'Wide' });
    assert.ok(next, 'an edit inside a plain scalar takes the incremental path');
    assert.notEqual(next.yaml, previous.yaml, 'a new tree');
    assert.equal(previous.text, text);
    assert.equal(fingerprint(previous), treeBefore, 'no range or value of the previous tree moved');
    assert.equal(JSON.stringify(previous.toPlain()), plainBefore, 'the previous plain data is unchanged');
    assert.equal(JSON.stringify(analyze(previous)), findingsBefore);
    // And the new snapshot is the full parse of the new text.
    const full = new ConfigDocument(newText);
    assert.equal(fingerprint(next), fingerprint(full));
    assert.deepEqual(next.toPlain(), full.toPlain());
    assert.deepEqual(analyze(next), analyze(full));
  });

  it('a chain of keystrokes: every intermediate snapshot stays what it was', () => {
    let doc = new ConfigDocument(text);
    doc.toPlain();
    const snapshots: { doc: ConfigDocument; tree: string; plain: string }[] = [];
    let current = text;
    for (const [i, ch] of [...'Clinic'].entries()) {
      snapshots.push({ doc, tree: fingerprint(doc), plain: JSON.stringify(doc.toPlain()) });
      const offset = at + i;
      current = current.slice(0, offset) + ch + current.slice(offset);
      const next = reparseWithEdit(doc, current, { start: offset, end: offset, text: ch });
      assert.ok(next);
      doc = next;
    }
    for (const s of snapshots) {
      assert.equal(fingerprint(s.doc), s.tree);
      assert.equal(JSON.stringify(s.doc.toPlain()), s.plain);
    }
    assert.equal(fingerprint(doc), fingerprint(new ConfigDocument(current)));
  });

  it('aliases resolve in the new snapshot to the copied anchor, after an edit before the anchor', () => {
    const anchored = 'version: 1\nenterprise:\n  name: Clinic\n  region: &r us\nsmtp:\n  mode: basic\nother: *r\n';
    const previous = new ConfigDocument(anchored);
    const offset = anchored.indexOf('Clinic') + 6;
    const newText = anchored.slice(0, offset) + 's' + anchored.slice(offset);
    const next = reparseWithEdit(previous, newText, { start: offset, end: offset, text: 's' });
    assert.ok(next);
    assert.equal(next.string(['other']), 'us');
    const full = new ConfigDocument(newText);
    assert.equal(next.anchors.get('r')?.[0].start, full.anchors.get('r')?.[0].start, 'the anchor moved with the edit');
    assert.equal(previous.anchors.get('r')?.[0].start, new ConfigDocument(anchored).anchors.get('r')?.[0].start, 'in the new index only');
    assert.equal(next.anchors.get('r')?.[0].node, next.node(['enterprise', 'region']), 'the index points into the new tree');
    assert.deepEqual(next.toPlain(), new ConfigDocument(newText).toPlain());
  });
});
