/**
 * Line ends as LSP counts them (`\r\n`, `\r`, `\n`): the line index itself, and every rule fixture and broken
 * example rewritten with CRLF and with lone CR line ends, which must give the findings of the LF file (same
 * rules, ranges and messages), ranges inside their lines, and fixes that produce the LF fix's text.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { analyze, summarize } from '../../server/src/core/analyze';
import { ConfigDocument } from '../../server/src/core/document';
import { LineIndex, parseableText } from '../../server/src/core/text';
import type { Finding } from '../../server/src/core/types';
import { nodeFileReader } from '../../server/src/node/files';
import { ROOT, ruleFixturesAndBrokenExamples, workspaceFilesFor } from '../support/fixtures';
import { applyEdits, lineTable } from '../fuzz/properties';

const VARIANTS = [
  { name: 'CRLF', lineEnd: '\r\n' },
  { name: 'CR', lineEnd: '\r' },
] as const;

function withLineEnds(text: string, lineEnd: string): string {
  return text.replace(/\r\n|\r|\n/g, lineEnd);
}

const analyses = new Map<string, Finding[]>();

/** Analyzes a text as the fixture at `file` (its workspace, its logo); each (file, text) once. */
function analyzeAs(file: string, text: string): Finding[] {
  const key = `${file}\u0000${text}`;
  const cached = analyses.get(key);
  if (cached) return cached;
  const workspace = workspaceFilesFor(file).map((other) => summarize(new ConfigDocument(readFileSync(other, 'utf8'), other)));
  const findings = analyze(new ConfigDocument(text, file), { files: nodeFileReader, workspace });
  analyses.set(key, findings);
  return findings;
}

const describeFinding = (f: Finding) =>
  `${f.ruleId} ${f.range.start.line + 1}:${f.range.start.character + 1}-${f.range.end.line + 1}:${f.range.end.character + 1} ${f.message}`;

describe('line index: lines end at \\r\\n, \\r and \\n, as LSP counts them', () => {
  it('counts CRLF, lone CR and LF as one line break each', () => {
    const lines = new LineIndex('a\r\nbb\rccc\n\r\n');
    assert.deepEqual(lines.lineStarts, [0, 3, 6, 10, 12]);
    assert.deepEqual(
      [0, 1, 2, 3, 4].map((l) => lines.lineText(l)),
      ['a', 'bb', 'ccc', '', ''],
    );
  });

  it('never places a position inside a line break: an offset in `\\r\\n` is the end of its line', () => {
    const lines = new LineIndex('key: value\r\nnext: 1\r\n');
    assert.deepEqual(lines.position(10), { line: 0, character: 10 }); // at the \r
    assert.deepEqual(lines.position(11), { line: 0, character: 10 }); // at the \n of the pair
    assert.deepEqual(lines.position(12), { line: 1, character: 0 });
    assert.deepEqual(lines.range({ start: 5, end: 11 }), { start: { line: 0, character: 5 }, end: { line: 0, character: 10 } });
  });

  it('turns positions back into offsets as LSP does (a character past the line is its end)', () => {
    const lines = new LineIndex('ab\r\ncd\ref');
    assert.equal(lines.offset({ line: 1, character: 1 }), 5);
    assert.equal(lines.offset({ line: 1, character: 99 }), 6);
    assert.equal(lines.offset({ line: 9, character: 0 }), 9);
    for (let offset = 0; offset <= lines.text.length; offset++) {
      const back = lines.offset(lines.position(offset));
      assert.ok(back <= offset && back >= offset - 1, `offset ${offset} -> ${back}`);
    }
  });

  it('gives a finding that runs onto the next line the end of its own line instead (findingRange)', () => {
    const lines = new LineIndex('a: |\r\n  text\r\nb: 1\r\n');
    assert.deepEqual(lines.range({ start: 3, end: 14 }).end, { line: 2, character: 0 });
    assert.deepEqual(lines.findingRange({ start: 3, end: 14 }), { start: { line: 0, character: 3 }, end: { line: 1, character: 6 } });
    assert.deepEqual(lines.findingRange({ start: 14, end: 14 }), { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } });
  });

  it('names the line break a text uses most, for edits that insert lines', () => {
    assert.equal(new LineIndex('a\nb\n').lineBreak, '\n');
    assert.equal(new LineIndex('a\r\nb\r\nc\n').lineBreak, '\r\n');
    assert.equal(new LineIndex('a\rb\rc\n').lineBreak, '\r');
    assert.equal(new LineIndex('no break').lineBreak, '\n');
  });

  it('gives the YAML parser lone CRs as LF, keeping every offset', () => {
    const text = '# c\ra: 1\r\nb: 2\r';
    const parsed = parseableText(text);
    assert.equal(parsed, '# c\na: 1\r\nb: 2\n');
    assert.equal(parsed.length, text.length);
  });
});

