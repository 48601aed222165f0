import { hasEnvReference, isEmail } from '../../values';
import { defineRule } from '../rule';
import { isEmptyValue, stringValue } from '../../document';
import { providerAt, providerLabel, providerSpan } from '../../domain/proofing';
import { describeNonText } from '../../value-words';

export default defineRule({
  id: 'IMP-PROV-001',
  title: 'Provider email or name missing or invalid',
  severity: 'error',
  docs: `Imprivata sends each provider's legal first and last name and email address to DigiCert to register them for
identity proofing, and the provider must receive a message at that address during proofing. So every provider
needs an \`email\` that is a valid address and a \`name\`.

Decisions: a missing, empty or invalid \`email\` and a missing or empty \`name\` are errors. A \`name\` of a single word
is a warning, not an error: DigiCert needs the legal first and last name, so one word usually means a part is
missing, but some people legally have a single name. Values from \`\${env:NAME}\` are not checked. A provider with no
\`name\` is reported on the whole entry.`,
  items: {
    list: ['identityProofing', 'providers'],
    check({ doc, report }, index) {
      const provider = providerAt(doc, index);
      if (!provider) return;
      const label = providerLabel(provider);

      const namePath = [...provider.path, 'name'];
      if (!provider.has('name')) {
        report({
          span: providerSpan(doc, provider),
          message: `The provider at \`identityProofing.providers[${provider.index}]\` has no \`name\`. Add the provider's legal first and last name: DigiCert registers the provider for identity proofing under it.`,
        });
      } else {
        const nameNode = provider.get('name');
        const name = stringValue(nameNode);
        if (name === undefined || name.trim() === '') {
          report({
            span: doc.reportSpan(namePath),
            message: `The provider's \`name\` is ${describeNonText(nameNode)}. Write the provider's legal first and last name: DigiCert registers the provider for identity proofing under it.`,
          });
        } else if (!hasEnvReference(name) && !/\s/.test(name.trim())) {
          report({
            span: doc.reportSpan(namePath),
            severity: 'warning',
            message: `The provider's \`name\` \`${name.trim()}\` is a single word. DigiCert needs the legal first and last name, as in AD's First Name and Last Name fields; write both (ignore this if the provider legally has one name).`,
          });
        }
      }

      const emailPath = [...provider.path, 'email'];
      if (!provider.has('email')) {
        report({
          span: providerSpan(doc, provider),
          message: `${label.charAt(0).toUpperCase() + label.slice(1)} has no \`email\`. Add an address the provider can receive mail at: DigiCert and Imprivata email the provider during identity proofing.`,
        });
        return;
      }
      const emailNode = provider.get('email');
      if (isEmptyValue(emailNode) || stringValue(emailNode) === undefined) {
        report({
          span: doc.reportSpan(emailPath),
          message: `The \`email\` of ${label} is ${describeNonText(emailNode)}. Write an address the provider can receive mail at: DigiCert and Imprivata email the provider during identity proofing.`,
        });
        return;
      }
      const email = (stringValue(emailNode) ?? '').trim();
      if (hasEnvReference(email) || isEmail(email)) return;
      report({
        span: doc.reportSpan(emailPath),
        message: `The \`email\` of ${label} (\`${email}\`) is not a valid email address (like \`dana.rivera@example.org\`). The provider must receive mail at it during identity proofing.`,
      });
    },
  },
});
