import { defineRule } from '../rule';
import { isEmptyValue } from '../../document';
import { providerAt, providerLabel, providerSpan } from '../../domain/proofing';

export default defineRule({
  id: 'IMP-PHONE-002',
  title: 'Provider without a phone number',
  severity: 'error',
  docs: `During individual identity proofing DigiCert sends the provider an SMS or calls them, so every provider needs
a phone number: \`mobile\`, \`homePhone\`, or both. A provider without one gets an error message when trying to
begin proofing; add the number in AD (or on the User details page of the Admin Console) and here.

Decisions: the problem is reported on the provider's \`name\` (or on the whole entry when it has no name). An empty
\`mobile:\` or \`homePhone:\` counts as no number; a malformed one is reported by IMP-PHONE-001 instead, never by
both rules. The rule does not apply with \`identityProofing.mode: institutional\`, where Enrollment Supervisors
proof providers in person and no SMS or call is made.`,
  items: {
    list: ['identityProofing', 'providers'],
    check({ doc, model, report }, index) {
      if (model.proofingMode === 'institutional') return;
      const provider = providerAt(doc, index);
      if (!provider) return;
      const hasPhone = ['mobile', 'homePhone'].some((key) => provider.has(key) && !isEmptyValue(provider.get(key)));
      if (hasPhone) return;
      report({
        span: providerSpan(doc, provider),
        message: `${capitalize(providerLabel(provider))} has no phone number. DigiCert texts or calls the provider during identity proofing: add \`mobile\` or \`homePhone\` (a 10-digit US number), or the provider cannot begin proofing.`,
      });
    },
  },
});

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
