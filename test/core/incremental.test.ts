import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { isScalar, visit } from 'yaml';
import type { Scalar } from 'yaml';
import { analyze, keptRuleCount } from '../../server/src/core/analyze';
import { ConfigDocument, reparseWithEdit } from '../../server/src/core/document';
import type { OffsetEdit } from '../../server/src/core/document';
import { nodeFileReader } from '../../server/src/node/files';
import { createLanguageService } from '../../server/src/core/service';
import fc from 'fast-check';
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

/**
 * The incremental analysis (findings of rules the edit did not touch kept and moved, see analyze.ts) against a full
 * analysis of the same text, after random sequences of the edits users make: typing in a value, changing a global
 * fact, inserting or deleting a list-item line, and a character anywhere (often structural, so parsed in full).
 */
describe('incremental analysis equals a full analysis after random edit sequences', () => {
  const example = readFileSync(path.join(ROOT, 'examples/imprivata-enterprise.yaml'), 'utf8');
  // Findings in this file: some hosts wrong, a provider without a phone, a duplicate, an unknown region later on.
  const seeded = example
    .replace(
      '    - www.digicert.com\n',
      '    - www.digicert.com\n    - astra.sys.imprivata.eu\n    - api.digicert.com\n    - acess.imprivata.com\n',
    )
    .replace(
      '      homePhone: 1-617-555-0199\n',
      '      homePhone: 1-617-555-0199\n    - name: No Phone\n      email: nophone@example.org\n',
    );
  const service = createLanguageService({ files: nodeFileReader });
  const file = path.join(ROOT, 'examples/imprivata-enterprise.yaml');

  /** One edit on a text, chosen by fast-check's numbers; undefined when it does not apply. */
  type EditChoice = (text: string) => OffsetEdit | undefined;
  const at = (text: string, marker: string): number => text.indexOf(marker);
  const typeIn =
    (marker: string, char: string, into: number): EditChoice =>
    (text) => {
      const found = at(text, marker);
      if (found === -1) return undefined;
      const offset = found + Math.min(into, marker.length);
      return { start: offset, end: offset, text: char };
    };
  const deleteIn =
    (marker: string, into: number): EditChoice =>
    (text) => {
      const found = at(text, marker);
      if (found === -1) return undefined;
      const offset = found + Math.min(into, marker.length - 1);
      return { start: offset, end: offset + 1, text: '' };
    };
  const setValue =
    (key: string, value: string): EditChoice =>
    (text) => {
      const found = at(text, key);
      if (found === -1) return undefined;
      const start = found + key.length;
      const end =
        text.indexOf(' ', start) === -1 ? text.indexOf('\n', start) : Math.min(text.indexOf(' ', start), text.indexOf('\n', start));
      return { start, end, text: value };
    };
  const insertLine =
    (after: string, line: string): EditChoice =>
    (text) => {
      const found = at(text, after);
      if (found === -1) return undefined;
      const offset = text.indexOf('\n', found) + 1;
      return { start: offset, end: offset, text: `${line}\n` };
    };
  const deleteLine =
    (marker: string): EditChoice =>
    (text) => {
      const found = at(text, marker);
      if (found === -1) return undefined;
      const start = text.lastIndexOf('\n', found) + 1;
      return { start, end: text.indexOf('\n', found) + 1, text: '' };
    };
  const anywhere =
    (fraction: number, char: string): EditChoice =>
    (text) => {
      const offset = Math.floor(fraction * text.length);
      return { start: offset, end: offset, text: char };
    };

  const markers = [
    '    - astra.sys',
    '    - api.digi',
    '  - host: imp-appliance-01',
    '    - name: Dana',
    '  name: Example',
    '  from: imprivata',
    '    - acess.',
  ];
  const edit = fc.oneof(
    fc.tuple(fc.constantFrom(...markers), fc.constantFrom('x', '.', '-', '7', ' '), fc.nat(30)).map(([m, c, i]) => typeIn(m, c, i)),
    fc.tuple(fc.constantFrom(...markers), fc.nat(30)).map(([m, i]) => deleteIn(m, i)),
    fc.constantFrom(
      setValue('  region: ', 'eu'),
      setValue('  region: ', 'us'),
      setValue('  region: ', 'mars'),
      setValue('  tenantId: ', 'otherhealth'),
      setValue('  tenantId: ', 'examplehealth'),
      setValue('  mode: ', 'institutional'),
      setValue('  mode: ', 'individual'),
      setValue('  mode: ', 'basic'),
      insertLine('    - api.digicert.com', '    - added.example.org'),
      insertLine('    - api.digicert.com', '    - api.digicert.com'),
      insertLine('      mobile: (617) 555-0142', '    - name: Added Provider'),
      deleteLine('    - added.example.org'),
      deleteLine('    - www.digicert.com'),
      deleteLine('    - name: Added Provider'),
      deleteLine('  region: '),
    ),
    fc
      .tuple(fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), fc.constantFrom('x', ':', '\n', ' ', '-', '#'))
      .map(([f, c]) => anywhere(f, c)),
  );

  for (const [name, start] of [
    ['the example', example],
    ['the example with findings', seeded],
  ] as const) {
    it(`${name}: every step's findings equal a full analysis`, () => {
      let reused = 0;
      fc.assert(
        // Some snapshots are not analyzed (typing faster than the analysis): the next one chains their edits.
        fc.property(fc.array(fc.tuple(edit, fc.boolean()), { minLength: 1, maxLength: 12 }), (choices) => {
          let text = start;
          let doc = service.parse(text, file);
          service.validate(doc);
          for (const [choose, analyzed] of choices) {
            const change = choose(text);
            if (!change) continue;
            text = text.slice(0, change.start) + change.text + text.slice(change.end);
            const incremental = service.update(doc, text, [change], file);
            doc = incremental;
            if (!analyzed) continue;
            const findings = service.validate(incremental);
            reused += keptRuleCount(incremental) ?? 0;
            const full = service.validate(service.parse(text, file));
            assert.deepEqual(findings, full, `after ${JSON.stringify(change)}:\n${text}`);
          }
        }),
        { numRuns: 60 },
      );
      // The property is about the incremental path: rules must have kept their findings, many times.
      assert.ok(reused > 500, `only ${reused} rules kept their findings`);
    });
  }
});
