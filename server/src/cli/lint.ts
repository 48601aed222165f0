import * as path from 'node:path';
import type { ConfigDocument } from '../core/document';
import { effectiveLimits, unreadFileFinding } from '../core/limits';
import type { DocumentLimits } from '../core/limits';
import type { AppliedFix } from '../core/fix-all';
import { createLanguageService } from '../core/service';
import { unifiedDiff } from '../core/text-diff';
import type { Finding, RuleSeverityOverride } from '../core/types';
import { nodeFileReader } from '../node/files';
import { decodeConfigBytes, readRegularFile, readStandardInput } from '../node/input';
import type { InputRead } from '../node/input';
import { ProjectConfigResolver } from '../node/project-config';
import { rewriteInPlace } from '../node/rewrite-in-place';
import type { ProjectConfigLookup } from '../node/project-config';
import { escapeControlCharacters, formatReport } from './format';
import type { FileReport } from './format';
import { parseLintArgs } from './lint-options';
import { checkOutputTarget, refuseOutputOntoInput, writeReport } from './report-output';
import { collectInputs, shown } from './scan';
import type { InputFile, SkippedInput } from './scan';
import type { LanguageServiceCore, ValidationContext } from '../core/service';

/** `imprivata-config lint`: read every input safely, analyze them together, report, and say what was not checked. */

export interface Terminal {
  out(text: string): void;
  err(text: string): void;
}

/** The rule that owns "the file cannot be read as text". */
const ENCODING_RULE = 'IMP-DOC-001';

interface Loaded {
  input: InputFile;
  /** The bytes as read (for --fix: written back only over these very bytes). */
  read?: Extract<InputRead, { ok: true }>;
  doc?: ConfigDocument;
  rules: Record<string, RuleSeverityOverride>;
  /** --max-file-size and --max-line-length over the project file's `limits`, over the defaults. */
  limits: DocumentLimits;
  /** The file's bytes are not UTF-8, or it is over the size limit: this one finding, and no rule runs. */
  encodingFinding?: Finding;
}

/** Exit status: 0 clean, 1 errors (or too many warnings), 2 usage error or some input not checked. */
export async function lint(args: string[], terminal: Terminal, cwd = process.cwd()): Promise<number> {
  const options = parseLintArgs(args);
  const service = createLanguageService({ files: nodeFileReader });
  if (options.output !== undefined) checkOutputTarget(options.output, cwd);

  const projects = new ProjectConfigResolver();
  const { files, skipped } = collectInputs(options.inputs, projects, cwd, options.stdinFilename);
  const lookups = new Map<InputFile, ProjectConfigLookup>();
  for (const input of files) {
    lookups.set(input, projects.forDirectory(input.absolute === undefined ? cwd : path.dirname(input.absolute)));
  }
  if (options.output !== undefined) {
    // Standard input counts under its --stdin-filename: `cat x.yaml | ... - --stdin-filename x.yaml -o x.yaml` is the
    // same mistake.
    const read = files.flatMap((f) => (f.absolute ? [{ display: f.display, absolute: f.absolute }] : []));
    const projectFiles = [...new Set([...lookups.values()].flatMap((l) => (l.file ? [l.file] : [])))];
    refuseOutputOntoInput(options.output, [...read, ...projectFiles.map((file) => ({ display: shown(file, cwd), absolute: file }))], cwd);
  }

  const loaded: Loaded[] = [];
  for (const input of files) {
    const lookup = lookups.get(input) ?? {};
    if (lookup.problems) {
      skipped.push({
        display: input.display,
        reason: `not checked: its project file ${shown(lookup.file ?? '', cwd)} has problems (listed above)`,
      });
      continue;
    }
    // --rule wins over the project file; so do --max-file-size and --max-line-length.
    const rules = { ...(lookup.config?.rules ?? {}), ...options.rules };
    const limits = effectiveLimits({ ...lookup.config?.limits, ...options.limits });
    // Reading stops at the size limit: a larger file gets its one IMP-DOC-006 finding, unread.
    const read: InputRead =
      input.kind === 'stdin' ? await readStandardInput(limits.maxFileSize) : readRegularFile(input.absolute ?? '', limits.maxFileSize);
    if (!read.ok) {
      if (read.tooLarge) loaded.push({ input, rules, limits, encodingFinding: unreadFileFinding(read.tooLarge.bytes, { rules, limits }) });
      else skipped.push({ display: input.display, reason: read.reason });
      continue;
    }
    const decoded = decodeConfigBytes(read.bytes);
    if (!decoded.ok) {
      // Always an error, whatever the overrides: no rule could look at the file, so "no problems" would be false.
      const { range, message } = decoded.problem;
      loaded.push({ input, rules, limits, encodingFinding: { ruleId: ENCODING_RULE, severity: 'error', message, range } });
      continue;
    }
    loaded.push({ input, rules, limits, read, doc: service.parse(decoded.text, input.absolute, limits) });
  }

  // The files of one run are the workspace of IMP-IDP-002: each sees the others (not itself).
  const summaries = loaded.map((l) => (l.doc ? service.summarize(l.doc) : undefined));
  const contextOf = (l: Loaded, i: number): ValidationContext => ({
    workspace: summaries.flatMap((s, j) => (s && j !== i ? [s] : [])),
    settings: { rules: l.rules, limits: l.limits },
  });
  if (options.fix || options.fixDryRun) {
    const fixed = applyFixes(service, loaded, contextOf, options.fix, terminal, skipped);
    if (options.fixDryRun) {
      // The diff alone on standard output (for `git apply` or a review); the counts on standard error.
      terminal.out(fixed.diff);
      terminal.err(
        fixed.fixes === 0
          ? 'imprivata-config: no safe fixes to apply\n'
          : `imprivata-config: --fix would apply ${fixed.fixes} fix${fixed.fixes === 1 ? '' : 'es'} in ${fixed.files} file${fixed.files === 1 ? '' : 's'}; nothing was written\n`,
      );
    }
  }
  const reports: FileReport[] = loaded.map((l, i) => {
    if (!l.doc) return { file: l.input.display, findings: l.encodingFinding ? [l.encodingFinding] : [] };
    return { file: l.input.display, findings: service.validate(l.doc, contextOf(l, i)) };
  });

  const shownReports = options.quiet ? reports.map((r) => ({ ...r, findings: r.findings.filter((f) => f.severity === 'error') })) : reports;

  for (const lookup of projects.lookupsWithProblems()) {
    for (const problem of lookup.problems ?? []) {
      terminal.err(
        escapeControlCharacters(
          `${shown(lookup.file ?? '', cwd)}:${problem.range.start.line + 1}:${problem.range.start.character + 1}: ${problem.message}`,
        ) + '\n',
      );
    }
  }
  // A file named on the command line and found again in a directory scan is said once.
  const notChecked = [...new Set(skipped.map(describeSkip))];
  for (const line of notChecked) terminal.err(`imprivata-config: ${line}\n`);
  // The exit status says what --fix would leave; the report itself is for a run that writes (or without --fix).
  if (options.fixDryRun) return exitStatus(reports, options.maxWarnings, skipped, terminal, false);

  const report = formatReport(options.format, shownReports, cwd, { skipped: notChecked.length });
  if (options.output !== undefined) writeReport(options.output, report, cwd);
  else terminal.out(report);

  return exitStatus(reports, options.maxWarnings, skipped, terminal, true);
}

