/**
 * The properties every document must satisfy, checked through the core's public entry point (`analyzeText`):
 * no exception (nor a rule's internal error), a time bound that grows linearly with size (above it, at most twice the
 * `yaml` library's own parse of the text), every range inside the
 * document and inside its line, no secret value in any message, related message or fix title, and every fix of a
 * document that parses yields a document that still parses.
 *
 * Lines and offsets are computed here on their own, from the text, as LSP counts them: the check does not trust
 * the core's line index it is checking.
 */
import { cpus, loadavg } from 'node:os';
import { parseDocument } from 'yaml';
import { analyzeText } from '../../server/src/core/analyze';
import { withoutStackTraces } from '../../server/src/core/yaml/stack-traces';
import type { AnalysisOptions } from '../../server/src/core/analyze';
import { ConfigDocument } from '../../server/src/core/document';
import type { Finding, Position, Range, TextEdit } from '../../server/src/core/types';

export interface FuzzDocument {
  /** Which generator made it (for the report). */
  family: string;
  text: string;
  /** Secret values written into secret-bearing keys: none may appear in any output. */
  secrets: readonly string[];
}

export type PropertyName = 'no-exception' | 'linear-time' | 'ranges-in-lines' | 'no-secret-in-output' | 'fixes-parse';

export interface Violation {
  property: PropertyName;
  /** Which way the property failed, finer than the property (for grouping and the known-defect list). */
  code:
    | 'threw'
    | 'internal-error'
    | 'slow'
    | 'range-outside-line'
    | 'range-includes-line-break'
    | 'secret-echoed'
    | 'fix-overlaps'
    | 'fix-breaks-yaml';
  /** The rule concerned, when there is one. */
  ruleId?: string;
  detail: string;
}

/** The per-document time bound: 200 ms plus 2 ms per KiB of text, on a machine with a core to spare. */
export function timeBoundMs(text: string): number {
  return 200 + (2 * Buffer.byteLength(text, 'utf8')) / 1024;
}

/**
 * How much slower than usual the machine runs now: the run queue per core, at least 1. On a machine shared by many
 * processes (a CI host, a developer's laptop running a build) the bound scales with it, so it catches a cost that
 * grows faster than the text, not a busy neighbour.
 */
export function machineLoadFactor(): number {
  return Math.max(1, loadavg()[0] / Math.max(1, cpus().length));
}

/** Over the fixed bound, an analysis may take this many times a bare `yaml` parse of the same text. */
export const PARSE_FACTOR = 2;

/** Fixes re-parsed per document at most (a document with thousands of fixes would otherwise cost a parse each). */
const MAX_FIXES_CHECKED = 24;

/** A path that does not exist: the logo rule resolves against it and finds nothing, without any real file. */
export const FUZZ_FILE_PATH = '/nonexistent/imprivata-fuzz/imprivata-enterprise.yaml';

/** A workspace with another tenant on a shared directory domain, so the cross-file rule has something to relate. */
const FUZZ_OPTIONS: AnalysisOptions = {
  workspace: [
    {
      filePath: '/nonexistent/imprivata-fuzz/other/imprivata-enterprise.yaml',
      tenantId: 'otherhealth',
      identityProviderType: 'imprivata-directory',
      directoryDomain: 'examplehealth',
      directoryDomainRange: { start: { line: 5, character: 19 }, end: { line: 5, character: 32 } },
    },
  ],
};

export interface CheckResult {
  violations: Violation[];
  /** Time spent in analyzeText alone. */
  analysisMs: number;
  findings: number;
  /** The document had no YAML syntax problem. */
  parsedCleanly: boolean;
}

