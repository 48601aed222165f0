/**
 * The preflight report as Markdown, for a support ticket. No imports but types: the VS Code client bundles it
 * for "Export Last Preflight Report as Markdown".
 */
import type { CheckStatus, PreflightReport } from './types';

export const STATUS_WORD: Record<CheckStatus, string> = { pass: 'PASS', warn: 'WARN', fail: 'FAIL', skipped: 'SKIP' };

/** For a support ticket: the summary table, then every check's steps. */
export function formatPreflightMarkdown(report: PreflightReport): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
  const lines = [
    `# Imprivata preflight: ${report.file}`,
    '',
    `Run from ${report.ranFrom}. ${report.checks.length} checks in ${(report.durationMs / 1000).toFixed(1)} s: ${report.counts.pass} passed, ${report.counts.warn} warned, ${report.counts.fail} failed, ${report.counts.skipped} skipped.`,
    '',
    '| status | check | line | summary |',
    '|---|---|---|---|',
    ...report.checks.map((c) => `| ${STATUS_WORD[c.status]} | \`${cell(c.target)}\` | ${c.line} | ${cell(c.summary)} |`),
    '',
    '## Steps',
  ];
  for (const c of report.checks) {
    lines.push('', `### ${STATUS_WORD[c.status]} \`${c.target}\` (line ${c.line})`, '');
    if (c.steps.length === 0) lines.push('No step ran.');
    for (const s of c.steps) lines.push(`- **${s.name}** ${s.status}, ${s.ms} ms: ${cell(s.detail)}`);
  }
  return lines.join('\n') + '\n';
}
