import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { isScalar, visit } from 'yaml';
import type { Scalar } from 'yaml';
import { analyze } from '../../server/src/core/analyze';
import { ConfigDocument, reparseWithEdit } from '../../server/src/core/document';
import type { OffsetEdit } from '../../server/src/core/document';
import { nodeFileReader } from '../../server/src/node/files';
import { ROOT } from '../support/fixtures';

/** Every plain scalar's value span in a text. */
function plainScalars(text: string): [number, number][] {
  const spans: [number, number][] = [];
  const doc = new ConfigDocument(text);
  if (!doc.yaml) return spans;
  visit(doc.yaml, {
    Scalar(_key, node: Scalar) {
      if (isScalar(node) && node.type === 'PLAIN' && node.range) spans.push([node.range[0], node.range[1]]);
    },
  });
  return spans;
}

function edits([start, end]: [number, number]): OffsetEdit[] {
  const mid = Math.floor((start + end) / 2);
  return [
    { start: end, end, text: 'x' }, // type at the end
    { start: end - 1, end, text: '' }, // delete the last character
    { start: mid, end: mid + 1, text: '7' }, // replace one in the middle
    { start, end: start, text: 'e' }, // type at the start
    { start: mid, end: mid, text: ': ' }, // structural: must fall back
    { start: mid, end: mid, text: '\n' }, // structural: must fall back
  ];
}

describe('incremental re-parse of an edited scalar', () => {
  const files = [
    path.join(ROOT, 'examples/imprivata-enterprise.yaml'),
    ...readdirSync(path.join(ROOT, 'examples/broken'))
      .filter((f) => f.endsWith('.yaml'))
      .map((f) => path.join(ROOT, 'examples/broken', f)),
  ];
  for (const file of files) {
    it(`${path.relative(ROOT, file)}: every fast-path result equals a full parse`, () => {
      const text = readFileSync(file, 'utf8');
      let fast = 0;
      let fallback = 0;
      for (const span of plainScalars(text)) {
        for (const edit of edits(span)) {
          const newText = text.slice(0, edit.start) + edit.text + text.slice(edit.end);
          const previous = new ConfigDocument(text, file);
          // As in the server, the previous version's plain data exists and is patched, not recomputed.
          previous.toPlain();
          const incremental = reparseWithEdit(previous, newText, edit);
          if (!incremental) {
            fallback++;
            continue;
          }
          fast++;
          const full = new ConfigDocument(newText, file);
          assert.deepEqual(incremental.toPlain(), full.toPlain(), `${edit.start}+${JSON.stringify(edit.text)}`);
          assert.deepEqual(incremental.lines.lineStarts, full.lines.lineStarts);
          assert.deepEqual(
            analyze(incremental, { files: nodeFileReader }),
            analyze(full, { files: nodeFileReader }),
            `findings differ after ${JSON.stringify(edit)} in ${JSON.stringify(text.slice(span[0], span[1]))}`,
          );
        }
      }
      // A file with syntax errors always takes the full parse (its tree is only a best effort).
      if (new ConfigDocument(text).syntaxProblems.length) assert.equal(fast, 0);
      else assert.ok(fast > 0 && fallback > 0, `fast ${fast}, fallback ${fallback}`);
    });
  }
});
