/**
 * Snapshots are immutable: the incremental re-parse makes a new document and leaves the previous one exactly as it
 * was, so a request still reading it (a hover or an analysis slice while the user types) sees one consistent tree.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { analyze } from '../../server/src/core/analyze';
import { ConfigDocument } from '../../server/src/core/document';
import { MAX_SHIFTS, reparseWithEdit } from '../../server/src/core/reparse';
import { ROOT } from '../support/fixtures';
import { treeFingerprint } from '../support/tree-fingerprint';

const fingerprint = treeFingerprint;

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

  it('a chain longer than MAX_SHIFTS, in several scalars: every snapshot reads as a full parse, re-bases included', () => {
    // Keystrokes in values before and after one another, so that shared nodes cross several shifts before a re-base.
    const markers = ['Example Heal', '    - www.dig', '  - host: imp-app', '    - name: Da'];
    let doc = new ConfigDocument(text);
    doc.toPlain();
    let current = text;
    const snapshots: { doc: ConfigDocument; tree: string }[] = [];
    for (let i = 0; i < MAX_SHIFTS * 2 + 5; i++) {
      const marker = markers[i % markers.length];
      const offset = current.indexOf(marker) + marker.length;
      // Each marker's value alternately gains a character and loses it again, round after round.
      const edit =
        Math.floor(i / markers.length) % 2 === 1 ? { start: offset, end: offset + 1, text: '' } : { start: offset, end: offset, text: 'q' };
      current = current.slice(0, edit.start) + edit.text + current.slice(edit.end);
      const next = reparseWithEdit(doc, current, edit);
      assert.ok(next, `edit ${i} takes the incremental path`);
      snapshots.push({ doc: next, tree: fingerprint(next) });
      assert.equal(fingerprint(next), fingerprint(new ConfigDocument(current)), `after edit ${i}`);
      doc = next;
    }
    assert.ok(doc.shifts.length <= MAX_SHIFTS, 'the chain was re-based');
    for (const s of snapshots) assert.equal(fingerprint(s.doc), s.tree);
    assert.deepEqual(doc.toPlain(), new ConfigDocument(current).toPlain());
    assert.deepEqual(analyze(doc), analyze(new ConfigDocument(current)));
  });

  it('lines pasted and deleted among list items: the previous snapshots keep their tree, lines and plain data', () => {
    const marker = '    - www.digicert.com\n';
    const pasted = Array.from({ length: 20 }, (_, i) => `    - pasted${i}.example.org\n`).join('');
    const at = text.indexOf(marker);
    const previous = new ConfigDocument(text);
    previous.toPlain();
    const before = { tree: fingerprint(previous), lines: previous.lines.lineStarts.slice(), plain: JSON.stringify(previous.toPlain()) };
    const withPaste = text.slice(0, at) + pasted + text.slice(at);
    const next = reparseWithEdit(previous, withPaste, { start: at, end: at, text: pasted });
    assert.ok(next, 'a paste among the allowlist items takes the list-item re-parse');
    assert.equal(next.string(['firewall', 'allowlist', 8]), 'pasted0.example.org');
    // Shared, not copied: the items after the paste are the previous snapshot's nodes.
    const allowlist = previous.seq(['firewall', 'allowlist']);
    assert.equal(next.node(['firewall', 'allowlist', 29]), allowlist?.items[9]);
    assert.equal(fingerprint(next), fingerprint(new ConfigDocument(withPaste)));
    // Undo the paste: back to the first text, from the pasted snapshot.
    const undone = reparseWithEdit(next, text, { start: at, end: at + pasted.length, text: '' });
    assert.ok(undone);
    assert.equal(fingerprint(undone), before.tree);
    assert.deepEqual(undone.toPlain(), new ConfigDocument(text).toPlain());
    assert.equal(fingerprint(previous), before.tree, 'no range or value of the first snapshot moved');
    assert.deepEqual(previous.lines.lineStarts, before.lines);
    assert.equal(JSON.stringify(previous.toPlain()), before.plain);
    assert.equal(fingerprint(next), fingerprint(new ConfigDocument(withPaste)), 'nor of the pasted one');
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
    const anchorStart = (doc: ConfigDocument) => doc.nodeRange(doc.anchors.get('r')?.[0].node)?.[0];
    assert.equal(anchorStart(next), anchorStart(full), 'the anchor moved with the edit');
    assert.equal(anchorStart(previous), anchorStart(new ConfigDocument(anchored)), 'in the new snapshot only');
    assert.equal(next.anchors.get('r')?.[0].node, next.node(['enterprise', 'region']), 'the index points into the new tree');
    assert.deepEqual(next.toPlain(), new ConfigDocument(newText).toPlain());
  });
});
