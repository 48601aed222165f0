/**
 * Report formats of the CLI: text (file:line:col severity CODE message), JSON, SARIF 2.1.0 and GitHub workflow
 * annotations.
 */
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { RULES, ruleDocsUrl } from '../core/rules';
import type { Finding, Severity } from '../core/types';

export interface FileReport {
  /** As given on the command line (relative paths stay relative); `<stdin>` or --stdin-filename for `-`. */
  file: string;
  findings: Finding[];
}

export type ReportFormat = 'text' | 'json' | 'sarif' | 'github';
export const REPORT_FORMATS: readonly ReportFormat[] = ['text', 'json', 'sarif', 'github'];

/** How many files a run could not check (listed on standard error); the text summary mentions them. */
export interface RunSummary {
  skipped: number;
}

export function formatReport(format: ReportFormat, reports: FileReport[], cwd: string, run: RunSummary): string {
  switch (format) {
    case 'json':
      return formatJson(reports);
    case 'sarif':
      return formatSarif(reports, cwd);
    case 'github':
      return formatGithub(reports, cwd, run);
    default:
      return formatText(reports, run);
  }
}

/**
 * Characters that must never reach a terminal raw from the input (a file name or a key quoted in a message):
 * C0 and C1 controls and DEL (escape sequences, carriage returns that overwrite a line), bidirectional overrides
 * (text that reads differently than it is), line separators and invisible characters.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;
const NAMED_ESCAPES: Record<string, string> = { '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** Makes control and invisible characters visible as escapes (`\x1b`, `\u202e`); everything else is kept. */
export function escapeControlCharacters(text: string): string {
  return text.replace(UNSAFE_CHARACTERS, (c) => {
    const named = NAMED_ESCAPES[c];
    if (named) return named;
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

export const TOOL_NAME = 'imprivata-config';
export const TOOL_VERSION = '0.1.0';
export const INFORMATION_URI = 'https://github.com/imprivata-config/imprivata-config';

export function formatText(reports: FileReport[], run: RunSummary = { skipped: 0 }): string {
  const lines: string[] = [];
  for (const { file, findings } of reports) {
    for (const f of findings) {
      lines.push(
        escapeControlCharacters(`${file}:${f.range.start.line + 1}:${f.range.start.character + 1} ${f.severity} ${f.ruleId} ${f.message}`),
      );
    }
  }
  lines.push(summaryLine(reports, run));
  return lines.join('\n') + '\n';
}

function summaryLine(reports: FileReport[], run: RunSummary): string {
  const count = (s: Severity) => reports.reduce((n, r) => n + r.findings.filter((f) => f.severity === s).length, 0);
  const errors = count('error');
  const warnings = count('warning');
  const notes = count('information') + count('hint');
  const files = reports.length;
  const checked =
    errors + warnings + notes === 0
      ? `${files} file${files === 1 ? '' : 's'} checked: no problems.`
      : `${files} file${files === 1 ? '' : 's'} checked: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}, ${notes} note${notes === 1 ? '' : 's'}.`;
  if (run.skipped === 0) return checked;
  const notChecked = `${run.skipped} not checked (see the messages above).`;
  return files === 0 ? `0 files checked; ${notChecked}` : `${checked} ${notChecked}`;
}

const GITHUB_COMMAND: Record<Severity, 'error' | 'warning' | 'notice'> = {
  error: 'error',
  warning: 'warning',
  information: 'notice',
  hint: 'notice',
};

/**
 * GitHub workflow commands (`::error file=...,line=...::message`), one per finding, which the runner turns into
 * annotations on the pull request; then the text summary line. Escaping as GitHub's toolkit does it
 * (`@actions/core`, `command.ts`): `%`, CR and LF in the message; also `:` and `,` in properties. Hand-written
 * (ten lines) rather than that package: it writes straight to process.stdout (no --output) and brings an HTTP
 * client along.
 */
export function formatGithub(reports: FileReport[], cwd: string, run: RunSummary): string {
  const lines: string[] = [];
  for (const { file, findings } of reports) {
    const shown = githubPath(file, cwd);
    for (const f of findings) {
      const { start, end } = f.range;
      const properties: [string, string | number][] = [
        ['file', shown],
        ['line', start.line + 1],
      ];
      // GitHub shows columns only for a range on one line.
      if (start.line === end.line) properties.push(['col', start.character + 1]);
      properties.push(['endLine', end.line + 1]);
      if (start.line === end.line) properties.push(['endColumn', end.character + 1]);
      properties.push(['title', f.ruleId]);
      const props = properties.map(([key, value]) => `${key}=${escapeGithubProperty(String(value))}`).join(',');
      lines.push(`::${GITHUB_COMMAND[f.severity]} ${props}::${escapeGithubData(f.message)}`);
    }
  }
  lines.push(summaryLine(reports, run));
  return lines.join('\n') + '\n';
}

/** Paths relative to the working directory (the repository root in a workflow), with `/`. */
function githubPath(file: string, cwd: string): string {
  const relative = path.relative(cwd, path.resolve(cwd, file));
  const shown = relative.startsWith('..') || path.isAbsolute(relative) ? path.resolve(cwd, file) : relative;
  return shown.split(path.sep).join('/');
}

/** Control characters from the input first become visible escapes, as in the text format; then GitHub's escaping. */
export function escapeGithubData(text: string): string {
  return escapeControlCharacters(text).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeGithubProperty(text: string): string {
  return escapeGithubData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function formatJson(reports: FileReport[]): string {
  const out = reports.flatMap(({ file, findings }) =>
    findings.map((f) => ({
      file,
      line: f.range.start.line + 1,
      column: f.range.start.character + 1,
      endLine: f.range.end.line + 1,
      endColumn: f.range.end.character + 1,
      severity: f.severity,
      code: f.ruleId,
      message: f.message,
      docs: ruleDocsUrl(f.ruleId),
      related: f.related?.map((r) => ({
        file: r.file ?? file,
        line: r.range.start.line + 1,
        column: r.range.start.character + 1,
        message: r.message,
      })),
      fixes: f.fixes?.map((x) => x.title),
    })),
  );
  return JSON.stringify(out, null, 2) + '\n';
}

const SARIF_LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  error: 'error',
  warning: 'warning',
  information: 'note',
  hint: 'note',
};

/** SARIF 2.1.0 as GitHub code scanning accepts it: relative artifact URIs against %SRCROOT%. */
export function formatSarif(reports: FileReport[], baseDir: string): string {
  const ruleIndex = new Map(RULES.map((r, i) => [r.id, i]));
  // A relative URI reference: each segment percent-encoded (spaces, `#`, `<` in a file name).
  const toUri = (file: string) => path.relative(baseDir, path.resolve(baseDir, file)).split(path.sep).map(encodeURIComponent).join('/');
  const region = (f: { range: Finding['range'] }) => ({
    startLine: f.range.start.line + 1,
    startColumn: f.range.start.character + 1,
    endLine: f.range.end.line + 1,
    endColumn: f.range.end.character + 1,
  });
  const results = reports.flatMap(({ file, findings }) =>
    findings.map((f) => {
      const result: Record<string, unknown> = {
        ruleId: f.ruleId,
        ruleIndex: ruleIndex.get(f.ruleId) ?? -1,
        level: SARIF_LEVEL[f.severity],
        message: { text: sentence(f.message) },
        locations: [{ physicalLocation: { artifactLocation: { uri: toUri(file), uriBaseId: '%SRCROOT%' }, region: region(f) } }],
      };
      if (result.ruleIndex === -1) delete result.ruleIndex;
      if (f.related?.length) {
        result.relatedLocations = f.related.map((r, id) => ({
          id,
          message: { text: sentence(r.message) },
          physicalLocation: { artifactLocation: { uri: toUri(r.file ?? file), uriBaseId: '%SRCROOT%' }, region: region(r) },
        }));
      }
      return result;
    }),
  );
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: TOOL_NAME,
            semanticVersion: TOOL_VERSION,
            informationUri: INFORMATION_URI,
            rules: RULES.map((r) => ({
              id: r.id,
              name: pascal(r.title),
              shortDescription: { text: sentence(r.title) },
              fullDescription: { text: sentence(r.docs.replace(/\s+/g, ' ').trim()) },
              helpUri: ruleDocsUrl(r.id),
              help: { text: sentence(r.docs.replace(/\s+/g, ' ').trim()), markdown: r.docs },
              defaultConfiguration: { level: SARIF_LEVEL[r.severity] },
              properties: { tags: ['imprivata', r.id.split('-')[1].toLowerCase()] },
            })),
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: pathToFileURL(baseDir + path.sep).toString() } },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}

function sentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

function pascal(title: string): string {
  return title
    .replace(/[^A-Za-z0-9 ]+/g, ' ')
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join('');
}
