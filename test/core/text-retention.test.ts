/**
 * A snapshot keeps only its own text alive, not the versions of the text its shared nodes were re-parsed from: V8 makes
 * a substring a view into the whole string, so a list item re-parsed from `newText.slice(...)` kept that whole version
 * (1 MB here) for as long as the item lived, which is through every later version (reparse.ts copies the lines first).
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { ConfigDocument, OffsetEdit } from '../../server/src/core/document';
import { createLanguageService } from '../../server/src/core/service';
import { detachedCopy } from '../../server/src/core/text';
import { ROOT } from '../support/fixtures';

setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;

const heapAfterCollection = (): number => {
  collect();
  collect();
  return process.memoryUsage().heapUsed;
};

/** The example with 20,000 more allowlist hosts: about 1 MB. */
function largeAllowlist(): string {
  const example = readFileSync(path.join(ROOT, 'examples/imprivata-enterprise.yaml'), 'utf8');
  const anchor = '    - cloud.imprivata.com\n';
  const hosts = Array.from({ length: 20000 }, (_, i) => `    - gateway-${i}.clinic-${i % 250}.examplehealth.org\n`).join('');
  return example.replace(anchor, anchor + hosts);
}

describe('text retention: a snapshot does not keep earlier versions of the text alive', () => {
  it('detachedCopy copies the characters (a slice of a large string would keep it)', () => {
    const kept: string[] = [];
    const before = heapAfterCollection();
    for (let i = 0; i < 20; i++) kept.push(detachedCopy(`${i}`.padEnd(1024 * 1024, 'x').slice(10, 70)));
    const grown = heapAfterCollection() - before;
    assert.equal(kept[3], 'x'.repeat(60));
    assert.ok(grown < 4 * 1024 * 1024, `20 copies of 60 characters took ${(grown / 1048576).toFixed(1)} MB`);
    assert.equal(detachedCopy('short'), 'short');
  });

  /**
   * Applies `count` edits to the 1 MB allowlist, each version parsed and analyzed as the language server does (the
   * analysis ends the chain of edits), only the newest snapshot kept; the heap measured from edit `warm` on (the first
   * analyses make the facts every later one reuses).
   */
  function editAnalyzed(count: number, warm: number, editAt: (i: number, text: string) => OffsetEdit) {
    const service = createLanguageService();
    let text = largeAllowlist();
    let doc: ConfigDocument = service.parse(text);
    let before = 0;
    let incremental = 0;
    for (let i = 0; i < count; i++) {
      if (i === warm) before = heapAfterCollection();
      const edit = editAt(i, text);
      text = text.slice(0, edit.start) + edit.text + text.slice(edit.end);
      doc = service.update(doc, text, [edit]);
      if (doc.incremental) incremental++;
      service.validate(doc);
    }
    assert.ok(doc.text === text);
    return { incremental, grown: heapAfterCollection() - before };
  }

  it('twenty list-item insertions in a 1 MB allowlist, each analyzed: the heap does not grow by a text per insertion', function () {
    this.timeout(60_000);
    const { incremental, grown } = editAnalyzed(22, 2, (i, text) => {
      const at = text.indexOf('    - gateway-10000.');
      return { start: at, end: at, text: `    - added-${i}.clinic.examplehealth.org\n` };
    });
    assert.equal(incremental, 22, 'each insertion took the list-item re-parse');
    // Without the copy: 20 more versions of about 1 MB each (18.8 MB measured).
    assert.ok(grown < 5 * 1024 * 1024, `the heap grew by ${(grown / 1048576).toFixed(1)} MB`);
  });

  it('typing and deleting at the end of 22 hosts, each edit analyzed: the heap does not grow by a text per host', function () {
    this.timeout(60_000);
    const { incremental, grown } = editAnalyzed(44, 4, (i, text) => {
      // Each host typed into, then deleted from: the deletion leaves its value a prefix of what it was.
      const host = `gateway-${10000 + Math.floor(i / 2)}.clinic-${(10000 + Math.floor(i / 2)) % 250}.examplehealth.org`;
      const at = text.indexOf(host) + host.length;
      return i % 2 === 0 ? { start: at, end: at, text: 'x' } : { start: at, end: at + 1, text: '' };
    });
    assert.equal(incremental, 44, 'each edit took the scalar re-parse');
    // Without the copy: a version of about 1 MB per host.
    assert.ok(grown < 5 * 1024 * 1024, `the heap grew by ${(grown / 1048576).toFixed(1)} MB`);
  });
});
