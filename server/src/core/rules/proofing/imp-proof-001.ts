import { defineRule } from '../rule';
import { scalarText } from '../../yaml/edits';

export default defineRule({
  id: 'IMP-PROOF-001',
  title: 'Institutional proofing without an institutional DEA number',
  severity: 'error',
  docs: `Institutional identity proofing (Enrollment Supervisors inside the organization) is only allowed for an
institution that has its own DEA number. Without one, a Certificate Authority such as DigiCert must identity-proof
the providers and issue their certificates for DEA-regulated signing workflows (individual identity proofing).
So \`enterprise.hasInstitutionalDeaNumber: false\` together with \`identityProofing.mode: institutional\` is an error,
reported on the mode.

Fix it by switching to \`mode: individual\` (and setting up SMTP, the DigiCert hosts and the cloud connection it
needs), or, if the institution does have a DEA number, by setting \`hasInstitutionalDeaNumber: true\`.

Decision: the rule fires only when \`hasInstitutionalDeaNumber\` is written as \`false\`. When the key is absent the
file does not say whether the institution has a DEA number, and guessing would risk a false alarm.`,
  fix: 'Set `identityProofing.mode` to `individual`.',
  fixKind: 'unsafe',
  check({ doc, report }) {
    if (doc.value(['enterprise', 'hasInstitutionalDeaNumber']) !== false) return;
    const mode = doc.scalar(['identityProofing', 'mode']);
    if (!mode || typeof mode.value !== 'string' || mode.value.trim() !== 'institutional') return;
    const deaNode = doc.scalar(['enterprise', 'hasInstitutionalDeaNumber']);
    const modeSpan = doc.span(mode);
    report({
      span: modeSpan,
      message:
        'Institutional identity proofing needs an institutional DEA number, and `enterprise.hasInstitutionalDeaNumber` is `false`. Without one, a Certificate Authority such as DigiCert must identity-proof the providers: set `mode: individual` (or set `hasInstitutionalDeaNumber: true` if the institution has a DEA number).',
      related: deaNode ? [{ span: doc.span(deaNode), message: 'The institution has no DEA number of its own.' }] : undefined,
      fixes: [{ title: 'Set `mode: individual`', edits: [{ span: modeSpan, newText: scalarText(mode, 'individual') }], preferred: true }],
    });
  },
});
