/** Report formats of the CLI: text (file:line:col severity CODE message), JSON and SARIF 2.1.0. */
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { RULES, ruleDocsUrl } from '../core/rules';
import type { Finding, Severity } from '../core/types';

export interface FileReport {
  /** As given on the command line (relative paths stay relative). */
  file: string;
  findings: Finding[];
}

export const TOOL_NAME = 'imprivata-config';
export const TOOL_VERSION = '0.1.0';
export const INFORMATION_URI = 'https://github.com/imprivata-config/imprivata-config';

export function formatText(reports: FileReport[]): string {
  const lines: string[] = [];
  for (const { file, findings } of reports) {
    for (const f of findings) {
      lines.push(`${file}:${f.range.start.line + 1}:${f.range.start.character + 1} ${f.severity} ${f.ruleId} ${f.message}`);
    }
  }
  const count = (s: Severity) => reports.reduce((n, r) => n + r.findings.filter((f) => f.severity === s).length, 0);
  const errors = count('error');
  const warnings = count('warning');
  const notes = count('information') + count('hint');
  const files = reports.length;
  lines.push(
    errors + warnings + notes === 0
      ? `${files} file${files === 1 ? '' : 's'} checked: no problems.`
      : `${files} file${files === 1 ? '' : 's'} checked: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}, ${notes} note${notes === 1 ? '' : 's'}.`,
  );
  return lines.join('\n') + '\n';
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
  const toUri = (file: string) => path.relative(baseDir, path.resolve(file)).split(path.sep).join('/');
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
