import { isScalar } from 'yaml';
import { hasEnvReference } from '../../values';
import { defineRule } from '../rule';
import { isEmptyValue } from '../../document';
import { providerAt, providerLabel } from '../../domain/proofing';
import { describeNonText } from '../../value-words';

/** Why a phone number is not usable, or undefined when it is a 10-digit US number (optionally with a leading 1). */
export function phoneNumberProblem(text: string): string | undefined {
  const digits = text.replace(/\D/g, '');
  if (digits.length === 10) return undefined;
  if (digits.length === 11 && digits.startsWith('1')) return undefined;
  const extension = /(?:x|ext\.?|extension)\s*\d+\s*$/i.test(text)
    ? ' An extension is not allowed: its digits make the number too long.'
    : '';
  if (digits.length === 0) return `it has no digits.${extension}`;
  if (digits.length === 11) return `it has 11 digits, but only the country code 1 may precede the 10-digit number.${extension}`;
  return `it has ${digits.length} digit${digits.length === 1 ? '' : 's'} once non-digits are dropped, not 10 (or 11 starting with the country code 1).${extension}`;
}

export default defineRule({
  id: 'IMP-PHONE-001',
  title: 'Malformed provider phone number',
  severity: 'error',
  docs: `A provider's \`mobile\` or \`homePhone\` must be a 10-digit US telephone number. Any formatting is allowed, since
every character that is not a digit is ignored (\`(617) 555-0142\`, \`617.555.0142\`, \`+1 617 555 0142\`), and the
country code 1 is optional: after dropping non-digits, the number has 10 digits, or 11 starting with 1.
Anything else is silently ignored by Imprivata, and the provider cannot begin identity proofing until the number
is corrected in AD or in the Admin Console.

Decisions: an unquoted number such as \`6175550142\` (which YAML reads as a number) is checked by its digits as
written. An extension (\`x123\`) adds digits and makes the number invalid. Stricter North American numbering checks
(area codes starting with 2-9, the fictional 555-01xx range) are not in the vendor's rules and are not applied.
An empty value is not reported here: a provider with no number at all is IMP-PHONE-002's. A value from
\`\${env:NAME}\` is not checked.`,
  items: {
    list: ['identityProofing', 'providers'],
    check({ doc, report }, index) {
      const provider = providerAt(doc, index);
      if (!provider) return;
      for (const key of ['mobile', 'homePhone'] as const) {
        if (!provider.has(key)) continue;
        const path = [...provider.path, key];
        const node = provider.get(key);
        if (isEmptyValue(node)) continue;
        if (
          !node ||
          !isScalar(node) ||
          typeof node.value === 'boolean' ||
          (typeof node.value !== 'string' && typeof node.value !== 'number' && typeof node.value !== 'bigint')
        ) {
          report({
            span: doc.reportSpan(path),
            message: `The \`${key}\` of ${providerLabel(provider)} is ${describeNonText(node)}, not a phone number. Write a 10-digit US number; until it is fixed, the provider cannot begin identity proofing.`,
          });
          continue;
        }
        const span = doc.span(node);
        const written = typeof node.value === 'string' ? node.value : doc.text.slice(span.start, span.end);
        if (typeof node.value === 'string' && hasEnvReference(written)) continue;
        const problem = phoneNumberProblem(written);
        if (!problem) continue;
        report({
          span,
          message: `The \`${key}\` of ${providerLabel(provider)} (\`${written.trim()}\`) is not a valid US phone number: ${problem} Imprivata ignores a malformed number, so the provider cannot begin identity proofing until it is fixed.`,
        });
      }
    },
  },
});
