import { defineRule } from '../rule';
import { isExchangeOnlineHost, smtpMode } from '../../domain/smtp';
import { valueState } from '../../yaml/value-state';

export default defineRule({
  id: 'IMP-SMTP-003',
  title: 'SMTP without TLS',
  severity: 'warning',
  docs: `\`useTls: false\` turns off STARTTLS: notifications, and the SMTP username and password when the server asks
for them, cross the network in clear text. The appliance uses TLS by default (seed 004: "Use TLS" is on unless
unchecked); turn it off only for a relay that cannot do TLS, on a network you trust.

Not reported when \`server\` is Exchange Online (\`smtp.office365.com\` and its other names): there TLS off does not
work at all, and IMP-SMTP-010 reports it as an error instead, so the same line is never reported twice.`,
  fix: 'Set `useTls: true`.',
  fixKind: 'unsafe',
  check({ doc, report }) {
    if (!doc.map(['smtp']) || smtpMode(doc) === 'oauth2') return;
    const state = valueState(doc, ['smtp', 'useTls']);
    if (state.kind !== 'scalar' || state.value !== false) return;
    const server = doc.value(['smtp', 'server']);
    if (typeof server === 'string' && isExchangeOnlineHost(server)) return; // IMP-SMTP-010 owns it
    report({
      span: state.span,
      message:
        '`smtp.useTls` is false, so mail (and the SMTP password, if one is used) crosses the network in clear text. Turn TLS on unless the relay cannot do STARTTLS.',
      fixes: [{ title: 'Set `useTls: true`', edits: [{ span: state.span, newText: 'true' }], preferred: true }],
    });
  },
});
