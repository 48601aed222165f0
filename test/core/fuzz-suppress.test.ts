/**
 * Suppression comments: only real YAML comments suppress (never the same words inside a quoted string or a block
 * scalar), found by the `yaml` lexer in one pass; their cost grows linearly with their number.
 */
import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { CST, Parser } from 'yaml';
import { analyzeText } from '../../server/src/core/analyze';
import { yamlComments } from '../../server/src/core/suppress';
import { parseableText } from '../../server/src/core/text';
import { ROOT } from '../support/fixtures';

const codes = (text: string) => analyzeText(text).findings.map((f) => `${f.ruleId}@${f.range.start.line + 1}`);

/** A file with two unknown keys (IMP-DOC-002 on lines 3 and 4) and an unsupported version (IMP-DOC-004 on line 1). */
const BASE = 'version: 2\nenterprise:\n  regio: us\n  tenantID: examplehealth\n';

describe('suppression comments: only real YAML comments suppress', () => {
  it('the directives work as real comments (whole file, next line, after blank and comment lines)', () => {
    assert.deepEqual(codes(BASE), ['IMP-DOC-004@1', 'IMP-DOC-002@3', 'IMP-DOC-002@4']);
    assert.deepEqual(codes(`# imprivata-disable IMP-DOC-002\n${BASE}`), ['IMP-DOC-004@2']);
    assert.deepEqual(codes(BASE.replace('  regio', '  # imprivata-disable-next-line IMP-DOC-002\n\n  # why: legacy key\n  regio')), [
      'IMP-DOC-004@1',
      'IMP-DOC-002@7',
    ]);
    assert.deepEqual(codes(`${BASE}# imprivata-disable IMP-DOC-004, imp-doc-002\n`), []);
  });

  const inValues: [string, string][] = [
    ['a double-quoted string', '  note: "# imprivata-disable all"\n'],
    ['a single-quoted string', "  note: '# imprivata-disable all'\n"],
    ['a multi-line quoted string', '  note: "first line\n    # imprivata-disable all"\n'],
    ['a literal block scalar', '  note: |\n    # imprivata-disable all\n'],
    ['a folded block scalar', '  note: >-\n    text\n    # imprivata-disable all\n'],
    ['a plain scalar with `#` not after a space', '  note: a#imprivata-disable all\n'],
    ['a flow sequence item', '  note: ["# imprivata-disable all"]\n'],
    ['a key', '  "# imprivata-disable all": x\n'],
  ];
  for (const [where, line] of inValues) {
    it(`"# imprivata-disable all" inside ${where} does not suppress anything`, () => {
      const findings = codes(BASE + line);
      for (const expected of ['IMP-DOC-004@1', 'IMP-DOC-002@3', 'IMP-DOC-002@4'])
        assert.ok(findings.includes(expected), `${expected} missing: ${findings}`);
    });
  }

  it('a directive in a block scalar is not a comment line: next-line targets skip only real comments', () => {
    const text = 'version: 1\nenterprise:\n  # imprivata-disable-next-line IMP-DOC-002\n  regio: |\n    # not a comment\n  tenantID: x\n';
    assert.deepEqual(
      codes(text).filter((c) => c.startsWith('IMP-DOC-002')),
      ['IMP-DOC-002@6'],
    );
  });

  it('the comment lexer finds exactly the comments of the CST parser, on every fixture and example, in every line end', function () {
    this.timeout(60_000);
    const dirs = ['test/fixtures/rules', 'examples', 'examples/broken'];
    let compared = 0;
    for (const dir of dirs) {
      for (const name of readdirSync(path.join(ROOT, dir)).filter((f) => f.endsWith('.yaml'))) {
        const original = readFileSync(path.join(ROOT, dir, name), 'utf8');
        for (const text of [original, original.replace(/\n/g, '\r\n'), original.replace(/\n/g, '\r')]) {
          const parsed = parseableText(text);
          const expected: string[] = [];
          for (const token of new Parser().parse(parsed)) collectComments(token, expected);
          const actual = yamlComments(parsed).map((c) => `${c.offset}:${c.source}`);
          assert.deepEqual(
            actual,
            expected.sort((a, b) => Number(a.split(':')[0]) - Number(b.split(':')[0])),
            `${dir}/${name}`,
          );
          for (const comment of yamlComments(parsed))
            assert.equal(parsed.slice(comment.offset, comment.offset + comment.source.length), comment.source);
          compared++;
        }
      }
    }
    assert.ok(compared > 200);
  });
});

/** Every comment token anywhere in a CST token (the library's own offsets). */
function collectComments(token: unknown, out: string[]): void {
  if (Array.isArray(token)) {
    for (const item of token) collectComments(item, out);
    return;
  }
  if (!token || typeof token !== 'object') return;
  const t = token as CST.SourceToken;
  if (t.type === 'comment' && typeof t.source === 'string' && typeof t.offset === 'number') {
    out.push(`${t.offset}:${t.source}`);
    return;
  }
  for (const value of Object.values(token)) if (value && typeof value === 'object') collectComments(value, out);
}

describe('suppression cost grows linearly with the number of directives', () => {
  /** Median of three runs of analyzeText, in ms. */
  function timeOf(text: string): number {
    const runs = [0, 1, 2].map(() => {
      const started = performance.now();
      analyzeText(text);
      return performance.now() - started;
    });
    return runs.sort((a, b) => a - b)[1];
  }

  const consecutive = (n: number) => `version: 2\nenterprise:\n${'  # imprivata-disable-next-line IMP-DOC-002\n'.repeat(n)}  regio: us\n`;
  // List items, not keys: many keys in one mapping are slow for a reason of their own (issue 12 item 3).
  const interleaved = (n: number) => {
    let text = 'version: 2\nappliances:\n';
    for (let i = 0; i < n; i++) text += `  - host: h${i}.example.org\n    # imprivata-disable-next-line IMP-DOC-002\n    sight: x\n`;
    return text;
  };

  for (const [shape, build, n] of [
    ['8,000 directives on consecutive lines (each looks past all the others)', consecutive, 4_000],
    ['directives each before its own list item', interleaved, 1_500],
  ] as const) {
    it(`${shape}: time(2n) < 3 x time(n) + 50 ms`, function () {
      this.timeout(60_000);
      timeOf(build(200)); // warm-up
      const single = timeOf(build(n));
      const double = timeOf(build(2 * n));
      assert.ok(double < 3 * single + 50, `n = ${n}: ${single.toFixed(0)} ms, 2n: ${double.toFixed(0)} ms`);
    });
  }

  it('8,000 consecutive directives all reach the line after them, and 8,000 interleaved ones each their own line', function () {
    this.timeout(60_000);
    for (const text of [consecutive(8_000), interleaved(8_000)]) {
      assert.deepEqual(
        analyzeText(text).findings.map((f) => f.ruleId),
        ['IMP-DOC-004'],
      );
    }
  });
});
