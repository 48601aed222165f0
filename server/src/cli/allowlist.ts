/**
 * `imprivata-config allowlist FILE`: the firewall ticket, what the network team must open for the appliances,
 * derived from the file (no network). Exit status 0, or 2 on a usage error or unreadable input.
 */
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { ConfigDocument } from '../core/document';
import { readConfigText } from '../node/input';
import { planHosts } from '../core/preflight/plan';
import { firewallTicket, ticketCsv, ticketJson, ticketMarkdown } from '../core/preflight/ticket';

export const ALLOWLIST_USAGE = `Usage: imprivata-config allowlist FILE [--format markdown|csv|json] [--output FILE]

Prints the firewall change request for the appliances of FILE: every host, port and protocol they must reach
(outbound), why (the feature and the vendor guide that requires it), test-only hosts marked, and the hosts the
file implies but its allowlist lacks. Contacts nothing.

Exit status: 0 done, 2 usage error or unreadable input.
`;

export function allowlistCommand(args: readonly string[], write: (text: string) => void): number {
  const fail = (message: string, usage: boolean): number => {
    process.stderr.write(`imprivata-config: ${message}\n${usage ? `\n${ALLOWLIST_USAGE}` : ''}`);
    return 2;
  };
  let format = 'markdown';
  let output: string | undefined;
  let file: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const value = (): string | undefined => (eq > 0 ? arg.slice(eq + 1) : args[++i]);
    if (flag === '-h' || flag === '--help') {
      write(ALLOWLIST_USAGE);
      return 0;
    } else if (flag === '--format') {
      const v = value();
      if (v !== 'markdown' && v !== 'csv' && v !== 'json') return fail(`unknown format "${v ?? ''}" (markdown, csv or json)`, true);
      format = v;
    } else if (flag === '--output' || flag === '-o') {
      output = value();
      if (output === undefined) return fail(`${flag} needs a value`, true);
    } else if (flag.startsWith('-') && flag !== '-') {
      return fail(`unknown option ${flag}`, true);
    } else if (file !== undefined) {
      return fail('allowlist reads one file at a time', true);
    } else {
      file = arg;
    }
  }
  if (file === undefined) return fail('no file given', true);
  const read = readConfigText(file);
  if (!read.ok) return fail(`${file}: ${read.reason}`, false);
  const text = read.text;
  const doc = new ConfigDocument(text, path.resolve(file));
  if (!doc.root) return fail(`${file}: not a configuration (no YAML mapping at the top); run imprivata-config lint on it first`, false);
  const ticket = firewallTicket(planHosts(doc));
  const rendered = format === 'csv' ? ticketCsv(ticket) : format === 'json' ? ticketJson(ticket, file) : ticketMarkdown(ticket, file);
  if (output) {
    try {
      writeFileSync(output, rendered);
    } catch {
      return fail(`${output}: cannot write the ticket`, false);
    }
  } else {
    write(rendered);
  }
  return 0;
}
