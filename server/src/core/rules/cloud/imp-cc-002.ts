import { isScalar } from 'yaml';
import { defineRule } from '../rule';
import { isTaggedValue } from '../secrets/secret-value';

const NEEDS = {
  integrationId:
    'The enterprise integration ID (Admin Console: gear icon > Imprivata Access Management integrations) is what the Imprivata Access Management setup or portal needs to create the integration token. Copy it from the Admin Console into `integrationId`.',
  integrationToken:
    'The integration token, created from the integration ID in the Imprivata Access Management setup or portal and pasted back into the Admin Console, completes the connection. Add `integrationToken` as an `${env:NAME}` reference (never the literal token).',
} as const;

export default defineRule({
  id: 'IMP-CC-002',
  title: 'Cloud Platform integration ID or token missing',
  severity: 'error',
  docs: `Connecting the enterprise to the Imprivata Cloud Platform takes two values: the enterprise integration ID, copied
from the Admin Console (gear icon > Imprivata Access Management integrations), from which the Access Management setup
or portal creates the integration token; and that token, pasted back into the Admin Console to complete the
connection. \`cloudPlatform.integrationId\` and \`cloudPlatform.integrationToken\` must both be present and not empty.
The token is a secret: write an \`\${env:NAME}\` reference (IMP-SEC-001 warns about a literal).

Decisions: the rule applies when \`cloudPlatform\` is a mapping; a missing key is reported on the \`cloudPlatform\` key,
an empty text on the key itself. A value of the wrong type (a number, or nothing at all) is IMP-DOC-003's.
A tagged token (\`integrationToken: !secret\`, even with nothing after the tag) is written, not empty: IMP-SEC-001
reports the tag.`,
  check({ doc, report }) {
    if (!doc.map(['cloudPlatform'])) return;
    for (const key of ['integrationId', 'integrationToken'] as const) {
      const path = ['cloudPlatform', key];
      if (!doc.has(path)) {
        const span = doc.keySpan(['cloudPlatform']);
        if (span) report({ span, message: `\`cloudPlatform\` has no \`${key}\`. ${NEEDS[key]}` });
        continue;
      }
      const node = doc.node(path);
      // `integrationToken: !secret` is written, never empty: IMP-SEC-001 reports the tagged value as what it is.
      if (isScalar(node) && !isTaggedValue(doc, path) && typeof node.value === 'string' && node.value.trim() === '') {
        const span = doc.keySpan(path);
        if (span) report({ span, message: `\`cloudPlatform.${key}\` is empty. ${NEEDS[key]}` });
      }
    }
  },
});