export function checkDocument(doc: FuzzDocument, options: { timeBound?: boolean } = {}): CheckResult {
  const violations: Violation[] = [];
  let findings: Finding[];
  let parsedCleanly: boolean;
  const started = performance.now();
  try {
    const analysis = analyzeText(doc.text, FUZZ_FILE_PATH, FUZZ_OPTIONS);
    findings = analysis.findings;
    parsedCleanly = analysis.doc.syntaxProblems.length === 0;
  } catch (error) {
    violations.push({ property: 'no-exception', code: 'threw', detail: `analyzeText threw: ${describeError(error)}` });
    return { violations, analysisMs: performance.now() - started, findings: 0, parsedCleanly: false };
  }
  let analysisMs = performance.now() - started;
  const bound = timeBoundMs(doc.text) * machineLoadFactor();
  const timed = options.timeBound !== false;
  // Over the bound: still within it when the `yaml` library's own parse of the text (stack traces off, as the
  // analysis parses) takes most of that time. 480 KB of `: : :` lines is 240,000 parser errors: ~2 s of the
  // library's parse and its garbage, which no change of ours removes. Our share must stay a constant factor.
  let parseMs = 0;
  if (timed && analysisMs > bound) {
    const parseStarted = performance.now();
    withoutStackTraces(() => parseDocument(doc.text));
    parseMs = performance.now() - parseStarted;
  }
  const allowedMs = Math.max(bound, PARSE_FACTOR * parseMs);
  // A pause of the garbage collector or the scheduler does not repeat; a slow algorithm does. Up to two more timings,
  // unless the first was so slow that repeating it would only cost time.
  for (let retry = 0; retry < 2 && timed && analysisMs > allowedMs && analysisMs < 10 * allowedMs; retry++) {
    const again = performance.now();
    analyzeText(doc.text, FUZZ_FILE_PATH, FUZZ_OPTIONS);
    analysisMs = Math.min(analysisMs, performance.now() - again);
  }
  if (timed && analysisMs > allowedMs) {
    violations.push({
      property: 'linear-time',
      code: 'slow',
      detail: `${analysisMs.toFixed(0)} ms for ${(Buffer.byteLength(doc.text) / 1024).toFixed(1)} KiB (bound ${bound.toFixed(0)} ms; ${PARSE_FACTOR}x the yaml parse: ${(PARSE_FACTOR * parseMs).toFixed(0)} ms)`,
    });
  }

  const lines = lineTable(doc.text);
  for (const finding of findings) {
    if (finding.message.startsWith('Internal error in rule')) {
      violations.push({ property: 'no-exception', code: 'internal-error', ruleId: finding.ruleId, detail: finding.message });
    }
    checkRange(finding.range, lines, finding, 'range', violations, true);
    for (const related of finding.related ?? [])
      if (related.file === undefined) checkRange(related.range, lines, finding, 'related range', violations, false);
    for (const fix of finding.fixes ?? [])
      for (const edit of fix.edits) checkRange(edit.range, lines, finding, `edit of "${fix.title}"`, violations, false);
    checkSecrets(doc.secrets, finding, violations);
  }
  if (parsedCleanly) checkFixes(doc.text, lines, findings, violations);
  return { violations, analysisMs, findings: findings.length, parsedCleanly };
}

interface LineTable {
  starts: number[];
  lengths: number[];
}

/** Line starts and lengths (without the break), breaking at `\r\n`, `\r` and `\n` as LSP does. */
export function lineTable(text: string): LineTable {
  const starts = [0];
  const lengths: number[] = [];
  const breaks = /\r\n|\r|\n/g;
  let lineStart = 0;
  for (let match = breaks.exec(text); match; match = breaks.exec(text)) {
    lengths.push(match.index - lineStart);
    lineStart = match.index + match[0].length;
    starts.push(lineStart);
  }
  lengths.push(text.length - lineStart);
  return { starts, lengths };
}

function checkRange(range: Range, lines: LineTable, finding: Finding, what: string, out: Violation[], isDiagnostic: boolean): void {
  const problem = rangeProblem(range, lines, isDiagnostic);
  if (problem) {
    out.push({
      property: 'ranges-in-lines',
      code: problem.endsWith('(it includes the line break)') ? 'range-includes-line-break' : 'range-outside-line',
      ruleId: finding.ruleId,
      detail: `${finding.ruleId} ${what} ${formatRange(range)}: ${problem}`,
    });
  }
}

