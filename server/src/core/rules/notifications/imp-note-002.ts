import type { RelatedSpan } from '../rule';
import { defineRule } from '../rule';

export default defineRule({
  id: 'IMP-NOTE-002',
  title: 'Security questions message without the Self-Service Password Reset license',
  severity: 'error',
  docs: `The Enrolling Security Questions message tells users they can enroll their questions for password
self-service. It only exists with the Self-Service Password Reset licensed feature, so
\`notifications.securityQuestions.enabled: true\` needs \`licenses.selfServicePasswordReset: true\`.

Fix it by disabling the message, or, if the feature is licensed, by setting the license key to \`true\`.
Decision: a missing license key counts as not licensed (its default is \`false\`); the related location points at
the license key when it is written.`,
  check({ doc, report }) {
    const enabled = doc.scalar(['notifications', 'securityQuestions', 'enabled']);
    if (!enabled || enabled.value !== true) return;
    const license = doc.scalar(['licenses', 'selfServicePasswordReset']);
    if (license?.value === true) return;
    // A license written as text ("true") is IMP-DOC-003's; do not guess what it means.
    if (license && license.value !== false && license.value !== null) return;
    const related: RelatedSpan[] = [];
    const licenseKey = doc.keySpan(['licenses', 'selfServicePasswordReset']);
    if (license && license.value === false)
      related.push({ span: doc.span(license), message: 'The Self-Service Password Reset feature is not licensed.' });
    else if (licenseKey) related.push({ span: licenseKey, message: 'The Self-Service Password Reset license is not set.' });
    else {
      const licenses = doc.keySpan(['licenses']);
      if (licenses) related.push({ span: licenses, message: 'No `selfServicePasswordReset` license here.' });
    }
    report({
      span: doc.span(enabled),
      message:
        'The security questions message needs the Self-Service Password Reset licensed feature, but `licenses.selfServicePasswordReset` is not `true`. Set `enabled: false`, or set `licenses.selfServicePasswordReset: true` if the feature is licensed.',
      related: related.length ? related : undefined,
    });
  },
});
