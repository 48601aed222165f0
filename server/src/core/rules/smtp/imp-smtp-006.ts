import type { ConfigDocument } from '../../document';
import { keyName } from '../../document';
import type { Span } from '../../types';
import type { FixSpec } from '../rule';
import { defineRule } from '../rule';
import { secretEnvName } from '../secrets/secret-keys';
import { REQUIRED_KEYS, isExchangeOnlineHost, keysOnlyIn, smtpMode } from '../../domain/smtp';
import { lineBreakOf, pairLines } from '../../yaml/edits';
import { valueState } from '../../yaml/value-state';

/** Lines the conversion adds for OAuth2 keys the block lacks; empty values are for the user to fill in. */
function newLine(key: string, indent: string): string {
  switch (key) {
    case 'clientId':
      return `${indent}clientId:   # fill in: the Entra application's client ID (a GUID)`;
    case 'tenantId':
      return `${indent}tenantId:   # fill in: your Entra tenant ID (a GUID) or verified domain`;
    case 'secret':
      return `${indent}secret: \${env:${secretEnvName(['smtp', 'secret']) ?? 'IMPRIVATA_SMTP_CLIENT_SECRET'}}`;
    case 'username':
      return `${indent}username:   # fill in: the account that may send from the \`from\` mailbox (an email address)`;
    case 'from':
      return `${indent}from:   # fill in: the sender mailbox (an email address)`;
    default:
      return `${indent}${key}:`;
  }
}

/**
 * The edits that turn a basic block into an OAuth2 one: `mode` becomes `oauth2`,
 * the lines of basic-only keys go, `from`, `username` and every other line stay
 * untouched (with their comments), and the missing OAuth2 keys are added after
 * the last kept line. Undefined when the block is not in block style.
 */
export function convertToOAuth2(doc: ConfigDocument, modeSpan: Span): FixSpec | undefined {
  const smtp = doc.map(['smtp']);
  if (!smtp) return undefined;
  const removable = keysOnlyIn('basic');
  const edits: FixSpec['edits'] = [{ span: modeSpan, newText: 'oauth2' }];
  let lastKeptEnd: number | undefined;
  let indent: string | undefined;
  const present = new Set<string>();
  for (const pair of smtp.items) {
    const lines = pairLines(doc, pair);
    if (!lines) return undefined;
    indent ??= lines.indent;
    const key = keyName(pair);
    if (key !== undefined && removable.has(key)) {
      edits.push({ span: { start: lines.start, end: lines.end }, newText: '' });
    } else {
      if (key !== undefined) present.add(key);
      lastKeptEnd = lines.lastLineEnd;
    }
  }
  if (lastKeptEnd === undefined || indent === undefined) return undefined;
  const added = REQUIRED_KEYS.oauth2.filter((k) => !present.has(k));
  const nl = lineBreakOf(doc);
  if (added.length) {
    const pad = indent;
    edits.push({ span: { start: lastKeptEnd, end: lastKeptEnd }, newText: added.map((k) => nl + newLine(k, pad)).join('') });
  }
  return { title: 'Convert `smtp` to `mode: oauth2` (keeps `from` and `username`)', edits, preferred: true };
}

export default defineRule({
  id: 'IMP-SMTP-006',
  title: 'Basic authentication against Exchange Online',
  severity: 'warning',
  docs: `Mode \`basic\` with \`server\` set to Exchange Online (\`smtp.office365.com\`, \`outlook.office365.com\` or
\`smtp-legacy.office365.com\`, any case) signs in with a password (Basic authentication). Microsoft has announced the
retirement of Basic authentication for SMTP client submission in Exchange Online: it is to be disabled by default
for tenants and later removed altogether (the dates have moved several times; see Microsoft's Exchange Team blog
and message center). Once it is off, the server answers \`550 5.7.30 Basic authentication is not supported for
Client Submission\` and no notification is sent. Seed 004 recommends the OAuth2 connection for this reason.

The quick fix converts the block to \`mode: oauth2\`: it keeps \`from\` and \`username\` (and any comments on kept
lines), removes \`server\`, \`port\`, \`useTls\`, \`minTlsVersion\` and \`password\`, and adds \`clientId\` and
\`tenantId\` with empty values and a comment (they come from your Entra app registration, so the tool cannot guess
them; IMP-SMTP-001 keeps reporting them until they are filled in) and
\`secret: \${env:IMPRIVATA_SMTP_CLIENT_SECRET}\`. In mode \`oauth2\` the username must be an email address
(IMP-SMTP-007), so a relay account name needs changing too.`,
  fix: 'Convert the block to `mode: oauth2`, keeping `from` and `username`.',
  fixKind: 'unsafe',
  check({ doc, report }) {
    if (smtpMode(doc) !== 'basic') return;
    const server = valueState(doc, ['smtp', 'server']);
    if (server.kind !== 'scalar' || typeof server.value !== 'string' || !isExchangeOnlineHost(server.value)) return;
    const mode = valueState(doc, ['smtp', 'mode']);
    if (mode.kind !== 'scalar') return;
    const fix = convertToOAuth2(doc, mode.span);
    report({
      span: server.span,
      message: `\`smtp.server\` is Exchange Online (\`${server.value.trim()}\`) with mode \`basic\`, i.e. Basic (password) authentication. Microsoft has announced the retirement of Basic authentication for SMTP client submission: it is being disabled by default and will then be removed, after which Exchange Online rejects the sign-in (\`550 5.7.30\`) and no notification is sent. Switch to \`mode: oauth2\` with an Entra app registration.`,
      related: [{ span: mode.span, message: '`mode: basic` is selected here' }],
      fixes: fix ? [fix] : undefined,
    });
  },
});
