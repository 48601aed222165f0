import * as path from 'node:path';
import { analyze, summarize } from '../core/analyze';
import { ConfigDocument } from '../core/document';
import type { Finding, RuleSeverityOverride } from '../core/types';
import { nodeFileReader } from '../node/files';
import { decodeConfigBytes, readRegularFile, readStandardInput } from '../node/input';
import type { InputRead } from '../node/input';
import { ProjectConfigResolver } from '../node/project-config';
import type { ProjectConfigLookup } from '../node/project-config';
import { escapeControlCharacters, formatReport } from './format';
import type { FileReport } from './format';
import { parseLintArgs } from './lint-options';
import { checkOutputTarget, refuseOutputOntoInput, writeReport } from './report-output';
import { collectInputs, shown } from './scan';
import type { InputFile, SkippedInput } from './scan';

/** `imprivata-config lint`: read every input safely, analyze them together, report, and say what was not checked. */

export interface Terminal {
  out(text: string): void;
  err(text: string): void;
}

/** The rule that owns "the file cannot be read as text". */
const ENCODING_RULE = 'IMP-DOC-001';

interface Loaded {
  input: InputFile;
  doc?: ConfigDocument;
  rules: Record<string, RuleSeverityOverride>;
  /** The file's bytes are not UTF-8: this one finding, and no rule runs. */
  encodingFinding?: Finding;
}

/** Exit status: 0 clean, 1 errors (or too many warnings), 2 usage error or some input not checked. */
export async function lint(args: string[], terminal: Terminal, cwd = process.cwd()): Promise<number> {
  const options = parseLintArgs(args);
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
    const read: InputRead = input.kind === 'stdin' ? await readStandardInput() : readRegularFile(input.absolute ?? '');
    if (!read.ok) {
      skipped.push({ display: input.display, reason: read.reason });
      continue;
    }
    // --rule wins over the project file.
    const rules = { ...(lookup.config?.rules ?? {}), ...options.rules };
    const decoded = decodeConfigBytes(read.bytes);
    if (!decoded.ok) {
      // Always an error, whatever the overrides: no rule could look at the file, so "no problems" would be false.
      const { range, message } = decoded.problem;
      loaded.push({ input, rules, encodingFinding: { ruleId: ENCODING_RULE, severity: 'error', message, range } });
      continue;
    }
    loaded.push({ input, rules, doc: new ConfigDocument(decoded.text, input.absolute) });
  }

  // The files of one run are the workspace of IMP-IDP-002: each sees the others (not itself).
  const summaries = loaded.map((l) => (l.doc ? summarize(l.doc) : undefined));
  const reports: FileReport[] = loaded.map((l, i) => {
    if (!l.doc) return { file: l.input.display, findings: l.encodingFinding ? [l.encodingFinding] : [] };
    const workspace = summaries.flatMap((s, j) => (s && j !== i ? [s] : []));
    return { file: l.input.display, findings: analyze(l.doc, { files: nodeFileReader, workspace, settings: { rules: l.rules } }) };
  });

  const errors = count(reports, 'error');
  const warnings = count(reports, 'warning');
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

  const report = formatReport(options.format, shownReports, cwd, { skipped: notChecked.length });
  if (options.output !== undefined) writeReport(options.output, report, cwd);
  else terminal.out(report);

  const tooManyWarnings = options.maxWarnings !== undefined && warnings > options.maxWarnings;
  if (tooManyWarnings) {
    terminal.err(
      `imprivata-config: ${warnings} warning${warnings === 1 ? '' : 's'} found, more than --max-warnings ${options.maxWarnings} allows\n`,
    );
  }
  if (skipped.length) return 2;
  return errors > 0 || tooManyWarnings ? 1 : 0;
}

function count(reports: FileReport[], severity: Finding['severity']): number {
  return reports.reduce((n, r) => n + r.findings.filter((f) => f.severity === severity).length, 0);
}

function describeSkip(skip: SkippedInput): string {
  return escapeControlCharacters(`${skip.display}: ${skip.reason}`);
}
