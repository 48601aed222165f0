import type { RelatedSpan } from '../rule';
import { defineRule } from '../rule';

export default defineRule({
  id: 'IMP-PROOF-002',
  title: 'Individual proofing without a mail server',
  severity: 'error',
  docs: `Individual identity proofing with DigiCert needs three things outside this block: an SMTP server (providers
are told by email to begin proofing, and are informed when DigiCert has proofed them), the DigiCert outbound hosts
on the firewall allowlist, and the connection to the Imprivata cloud (for the SMS or voice call during proofing).

This rule reports the missing \`smtp\` block, on \`identityProofing.mode\`. Add an \`smtp\` block (\`mode: basic\` with
\`server\` and \`from\`, or \`mode: oauth2\` for Exchange Online).

Decision, so that no problem is reported twice: the other two needs are reported by their own rules and not here.
IMP-HOST-008 reports every DigiCert host missing from the allowlist, which includes the case where \`firewall\` is
absent (then all of them are missing); IMP-CC-004 reports a missing \`identityProofing.cloudConnection.enterpriseId\`
or trust, which includes the case where \`cloudConnection\` is absent. An \`smtp\` key with the wrong shape (empty, or
text) is reported by IMP-DOC-003, and a wrong \`smtp\` block by the SMTP rules, so this rule only fires when the \`smtp\`
key is absent. IMP-SMTP-009 separately reports enabled notifications that cannot be sent without \`smtp\`.`,
  check({ doc, model, report }) {
    if (!doc.root || !model.individualProofing) return;
    if (doc.has(['smtp'])) return;
    const mode = doc.scalar(['identityProofing', 'mode']);
    if (!mode) return;
    const related: RelatedSpan[] = [];
    const providers = doc.keySpan(['identityProofing', 'providers']);
    if (providers) related.push({ span: providers, message: 'These providers are told by email to begin identity proofing.' });
    report({
      span: doc.span(mode),
      message:
        'Individual identity proofing needs a mail server, but the file has no `smtp` block: providers are told by email to begin identity proofing and when DigiCert has proofed them. Add an `smtp` block (`mode: basic` with `server` and `from`, or `mode: oauth2` for Exchange Online).',
      related: related.length ? related : undefined,
    });
  },
});