/** 0 clean, 1 errors (or more warnings than allowed), 2 when an input was not checked. */
function exitStatus(
  reports: FileReport[],
  maxWarnings: number | undefined,
  skipped: readonly SkippedInput[],
  terminal: Terminal,
  sayWarnings: boolean,
): number {
  const errors = count(reports, 'error');
  const warnings = count(reports, 'warning');
  const tooManyWarnings = maxWarnings !== undefined && warnings > maxWarnings;
  if (tooManyWarnings && sayWarnings) {
    terminal.err(
      `imprivata-config: ${warnings} warning${warnings === 1 ? '' : 's'} found, more than --max-warnings ${maxWarnings} allows\n`,
    );
  }
  if (skipped.length) return 2;
  return errors > 0 || tooManyWarnings ? 1 : 0;
}

/**
 * The safe fixes of every loaded file, to a fixed point. Each fixed document replaces the loaded one (the report
 * then shows what is left); with `write` the file is written in place and standard error says what was fixed,
 * without it only the diff is made.
 */
function applyFixes(
  service: LanguageServiceCore,
  loaded: Loaded[],
  contextOf: (l: Loaded, i: number) => ValidationContext,
  write: boolean,
  terminal: Terminal,
  skipped: SkippedInput[],
): { diff: string; fixes: number; files: number } {
  let diff = '';
  let fixes = 0;
  let files = 0;
  loaded.forEach((l, i) => {
    if (!l.doc) return;
    const outcome = service.fixAll(l.doc, contextOf(l, i));
    if (outcome.text === l.doc.text) return;
    if (outcome.bounded) {
      terminal.err(
        `imprivata-config: ${escapeControlCharacters(l.input.display)}: fixes still left after ${outcome.passes} passes; run --fix again\n`,
      );
    }
    if (!write) {
      diff += unifiedDiff(l.input.display, l.doc.text, outcome.text);
      fixes += outcome.applied.length;
      files++;
      // In memory only: the exit status then says what --fix would leave.
      l.doc = service.parse(outcome.text, l.input.absolute, l.limits);
      return;
    }
    const written =
      l.input.absolute && l.read
        ? rewriteInPlace(l.input.absolute, l.read, outcome.text)
        : { ok: false as const, reason: 'not fixed: not a file' };
    if (!written.ok) {
      skipped.push({ display: l.input.display, reason: written.reason });
      return;
    }
    fixes += outcome.applied.length;
    files++;
    terminal.err(`imprivata-config: fixed ${escapeControlCharacters(l.input.display)}: ${describeApplied(outcome.applied)}\n`);
    l.doc = service.parse(outcome.text, l.input.absolute, l.limits);
  });
  return { diff, fixes, files };
}

/** `6 fixes (IMP-HOST-001 x5, IMP-SMTP-010)`. */
function describeApplied(applied: readonly AppliedFix[]): string {
  const byRule = new Map<string, number>();
  for (const a of applied) byRule.set(a.ruleId, (byRule.get(a.ruleId) ?? 0) + 1);
  const rules = [...byRule].map(([id, n]) => (n > 1 ? `${id} x${n}` : id)).join(', ');
  return `${applied.length} fix${applied.length === 1 ? '' : 'es'} (${rules})`;
}

function count(reports: FileReport[], severity: Finding['severity']): number {
  return reports.reduce((n, r) => n + r.findings.filter((f) => f.severity === severity).length, 0);
}

function describeSkip(skip: SkippedInput): string {
  return escapeControlCharacters(`${skip.display}: ${skip.reason}`);
}