function rangeProblem(range: Range, lines: LineTable, isDiagnostic: boolean): string | undefined {
  for (const position of [range.start, range.end]) {
    const { line, character } = position;
    if (!Number.isInteger(line) || line < 0 || line >= lines.lengths.length)
      return `line ${line + 1} is outside the document (${lines.lengths.length} lines)`;
    if (!Number.isInteger(character) || character < 0 || character > lines.lengths[line]) {
      return `column ${character + 1} is past the end of line ${line + 1} (${lines.lengths[line]} characters)`;
    }
  }
  if (compare(range.start, range.end) > 0) return 'it ends before it starts';
  // A diagnostic that ends at the very start of a later line covers the line break before it.
  if (isDiagnostic && range.end.line > range.start.line && range.end.character === 0)
    return 'it ends past its line (it includes the line break)';
  return undefined;
}

function compare(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
}

function formatRange(range: Range): string {
  return `${range.start.line + 1}:${range.start.character + 1}-${range.end.line + 1}:${range.end.character + 1}`;
}

/** A secret counts as echoed when its first 12 characters appear (a message may cut a value short). */
function checkSecrets(secrets: readonly string[], finding: Finding, out: Violation[]): void {
  if (secrets.length === 0) return;
  const outputs = [
    ['message', finding.message],
    ...(finding.related ?? []).map((r) => ['related message', r.message]),
    ...(finding.fixes ?? []).map((f) => ['fix title', f.title]),
  ];
  for (const secret of secrets) {
    const needle = secret.slice(0, 12);
    for (const [where, text] of outputs) {
      if (text.includes(needle)) {
        out.push({
          property: 'no-secret-in-output',
          code: 'secret-echoed',
          ruleId: finding.ruleId,
          detail: `${finding.ruleId} ${where} contains a secret value: ${text}`,
        });
      }
    }
  }
}

function checkFixes(text: string, lines: LineTable, findings: Finding[], out: Violation[]): void {
  let checked = 0;
  for (const finding of findings) {
    for (const fix of finding.fixes ?? []) {
      if (checked++ >= MAX_FIXES_CHECKED) return;
      const fixed = applyEdits(text, lines, fix.edits);
      if (fixed === undefined) {
        out.push({
          property: 'fixes-parse',
          code: 'fix-overlaps',
          ruleId: finding.ruleId,
          detail: `${finding.ruleId} fix "${fix.title}" has overlapping edits`,
        });
        continue;
      }
      const after = new ConfigDocument(fixed, FUZZ_FILE_PATH);
      if (after.syntaxProblems.length > 0) {
        const problem = after.syntaxProblems[0];
        out.push({
          property: 'fixes-parse',
          code: 'fix-breaks-yaml',
          ruleId: finding.ruleId,
          detail: `${finding.ruleId} fix "${fix.title}" breaks the YAML (${problem.code}: ${problem.message})`,
        });
      }
    }
  }
}

/** Applies LSP edits (positions resolved on the original text, as LSP does); undefined when they overlap. */
export function applyEdits(text: string, lines: LineTable, edits: readonly TextEdit[]): string | undefined {
  const offsets = edits
    .map((edit) => ({ start: offsetOf(lines, text, edit.range.start), end: offsetOf(lines, text, edit.range.end), newText: edit.newText }))
    .sort((a, b) => a.start - b.start || a.end - b.end);
  for (let i = 1; i < offsets.length; i++) if (offsets[i].start < offsets[i - 1].end) return undefined;
  let result = text;
  for (let i = offsets.length - 1; i >= 0; i--)
    result = result.slice(0, offsets[i].start) + offsets[i].newText + result.slice(offsets[i].end);
  return result;
}

function offsetOf(lines: LineTable, text: string, position: Position): number {
  if (position.line >= lines.starts.length) return text.length;
  return lines.starts[position.line] + Math.min(position.character, lines.lengths[position.line]);
}

function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}\n${error.stack ?? ''}`;
  return String(error);
}
