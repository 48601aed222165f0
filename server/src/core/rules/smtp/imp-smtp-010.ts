import { defineRule } from '../rule';
import { isExchangeOnlineHost, smtpMode } from '../../domain/smtp';
import { valueState } from '../../yaml/value-state';

export default defineRule({
  id: 'IMP-SMTP-010',
  title: 'Exchange Online needs port 587 with STARTTLS',
  severity: 'error',
  docs: `Exchange Online (\`smtp.office365.com\`, and its other names \`outlook.office365.com\` and
\`smtp-legacy.office365.com\`) takes client submission on port 587 with STARTTLS (25 also works). Port 465 (implicit
TLS) is not supported for client submission, and without TLS the server refuses to authenticate, so both are errors:

- \`port: 465\` (error on the port; quick fix: set 587);
- \`useTls: false\` (error on the value; quick fix: set true). IMP-SMTP-003 reports \`useTls: false\` as a warning
  for other servers and stays silent for Exchange Online, so the line is reported once, by the stronger rule.

Checked in mode \`basic\` and when the mode is missing or unknown; in mode \`oauth2\` these keys are stray
(IMP-SMTP-001).`,
  fix: 'Set `port: 587` / set `useTls: true`.',
  fixKind: 'safe',
  check({ doc, report }) {
    if (!doc.map(['smtp']) || smtpMode(doc) === 'oauth2') return;
    const server = valueState(doc, ['smtp', 'server']);
    if (server.kind !== 'scalar' || typeof server.value !== 'string' || !isExchangeOnlineHost(server.value)) return;
    const host = server.value.trim();
    const related = [{ span: server.span, message: 'the Exchange Online server' }];
    const port = valueState(doc, ['smtp', 'port']);
    if (port.kind === 'scalar' && (port.value === 465 || (typeof port.value === 'string' && port.value.trim() === '465'))) {
      report({
        span: port.span,
        message: `\`smtp.port\` is 465 (implicit TLS), which Exchange Online (\`${host}\`) does not support for client submission: the connection hangs or fails. Use 587 with STARTTLS.`,
        related,
        fixes: [{ title: 'Set `port: 587`', edits: [{ span: port.span, newText: '587' }], preferred: true }],
      });
    }
    const tls = valueState(doc, ['smtp', 'useTls']);
    if (tls.kind === 'scalar' && tls.value === false) {
      report({
        span: tls.span,
        message: `\`smtp.useTls\` is false, but Exchange Online (\`${host}\`) requires STARTTLS before it accepts a sign-in: no mail would be sent. Turn TLS on.`,
        related,
        fixes: [{ title: 'Set `useTls: true`', edits: [{ span: tls.span, newText: 'true' }], preferred: true }],
      });
    }
  },
});
