/** `imprivata-config`: the same rules as the language server, for terminals and CI. */
import { RULES, ruleDocsUrl } from '../core/rules';
import { MAX_INPUT_BYTES } from '../node/input';
import { allowlistCommand } from './allowlist';
import { escapeControlCharacters, TOOL_VERSION } from './format';
import { lint } from './lint';
import type { Terminal } from './lint';
import { UsageError } from './lint-options';
import { preflightCommand } from './preflight';
import { OutputError } from './report-output';

const USAGE = `Usage: imprivata-config lint [options] FILE|DIR|-...
       imprivata-config rules
       imprivata-config preflight FILE [options]    (live network checks; see preflight --help)
       imprivata-config allowlist FILE [--format markdown|csv|json]    (the firewall ticket)
       imprivata-config --version

Checks Imprivata enterprise configuration files (imprivata-enterprise.yaml).
A directory stands for the imprivata-enterprise*.yaml / *.yml files in it (not recursive), or, when a project
file .imprivata-config.yaml above it lists \`files\` patterns, for the files below it that they match.
\`-\` reads standard input. The files checked together form the workspace of the workspace rule IMP-IDP-002.
Only regular files are read, up to the size limit (default ${MAX_INPUT_BYTES / (1024 * 1024)} MiB): a larger file, or one with a line longer
than the line-length limit (default 65,536 characters), gets one finding (IMP-DOC-006) and is not checked.
Symbolic links found in a directory are followed only to files inside it.

Options:
  -f, --format FORMAT        report format: text (default), json, sarif, github (workflow annotations)
  -o, --output FILE          write the report to FILE instead of standard output (its directory must exist;
                             never one of the inputs)
  --rule ID=LEVEL            override a rule's severity: off, error, warning, information, hint
                             (repeatable; wins over the project file; e.g. --rule IMP-SMTP-003=off)
  --stdin-filename NAME      the name of \`-\` in the report; the logo path resolves from its folder
  -q, --quiet                report errors only (warnings and notes still count for --max-warnings)
  --max-warnings N           exit 1 when more than N warnings are found
  --fix                      apply the safe quick fixes to the files in place (comments, quoting and
                             indentation elsewhere kept byte for byte), then report what is left
  --fix-dry-run              print the safe fixes as a unified diff on standard output; write nothing
                             (exit status: what --fix would leave)
  --max-file-size BYTES      the size limit (default 8388608: 8 MiB); wins over the project file's
  --max-line-length N        the line-length limit in characters (default 65536); wins over the project file's
  -h, --help                 show this help

Project file: .imprivata-config.yaml, the nearest one above each checked file, with \`rules\` (severity per
rule ID), \`files\` (glob patterns) and \`limits\` (\`maxFileSize\`, \`maxLineLength\`). Schema: schemas/imprivata-config-project.schema.json.

Exit status: 0 no errors, 1 errors found (or more warnings than --max-warnings), 2 usage error, a problem in a
project file, or an input that was not checked (unreadable, not a regular file, too large); the other inputs
are still checked and reported.
`;

function listRules(write: (text: string) => void): void {
  for (const rule of RULES) write(`${rule.id}  ${rule.severity.padEnd(11)} ${rule.title}  ${ruleDocsUrl(rule.id)}\n`);
}

/**
 * Writes to a standard stream that may be closed by its reader (`imprivata-config lint ... | head -1`): EPIPE
 * then ends the output quietly, with the exit status the run earned; any other write error is exit status 2.
 */
function streamWriter(stream: NodeJS.WriteStream, name: string): (text: string) => void {
  let closed = false;
  stream.on('error', (error: NodeJS.ErrnoException) => {
    closed = true;
    if (error.code === 'EPIPE') return;
    process.exitCode = 2;
    if (stream !== process.stderr) process.stderr.write(`imprivata-config: cannot write to ${name} (${error.code ?? 'unknown error'})\n`);
  });
  return (text) => {
    if (!closed) stream.write(text);
  };
}

export async function main(argv: string[]): Promise<number> {
  const terminal: Terminal = { out: streamWriter(process.stdout, 'standard output'), err: streamWriter(process.stderr, 'standard error') };
  const [command, ...rest] = argv;
  try {
    if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
      terminal.out(USAGE);
      return command === undefined ? 2 : 0;
    }
    if (command === '--version' || command === '-v') {
      terminal.out(`${TOOL_VERSION}\n`);
      return 0;
    }
    if (command === 'rules') {
      listRules(terminal.out);
      return 0;
    }
    if (command === 'preflight') return await preflightCommand(rest);
    if (command === 'allowlist') return allowlistCommand(rest, terminal.out);
    if (command === 'lint') {
      if (rest.includes('-h') || rest.includes('--help')) {
        terminal.out(USAGE);
        return 0;
      }
      return await lint(rest, terminal);
    }
    throw new UsageError(`unknown command "${command}"`);
  } catch (error) {
    if (error instanceof UsageError) {
      terminal.err(`imprivata-config: ${escapeControlCharacters(error.message)}\n\n${USAGE}`);
      return 2;
    }
    if (error instanceof OutputError) {
      terminal.err(`imprivata-config: ${escapeControlCharacters(error.message)}\n`);
      return 2;
    }
    // A defect of ours: one line, no stack trace (it could hold paths or values).
    terminal.err(
      `imprivata-config: internal error (${error instanceof Error ? error.name : typeof error}); please report it with the command that caused it\n`,
    );
    return 2;
  }
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = Math.max(Number(process.exitCode ?? 0), code);
  });
}
