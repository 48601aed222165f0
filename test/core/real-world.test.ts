import { strict as assert } from 'node:assert';
import { analyzeText } from '../../server/src/core/analyze';
import type { Finding } from '../../server/src/core/types';

/** Applies a fix's edits (given in line/character) to a text. */
function applyFix(text: string, finding: Finding, index = 0): string {
  const { doc } = analyzeText(text);
  const offset = (p: { line: number; character: number }) => doc.lines.lineStarts[p.line] + p.character;
  const edits = [...finding.fixes![index].edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  let out = text;
  for (const e of edits) out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  return out;
}

describe('real-world files: what the fixtures cannot show', () => {
  for (const [name, text] of [
    ['a 0-byte file', ''],
    ['comments only', '# just a comment\n# another\n'],
    ['`---` alone', '---\n'],
    ['`~` alone', '~\n'],
    ['CRLF comments only', '# a comment\r\n'],
  ] as const) {
    it(`${name}: one IMP-DOC-004 on line 1, whose fix inserts a starter configuration that parses`, () => {
      const { findings } = analyzeText(text);
      assert.deepEqual(
        findings.map((f) => `${f.ruleId} ${f.range.start.line}`),
        ['IMP-DOC-004 0'],
      );
      const fixed = applyFix(text, findings[0]);
      assert.match(fixed, /version: 1/);
      const after = analyzeText(fixed).findings;
      assert.ok(!after.some((f) => f.ruleId === 'IMP-DOC-004' || f.ruleId === 'IMP-DOC-001'), JSON.stringify(after));
    });
  }

  it("parser errors are worded for people: never the library's own text", () => {
    const broken = [
      'a: 1\n---\nb: 2\n',
      'version: 1\nsmtp:\n\tmode: basic\n',
      'version: 1\nsmtp: [a\n  b: 1\n',
      'version: 1\nx: "unclosed\n',
      'version: 1\na: b: c\n',
      '- a\nb: 1\n',
      'version: 1\na: "\\q"\n',
      'version: 1\na: &x &y 1\n',
    ];
    for (const text of broken) {
      const syntax = analyzeText(text).findings.filter((f) => f.ruleId === 'IMP-DOC-001');
      assert.ok(syntax.length >= 1, text);
      for (const f of syntax) {
        assert.doesNotMatch(
          f.message,
          /parseAllDocuments|at line \d+, column|Implicit keys|Nested mappings|Unexpected|must be sufficiently/,
          f.message,
        );
      }
    }
  });

  it('one syntax mistake is one finding, not a cascade', () => {
    const syntax = analyzeText('- a\nb: 1\n').findings.filter((f) => f.ruleId === 'IMP-DOC-001');
    assert.equal(syntax.length, 1);
  });

  it('a tab used as indentation has a fix that indents with spaces and parses', () => {
    const text = 'version: 1\nlicenses:\n\tselfServicePasswordReset: false\n';
    const tab = analyzeText(text).findings.find((f) => f.ruleId === 'IMP-DOC-001')!;
    const fixed = applyFix(text, tab);
    assert.equal(fixed, 'version: 1\nlicenses:\n  selfServicePasswordReset: false\n');
    assert.deepEqual(analyzeText(fixed).findings, []);
  });

  it('an unquoted wildcard host: the fix quotes it, and nothing else is said about the entry', () => {
    const text = 'version: 1\nfirewall:\n  allowlist:\n    - *.amazonaws.com\n';
    const findings = analyzeText(text).findings;
    assert.deepEqual(
      findings.map((f) => f.ruleId),
      ['IMP-DOC-001'],
    );
    assert.match(findings[0].message, /leading `\*` starts a YAML alias/);
    assert.equal(applyFix(text, findings[0]), 'version: 1\nfirewall:\n  allowlist:\n    - "*.amazonaws.com"\n');
  });

  it('a duplicate key names both lines, and the first as related information', () => {
    const text = 'version: 1\nsmtp:\n  mode: basic\nlicenses: {}\nsmtp:\n  mode: basic\n';
    const dup = analyzeText(text).findings.find((f) => f.ruleId === 'IMP-DOC-001')!;
    assert.match(dup.message, /`smtp` is defined twice in the same mapping: lines 2 and 5; YAML keeps only one/);
    assert.equal(dup.related?.[0].range.start.line, 1);
  });

  it('a secret value starting with `*` is never quoted in any message', () => {
    const text =
      'version: 1\nsmtp:\n  mode: basic\n  server: relay.example.org\n  from: a@example.org\n  username: u\n  password: *Sup3rS3cretValue\n';
    for (const f of analyzeText(text).findings) {
      assert.ok(!f.message.includes('Sup3rS3cretValue'), f.message);
      for (const fix of f.fixes ?? []) assert.ok(!fix.title.includes('Sup3rS3cretValue'), fix.title);
    }
  });

  it('a document that is not a mapping is described by its kind, never quoted', () => {
    const findings = analyzeText('root:x:0:0:root:/root:/bin/bash\n').findings.concat(analyzeText('just some private text\n').findings);
    for (const f of findings) assert.ok(!/root:x|private text/.test(f.message), f.message);
  });

  it('merged keys are found where they are written; explicit keys win over merged ones', () => {
    const text =
      'version: 1\nx-a: &a\n  cloudConnect: disabled\n  site: A\ncloudPlatform: {integrationId: x}\nappliances:\n  - <<: *a\n    host: h1.example.org\n    cloudConnect: running\n  - <<: *a\n    host: h2.example.org\n';
    const cc = analyzeText(text).findings.filter((f) => f.ruleId === 'IMP-CC-001');
    assert.equal(cc.length, 1, JSON.stringify(cc));
    assert.equal(cc[0].range.start.line, 2);
  });

  it('linear on hostile shapes: 8,000 aliases and 20,000 keys (time ratio of n and 2n)', () => {
    const time = (text: string) => {
      const start = process.hrtime.bigint();
      analyzeText(text);
      return Number(process.hrtime.bigint() - start) / 1e6;
    };
    const aliases = (n: number) => 'version: 1\nfirewall:\n  allowlist:\n    - &h api.digicert.com\n' + '    - *h\n'.repeat(n);
    const keys = (n: number) => 'version: 1\nx-big:\n' + Array.from({ length: n }, (_, i) => `  k${i}: v\n`).join('');
    for (const make of [aliases, keys]) {
      time(make(1000));
      const small = time(make(4000));
      const large = time(make(8000));
      // Quadratic would be ~4x; allow noise on a shared machine.
      assert.ok(large < small * 3 + 150, `n=4000: ${small} ms, n=8000: ${large} ms`);
    }
  });
});
