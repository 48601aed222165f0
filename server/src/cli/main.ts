/** `imprivata-config`: the same rules as the language server, for terminals and CI. */
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { analyze, summarize } from '../core/analyze';
import { ConfigDocument } from '../core/document';
import { RULES, ruleById, ruleDocsUrl } from '../core/rules';
import type { RuleSeverityOverride } from '../core/types';
import { nodeFileReader } from '../node/files';
import { allowlistCommand } from './allowlist';
import { preflightCommand } from './preflight';
import { formatJson, formatSarif, formatText, TOOL_VERSION } from './format';
import type { FileReport } from './format';

const USAGE = `Usage: imprivata-config lint [options] FILE|DIR...
       imprivata-config rules
       imprivata-config preflight FILE [options]    (live network checks; see preflight --help)
       imprivata-config allowlist FILE [--format markdown|csv|json]    (the firewall ticket)
       imprivata-config --version

Checks Imprivata enterprise configuration files (imprivata-enterprise.yaml).
A directory stands for the imprivata-enterprise*.yaml / *.yml files in it (not recursive).
The files checked together form the workspace of the workspace rule IMP-IDP-002.

Options:
  --format text|json|sarif   report format (default: text)
  --output FILE              write the report to FILE instead of standard output
  --rule ID=LEVEL            override a rule's severity: off, error, warning, information, hint
                             (repeatable; e.g. --rule IMP-SMTP-003=off)
  -h, --help                 show this help

Exit status: 0 no errors, 1 errors found, 2 usage error or unreadable input.
`;

const LEVELS = new Set(['off', 'error', 'warning', 'information', 'hint']);

class UsageError extends Error {}

interface LintOptions {
  format: 'text' | 'json' | 'sarif';
  output?: string;
  rules: Record<string, RuleSeverityOverride>;
  inputs: string[];
}

function parseLintArgs(args: string[]): LintOptions {
  const options: LintOptions = { format: 'text', rules: {}, inputs: [] };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const [flag, inline] =
      arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => {
      if (inline !== undefined) return inline;
      const next = args[++i];
      if (next === undefined) throw new UsageError(`${flag} needs a value`);
      return next;
    };
    if (flag === '--format') {
      const format = value();
      if (format !== 'text' && format !== 'json' && format !== 'sarif')
        throw new UsageError(`unknown format "${format}" (text, json or sarif)`);
      options.format = format;
    } else if (flag === '--output' || flag === '-o') {
      options.output = value();
    } else if (flag === '--rule') {
      const spec = value();
      const match = /^(IMP-[A-Z]+-\d{3})[=:](\w+)$/i.exec(spec);
      if (!match) throw new UsageError(`--rule expects ID=LEVEL, e.g. IMP-SMTP-003=off (got "${spec}")`);
      const id = match[1].toUpperCase();
      const level = match[2].toLowerCase();
      if (!ruleById(id)) throw new UsageError(`unknown rule ${id} (see: imprivata-config rules)`);
      if (!LEVELS.has(level)) throw new UsageError(`unknown level "${level}" (off, error, warning, information, hint)`);
      options.rules[id] = level as RuleSeverityOverride;
    } else if (flag.startsWith('-') && flag !== '-') {
      throw new UsageError(`unknown option ${flag}`);
    } else {
      options.inputs.push(arg);
    }
  }
  if (options.inputs.length === 0) throw new UsageError('no files given');
  return options;
}

/** Expands directories; throws for inputs that cannot be read. */
function expandInputs(inputs: string[]): string[] {
  const files: string[] = [];
  for (const input of inputs) {
    let stat;
    try {
      stat = statSync(input);
    } catch {
      throw new UnreadableError(`${input}: no such file or directory`);
    }
    if (stat.isDirectory()) {
      const found = readdirSync(input)
        .filter((name) => /^imprivata-enterprise.*\.ya?ml$/.test(name))
        .sort()
        .map((name) => path.join(input, name));
      if (found.length === 0) throw new UnreadableError(`${input}: no imprivata-enterprise*.yaml files in this directory`);
      files.push(...found);
    } else {
      files.push(input);
    }
  }
  return files;
}

class UnreadableError extends Error {}

export function lint(args: string[], write: (text: string) => void, cwd = process.cwd()): number {
  const options = parseLintArgs(args);
  const files = expandInputs(options.inputs);
  const docs = files.map((file) => {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new UnreadableError(`${file}: cannot read (${error instanceof Error ? error.message : String(error)})`);
    }
    return { file, doc: new ConfigDocument(text, path.resolve(file)) };
  });
  const summaries = docs.map(({ doc }) => summarize(doc));
  const reports: FileReport[] = docs.map(({ file, doc }) => ({
    file,
    findings: analyze(doc, {
      files: nodeFileReader,
      workspace: summaries.filter((s) => s.filePath !== doc.filePath),
      settings: { rules: options.rules },
    }),
  }));
  const report =
    options.format === 'json' ? formatJson(reports) : options.format === 'sarif' ? formatSarif(reports, cwd) : formatText(reports);
  if (options.output) {
    writeFileSync(options.output, report);
  } else {
    write(report);
  }
  return reports.some((r) => r.findings.some((f) => f.severity === 'error')) ? 1 : 0;
}

function listRules(write: (text: string) => void): void {
  for (const rule of RULES) write(`${rule.id}  ${rule.severity.padEnd(11)} ${rule.title}  ${ruleDocsUrl(rule.id)}\n`);
}

export function main(argv: string[]): number | Promise<number> {
  const out = (text: string) => process.stdout.write(text);
  const [command, ...rest] = argv;
  try {
    if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
      out(USAGE);
      return command === undefined ? 2 : 0;
    }
    if (command === '--version' || command === '-v') {
      out(`${TOOL_VERSION}\n`);
      return 0;
    }
    if (command === 'rules') {
      listRules(out);
      return 0;
    }
    if (command === 'preflight') return preflightCommand(rest);
    if (command === 'allowlist') return allowlistCommand(rest, out);
    if (command === 'lint') {
      if (rest.includes('-h') || rest.includes('--help')) {
        out(USAGE);
        return 0;
      }
      return lint(rest, out);
    }
    throw new UsageError(`unknown command "${command}"`);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`imprivata-config: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    if (error instanceof UnreadableError) {
      process.stderr.write(`imprivata-config: ${error.message}\n`);
      return 2;
    }
    process.stderr.write(`imprivata-config: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 2;
  }
}

if (require.main === module) {
  void Promise.resolve(main(process.argv.slice(2))).then((code) => (process.exitCode = code));
}