describe('files with CRLF and lone CR line ends give the findings and fixes of the LF file', () => {
  const files = ruleFixturesAndBrokenExamples();

  for (const variant of VARIANTS) {
    it(`${variant.name}: the same rules, ranges and messages, every range inside its line`, function () {
      this.timeout(60_000);
      let compared = 0;
      for (const file of files) {
        const lf = withLineEnds(readFileSync(file, 'utf8'), '\n');
        const text = withLineEnds(lf, variant.lineEnd);
        const expected = analyzeAs(file, lf).map(describeFinding);
        const actual = analyzeAs(file, text);
        assert.deepEqual(actual.map(describeFinding), expected, path.relative(ROOT, file));
        const lines = lineTable(text);
        for (const finding of actual) {
          for (const range of [finding.range, ...(finding.related ?? []).filter((r) => !r.file).map((r) => r.range)]) {
            for (const p of [range.start, range.end]) {
              assert.ok(
                p.line < lines.lengths.length && p.character <= lines.lengths[p.line],
                `${path.relative(ROOT, file)}: ${describeFinding(finding)}`,
              );
            }
          }
          compared++;
        }
      }
      assert.ok(compared > 500, `only ${compared} findings compared`);
    });

    it(`${variant.name}: every fix gives the LF fix's text (line ends aside) and the YAML still parses`, function () {
      this.timeout(60_000);
      const { wrong, applied } = fixMismatches(files, variant.lineEnd, false);
      assert.deepEqual([...wrong], []);
      assert.ok(applied > 100, `only ${applied} fixes applied`);
    });

    it(`${variant.name}: every fix writes the file's own line break`, function () {
      this.timeout(60_000);
      const { wrong } = fixMismatches(files, variant.lineEnd, true);
      assert.deepEqual([...wrong], []);
    });
  }
});

describe('fix edits find and write line breaks through the line index', () => {
  /** The rules' and edit helpers' sources, except the rule catalogue's documentation writer. */
  function sources(dir: string): string[] {
    return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory()
        ? sources(path.join(dir, entry.name))
        : entry.name.endsWith('.ts') && entry.name !== 'docs.ts'
          ? [path.join(dir, entry.name)]
          : [],
    );
  }

  it('no rule searches for or writes a line break itself (LineIndex and yaml/edits.ts do, as LSP counts lines)', () => {
    const offending = sources(path.join(ROOT, 'server/src/core/rules')).flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .map((line, i) => ({ line, where: `${path.relative(ROOT, file)}:${i + 1}` }))
        .filter(({ line }) => /\\[nr]/.test(line))
        .map(({ line, where }) => `${where}: ${line.trim()}`),
    );
    assert.deepEqual(offending, []);
  });

  it('the edit helpers search for line breaks only through the line index', () => {
    const offending = sources(path.join(ROOT, 'server/src/core/yaml')).flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .map((line, i) => ({ line, where: `${path.relative(ROOT, file)}:${i + 1}` }))
        .filter(({ line }) => /(indexOf|lastIndexOf|startsWith|endsWith|includes)\('\\[nr]/.test(line))
        .map(({ line, where }) => `${where}: ${line.trim()}`),
    );
    assert.deepEqual(offending, []);
  });
});

/**
 * Applies every fix of every file rewritten with `lineEnd` and compares with the same fix on the LF file: equal
 * once line ends are made LF (or, when `strict`, equal to the LF result written with `lineEnd`), and parsing.
 */
function fixMismatches(files: string[], lineEnd: string, strict: boolean): { wrong: Map<string, string[]>; applied: number } {
  const wrong = new Map<string, string[]>();
  let applied = 0;
  for (const file of files) {
    const lf = withLineEnds(readFileSync(file, 'utf8'), '\n');
    const text = withLineEnds(lf, lineEnd);
    const lfFindings = analyzeAs(file, lf);
    const parsedBefore = new ConfigDocument(text).syntaxProblems.length === 0;
    analyzeAs(file, text).forEach((finding, i) => {
      (finding.fixes ?? []).forEach((fix, j) => {
        const where = `${path.relative(ROOT, file)}: "${fix.title}" at ${finding.range.start.line + 1}:${finding.range.start.character + 1}`;
        const fixed = applyEdits(text, lineTable(text), fix.edits);
        const lfFixed = applyEdits(lf, lineTable(lf), lfFindings[i]?.fixes?.[j]?.edits ?? []);
        const problem =
          fixed === undefined || lfFixed === undefined
            ? 'overlapping edits'
            : strict
              ? fixed !== withLineEnds(lfFixed, lineEnd)
                ? 'mixes line ends'
                : undefined
              : withLineEnds(fixed, '\n') !== lfFixed
                ? 'differs from the fix of the LF file'
                : parsedBefore && new ConfigDocument(fixed).syntaxProblems.length > 0
                  ? 'breaks the YAML'
                  : undefined;
        if (problem) wrong.set(finding.ruleId, [...(wrong.get(finding.ruleId) ?? []), `${where}: ${problem}`]);
        applied++;
      });
    });
  }
  return { wrong, applied };
}

describe('the CLI on a broken file with lone CR line ends that starts with a comment', () => {
  let tmp: string;
  before(() => (tmp = mkdtempSync(path.join(tmpdir(), 'imprivata-cr-'))));
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it('reports the problems on their own lines (the file is not one long comment)', () => {
    const file = path.join(tmp, 'imprivata-enterprise.yaml');
    writeFileSync(file, '# written on an old Mac\rversion: 1\renterprise:\r  tenantId: [examplehealth\r  region: us\r');
    const result = spawnSync(process.execPath, [path.join(ROOT, 'bin/imprivata-config.js'), 'lint', '--format', 'json', file], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    assert.equal(result.status, 1, result.stdout + result.stderr);
    const findings = JSON.parse(result.stdout) as { code: string; line: number }[];
    assert.ok(findings.length > 0, result.stdout);
    assert.ok(
      findings.some((f) => f.code === 'IMP-DOC-001' && f.line >= 4),
      `the syntax error should be on line 4 or later: ${result.stdout}`,
    );
    for (const f of findings) assert.ok(f.line >= 2 && f.line <= 6, `line ${f.line} is not a line of the file: ${result.stdout}`);
  });
});
