import { isScalar } from 'yaml';
import { defineRule } from '../rule';
import type { RelatedSpan } from '../rule';

const PROVISIONING =
  'Trust is established by Imprivata Services in the Admin Console (gear icon > Cloud connection > Establish trust) with the Enterprise ID and a one-time cloud provisioning code; the provisioning code itself never belongs in this file.';

export default defineRule({
  id: 'IMP-CC-004',
  title: 'Cloud connection missing for individual identity proofing',
  severity: 'error',
  docs: `With individual identity proofing, Imprivata sends providers an SMS text message or voice call during proofing
through the enterprise's connection to the Imprivata cloud. That connection is set up by Imprivata Services, who
enter the Enterprise ID and a one-time cloud provisioning code and establish trust. The file records the result in
\`identityProofing.cloudConnection\`: \`enterpriseId\` (error when missing or empty) and \`trustEstablished: true\`
(warning when missing or false: the connection is not ready yet). The provisioning code never belongs in the file.

Decisions: only with \`identityProofing.mode: individual\`. A missing \`cloudConnection\` is one error on the
\`identityProofing\` key (not an error and a warning). A \`cloudConnection\`, \`enterpriseId\` or \`trustEstablished\` of
the wrong type (empty, text where true/false belongs) is IMP-DOC-003's. An \`\${env:}\` reference as the
\`enterpriseId\` counts as present.`,
  check({ doc, model, report }) {
    if (!doc.root || !model.individualProofing || !doc.map(['identityProofing'])) return;
    const mode = doc.scalar(['identityProofing', 'mode']);
    const related: RelatedSpan[] | undefined = mode
      ? [
          {
            span: doc.span(mode),
            message: 'Individual identity proofing: the SMS or voice call during proofing goes through the cloud connection.',
          },
        ]
      : undefined;
    const base = ['identityProofing', 'cloudConnection'];
    if (!doc.has(base)) {
      const span = doc.keySpan(['identityProofing']);
      if (span) {
        report({
          span,
          message: `Individual identity proofing needs the enterprise's cloud connection, but \`identityProofing\` has no \`cloudConnection\`. Add \`cloudConnection\` with the \`enterpriseId\` and \`trustEstablished: true\` once Imprivata Services have connected the enterprise. ${PROVISIONING}`,
          related,
        });
      }
      return;
    }
    if (!doc.map(base)) return;
    const ccKey = doc.keySpan(base);
    if (!doc.has([...base, 'enterpriseId'])) {
      if (ccKey)
        report({
          span: ccKey,
          message: `\`identityProofing.cloudConnection\` has no \`enterpriseId\`: individual identity proofing needs the enterprise connected to the Imprivata cloud. Add the Enterprise ID. ${PROVISIONING}`,
          related,
        });
    } else {
      const node = doc.node([...base, 'enterpriseId']);
      const keySpan = doc.keySpan([...base, 'enterpriseId']);
      if (isScalar(node) && typeof node.value === 'string' && node.value.trim() === '' && keySpan) {
        report({
          span: keySpan,
          message: `\`identityProofing.cloudConnection.enterpriseId\` is empty: individual identity proofing needs the enterprise connected to the Imprivata cloud. Add the Enterprise ID. ${PROVISIONING}`,
          related,
        });
      }
    }
    if (!doc.has([...base, 'trustEstablished'])) {
      if (ccKey) {
        report({
          span: ccKey,
          severity: 'warning',
          message: `\`identityProofing.cloudConnection\` does not state \`trustEstablished: true\`: until trust with the Imprivata cloud is established, providers get no SMS or voice call during identity proofing. ${PROVISIONING} Then set \`trustEstablished: true\`.`,
          related,
        });
      }
      return;
    }
    const trust = doc.node([...base, 'trustEstablished']);
    if (isScalar(trust) && trust.value === false) {
      report({
        span: doc.span(trust),
        severity: 'warning',
        message: `Trust with the Imprivata cloud is not established (\`trustEstablished: false\`): providers get no SMS or voice call during individual identity proofing. ${PROVISIONING} Then set \`trustEstablished: true\`.`,
        related,
      });
    }
  },
});
