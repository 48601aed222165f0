/**
 * The firewall ticket: what the network team must open for the appliances, derived from the plan, ready to paste
 * into a change request (Markdown), a spreadsheet (CSV) or a tool (JSON). Pure: strings in, strings out.
 */
import { SEEDS } from './plan';
import type { HostPlan, HostTarget } from './plan';

export interface TicketRow {
  host: string;
  port: number;
  /** The transport and the application protocol: `TCP (HTTPS)`. */
  protocol: string;
  direction: 'outbound';
  /** `production` or `test only`. */
  environment: string;
  feature: string;
  /** `seed 000: Mobile EPCS – ...`, or empty when no vendor guide asks for the host. */
  seed: string;
  why: string;
  /** Whether `firewall.allowlist` already holds it. */
  inAllowlist: boolean;
  line: number;
}

export interface Ticket {
  /** `production` or `test`: the enterprise's environment. */
  environment?: string;
  rows: TicketRow[];
  /** Allowlist entries left out, and why. */
  notes: string[];
}

const PROTOCOL_LABEL: Record<HostTarget['protocol'], string> = { https: 'TCP (HTTPS)', http: 'TCP (HTTP)', smtp: 'TCP (SMTP)' };

export function firewallTicket(plan: HostPlan): Ticket {
  const rows: TicketRow[] = [];
  for (const t of plan.targets) {
    const needs = t.needs.length ? t.needs : [{ feature: 'Listed in `firewall.allowlist`', why: 'no feature of the file explains it' }];
    rows.push({
      host: t.host,
      port: t.port,
      protocol: PROTOCOL_LABEL[t.protocol],
      direction: 'outbound',
      environment: t.environment === 'test-only' ? 'test only' : 'production',
      feature: [...new Set(needs.map((n) => n.feature))].join('; '),
      seed: [
        ...new Set(
          needs.map((n) => ('seed' in n && n.seed ? `seed ${SEEDS[n.seed].id}: ${SEEDS[n.seed].title}` : '')).filter((s) => s !== ''),
        ),
      ].join('; '),
      why: [...new Set(needs.map((n) => n.why))].join('; '),
      inAllowlist: t.inAllowlist,
      line: t.line,
    });
  }
  const notes = plan.skipped.map((s) => `Line ${s.line}: \`${s.text}\` is not listed: ${s.reason}.`);
  return { environment: plan.environment, rows, notes };
}

export function ticketMarkdown(ticket: Ticket, file: string): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
  const lines = [
    `# Firewall change request: Imprivata appliances`,
    '',
    `Derived from \`${file}\`${ticket.environment ? ` (enterprise environment: ${ticket.environment})` : ''}. Source: the Imprivata appliances; all rules are outbound TCP to the named host (use FQDN rules: the addresses behind these names change).`,
    '',
    '| host | port | protocol | direction | environment | feature | required by | why | in the allowlist |',
    '|---|---|---|---|---|---|---|---|---|',
    ...ticket.rows.map(
      (r) =>
        `| \`${cell(r.host)}\` | ${r.port} | ${r.protocol} | ${r.direction} | ${r.environment} | ${cell(r.feature)} | ${cell(r.seed) || '-'} | ${cell(r.why)} | ${r.inAllowlist ? 'yes' : `no (implied, line ${r.line})`} |`,
    ),
  ];
  if (ticket.rows.some((r) => r.host.startsWith('*.'))) {
    lines.push('', 'A `*.` host is a wildcard: the rule must allow every name below that domain.');
  }
  if (ticket.rows.some((r) => r.environment === 'test only')) {
    lines.push('', 'Rows marked "test only" are for test (non-production) enterprises and computers only.');
  }
  if (ticket.notes.length) lines.push('', '## Not included', '', ...ticket.notes.map((n) => `- ${n}`));
  return lines.join('\n') + '\n';
}

export function ticketCsv(ticket: Ticket): string {
  const quote = (value: string | number | boolean) => {
    const text = String(value);
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  const header = ['host', 'port', 'protocol', 'direction', 'environment', 'feature', 'required_by', 'why', 'in_allowlist'];
  const rows = ticket.rows.map((r) =>
    [r.host, r.port, r.protocol, r.direction, r.environment, r.feature, r.seed, r.why, r.inAllowlist ? 'yes' : 'no'].map(quote).join(','),
  );
  return [header.join(','), ...rows].join('\r\n') + '\r\n';
}

export function ticketJson(ticket: Ticket, file: string): string {
  return JSON.stringify({ file, environment: ticket.environment, rows: ticket.rows, notes: ticket.notes }, null, 2) + '\n';
}
