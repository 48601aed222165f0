import { closest, hasEnvReference } from '../../values';
import { defineRule } from '../rule';
import { isEmptyValue, stringValue } from '../../document';
import { describeNonText } from '../../value-words';
import { scalarText } from '../../yaml/edits';

const SCHEDULES = ['once', 'weekly'];

export default defineRule({
  id: 'IMP-NOTE-001',
  title: 'Identity proofing reminder misconfigured',
  severity: 'warning',
  docs: `The Confirm ID Individual Identity Proofing Reminder reminds providers to complete identity proofing with
DigiCert. It applies to individual identity proofing only: enabled while \`identityProofing.mode\` is
\`institutional\`, it has nobody to remind (warning; disable it or switch to individual proofing).

Its \`schedule\` is \`once\` (a single reminder) or \`weekly\` (weekly reminders); any other value is an error.

Decisions: the schedule is checked whether or not the reminder is enabled (the value is wrong either way), a
missing \`schedule\` is not reported (the vendor documents no default and the file format does not require
one), and a near miss such as \`Weekly\` gets a fix.`,
  fix: 'Replace a near-miss schedule with `once` or `weekly`.',
  fixKind: 'unsafe',
  check({ doc, model, report }) {
    const base = ['notifications', 'identityProofingReminder'];
    if (!doc.map(base)) return;

    const enabled = doc.scalar([...base, 'enabled']);
    const mode = doc.scalar(['identityProofing', 'mode']);
    if (enabled?.value === true && mode && model.proofingMode === 'institutional') {
      report({
        span: doc.span(enabled),
        message:
          'The identity proofing reminder applies to individual identity proofing only, but `identityProofing.mode` is `institutional`: there is no DigiCert proofing to remind providers of. Set `enabled: false`, or switch to individual proofing.',
        related: [{ span: doc.span(mode), message: 'Providers are proofed by Enrollment Supervisors here.' }],
      });
    }

    const schedulePath = [...base, 'schedule'];
    if (!doc.has(schedulePath)) return;
    const node = doc.node(schedulePath);
    const schedule = stringValue(node);
    if (schedule === undefined || isEmptyValue(node)) {
      report({
        span: doc.reportSpan(schedulePath),
        severity: 'error',
        message: `The reminder \`schedule\` is ${describeNonText(node)}; write \`once\` (a single reminder) or \`weekly\`.`,
      });
      return;
    }
    const value = schedule.trim();
    if (SCHEDULES.includes(value) || hasEnvReference(value) || !node) return;
    const guess = SCHEDULES.find((s) => s === value.toLowerCase()) ?? closest(value.toLowerCase(), SCHEDULES, 2);
    const span = doc.span(node);
    report({
      span,
      severity: 'error',
      message: `The reminder \`schedule\` is \`${value}\`, but it can only be \`once\` (a single reminder) or \`weekly\`${guess ? `: did you mean \`${guess}\`?` : '.'}`,
      fixes: guess
        ? [{ title: `Set \`schedule: ${guess}\``, edits: [{ span, newText: scalarText(node, guess) }], preferred: true }]
        : undefined,
    });
  },
});
