/**
 * Inline expectations for fixture YAML, written next to the lines they concern
 * (rust-analyzer style). Two forms, both YAML comments so the file stays valid:
 *
 *   - astra.sys.imprivata.eu
 *   #   ^^^^^^^^^^^^^^^^^^^^^^ IMP-HOST-004
 *
 * A caret line marks columns on the nearest line above it that is not itself an
 * expectation line; the carets give the start and end column (end exclusive).
 * If `#` is directly followed by `^`, the `#` column counts as a caret too,
 * which is how a range starting in column 0 is written: `#^^^^^^ IMP-DOC-004`.
 * Several IDs after one caret run mean several diagnostics on the same range.
 *
 *   # expect IMP-DOC-004 1:1-1:8
 *
 * gives a range explicitly, with 1-based line and column as the CLI prints them
 * (end column exclusive), for ranges a caret line cannot reach (line 1, or a
 * range spanning lines).
 */

export interface ExpectedDiagnostic {
  code: string;
  /** 0-based, as in LSP. */
  startLine: number;
  startCharacter: number;
  endLine: number;
  endCharacter: number;
  /** 1-based line of the expectation comment itself, for failure messages. */
  writtenAt: number;
}

const CARET_LINE = /^(\s*)#(\s*)(\^+)\s+((?:IMP-[A-Z]+-\d{3}\s*)+)$/;
const EXPLICIT_LINE = /^\s*#\s*expect\s+(IMP-[A-Z]+-\d{3})\s+(\d+):(\d+)-(\d+):(\d+)\s*$/;

export function isExpectationLine(line: string): boolean {
  return CARET_LINE.test(line) || EXPLICIT_LINE.test(line);
}

export function parseExpectations(text: string): ExpectedDiagnostic[] {
  const lines = text.split(/\r?\n/);
  const expected: ExpectedDiagnostic[] = [];
  let target = -1;
  lines.forEach((line, index) => {
    const caret = CARET_LINE.exec(line);
    if (caret) {
      if (target < 0) throw new Error(`line ${index + 1}: caret expectation with no line above it`);
      const hashColumn = caret[1].length;
      const gap = caret[2].length;
      const start = gap === 0 ? hashColumn : hashColumn + 1 + gap;
      const end = hashColumn + 1 + gap + caret[3].length;
      for (const code of caret[4].trim().split(/\s+/)) {
        expected.push({ code, startLine: target, startCharacter: start, endLine: target, endCharacter: end, writtenAt: index + 1 });
      }
      return;
    }
    const explicit = EXPLICIT_LINE.exec(line);
    if (explicit) {
      const [, code, sl, sc, el, ec] = explicit;
      expected.push({
        code,
        startLine: Number(sl) - 1,
        startCharacter: Number(sc) - 1,
        endLine: Number(el) - 1,
        endCharacter: Number(ec) - 1,
        writtenAt: index + 1,
      });
      return;
    }
    target = index;
  });
  return expected;
}

/** A stable one-line form used to compare expected and actual diagnostics. */
export function formatExpectation(d: {
  code: string;
  startLine: number;
  startCharacter: number;
  endLine: number;
  endCharacter: number;
}): string {
  return `${d.code} ${d.startLine + 1}:${d.startCharacter + 1}-${d.endLine + 1}:${d.endCharacter + 1}`;
}
