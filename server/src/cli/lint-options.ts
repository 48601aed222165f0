import type { DocumentLimits } from '../core/limits';
import { ruleById } from '../core/rules';
import type { RuleSeverityOverride } from '../core/types';
import { REPORT_FORMATS } from './format';
import type { ReportFormat } from './format';

/** A mistake on the command line: exit status 2, with the usage text. */
export class UsageError extends Error {}

export interface LintOptions {
  format: ReportFormat;
  output?: string;
  /** From --rule: wins over every project file. */
  rules: Record<string, RuleSeverityOverride>;
  /** Files, directories, and `-` for standard input. */
  inputs: string[];
  /** Name of standard input in messages; also where its relative paths (the logo) resolve from. */
  stdinFilename?: string;
  /** Report errors only. */
  quiet: boolean;
  /** Exit 1 when more warnings than this are found. */
  maxWarnings?: number;
  /** `--fix`: write the safe fixes into the files, then report what is left. */
  fix: boolean;
  /** `--fix-dry-run`: print the safe fixes as a unified diff on standard output; write nothing. */
  fixDryRun: boolean;
  /** --max-file-size, --max-line-length (IMP-DOC-006): win over the project file's `limits`. */
  limits: Partial<DocumentLimits>;
}

const LEVELS = new Set(['off', 'error', 'warning', 'information', 'hint']);

export function parseLintArgs(args: string[]): LintOptions {
  const options: LintOptions = { format: 'text', rules: {}, inputs: [], quiet: false, fix: false, fixDryRun: false, limits: {} };
  let onlyInputs = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (onlyInputs || arg === '-' || !arg.startsWith('-')) {
      options.inputs.push(arg);
      continue;
    }
    if (arg === '--') {
      onlyInputs = true; // Everything after `--` is a file, even `-x.yaml`.
      continue;
    }
    const [flag, inline] =
      arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => {
      if (inline !== undefined) return inline;
      const next = args[++i];
      if (next === undefined) throw new UsageError(`${flag} needs a value`);
      return next;
    };
    const noValue = () => {
      if (inline !== undefined) throw new UsageError(`${flag} takes no value`);
    };
    if (flag === '--format' || flag === '-f') {
      const format = value();
      if (!(REPORT_FORMATS as readonly string[]).includes(format)) {
        throw new UsageError(`unknown format "${format}" (${REPORT_FORMATS.join(', ')})`);
      }
      options.format = format as ReportFormat;
    } else if (flag === '--output' || flag === '-o') {
      options.output = value();
      if (options.output === '') throw new UsageError('--output needs a file name');
    } else if (flag === '--rule') {
      const spec = value();
      const match = /^(IMP-[A-Z]+-\d{3})[=:](\w+)$/i.exec(spec);
      if (!match) throw new UsageError(`--rule expects ID=LEVEL, e.g. IMP-SMTP-003=off (got "${spec}")`);
      const id = match[1].toUpperCase();
      const level = match[2].toLowerCase();
      if (!ruleById(id)) throw new UsageError(`unknown rule ${id} (see: imprivata-config rules)`);
      if (!LEVELS.has(level)) throw new UsageError(`unknown level "${level}" (off, error, warning, information, hint)`);
      options.rules[id] = level as RuleSeverityOverride;
    } else if (flag === '--stdin-filename') {
      options.stdinFilename = value();
      if (options.stdinFilename === '') throw new UsageError('--stdin-filename needs a file name');
    } else if (flag === '--quiet' || flag === '-q') {
      noValue();
      options.quiet = true;
    } else if (flag === '--fix') {
      noValue();
      options.fix = true;
    } else if (flag === '--fix-dry-run') {
      noValue();
      options.fixDryRun = true;
    } else if (flag === '--max-warnings') {
      const text = value();
      if (!/^\d+$/.test(text)) throw new UsageError(`--max-warnings expects a whole number of warnings, 0 or more (got "${text}")`);
      options.maxWarnings = Number(text);
    } else if (flag === '--max-file-size' || flag === '--max-line-length') {
      const text = value();
      const n = Number(text);
      if (!/^\d+$/.test(text) || !Number.isSafeInteger(n) || n < 1) {
        throw new UsageError(
          `${flag} expects a whole number, 1 or more (${flag === '--max-file-size' ? 'bytes' : 'characters'}; got "${text}")`,
        );
      }
      options.limits[flag === '--max-file-size' ? 'maxFileSize' : 'maxLineLength'] = n;
    } else {
      throw new UsageError(`unknown option ${flag}`);
    }
  }
  if (options.inputs.length === 0) throw new UsageError('no files given');
  if (options.fix && options.fixDryRun)
    throw new UsageError('--fix and --fix-dry-run exclude each other: --fix-dry-run shows what --fix would write');
  if (options.fix && options.inputs.includes('-')) {
    throw new UsageError('--fix writes the fixes into the files, and standard input is not a file (--fix-dry-run prints them as a diff)');
  }
  if (options.fixDryRun && options.output !== undefined) {
    throw new UsageError('--fix-dry-run prints a diff on standard output; --output (the report) does not go with it');
  }
  const stdinCount = options.inputs.filter((input) => input === '-').length;
  if (stdinCount > 1) throw new UsageError('`-` (standard input) can be given only once');
  if (options.stdinFilename !== undefined && stdinCount === 0) {
    throw new UsageError('--stdin-filename names standard input, but `-` is not among the files');
  }
  return options;
}
