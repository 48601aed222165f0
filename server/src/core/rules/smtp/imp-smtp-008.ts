import { defineRule } from '../rule';
import { hasEnvReference, isEmail } from '../../values';
import { describeScalar } from '../../value-words';
import { valueState } from '../../yaml/value-state';

export default defineRule({
  id: 'IMP-SMTP-008',
  title: 'Sender address',
  severity: 'error',
  docs: `\`smtp.from\` ("Email messages are from" / "From Address") is the sender of every notification and must be
a plain email address such as \`imprivata-noreply@example.org\`; mail servers refuse a malformed sender. This rule
owns \`from\` in both modes (IMP-SMTP-007 leaves it alone, so it is never reported twice). A display-name form
(\`Imprivata <noreply@example.org>\`) is reported with a quick fix that keeps only the address.

An empty \`from\` is reported by IMP-SMTP-001 (it is required in both modes); \`\${env:NAME}\` references are not checked.`,
  fix: 'Keep only the address of a `Name <address>` value.',
  fixKind: 'safe',
  check({ doc, report }) {
    if (!doc.map(['smtp'])) return;
    const state = valueState(doc, ['smtp', 'from']);
    if (state.kind === 'container') {
      report({ span: state.keySpan, message: '`smtp.from` must be a single email address, not a list or mapping.' });
      return;
    }
    if (state.kind !== 'scalar') return;
    if (typeof state.value !== 'string') {
      report({
        span: state.span,
        message: `\`smtp.from\` is ${describeScalar(state.value, state.text)}; it must be the sender's email address, such as \`imprivata-noreply@example.org\`.`,
      });
      return;
    }
    const value = state.value;
    if (value.trim() === '' || hasEnvReference(value) || isEmail(value)) return;
    const angle = /^[^<>]*<\s*([^<>\s]+)\s*>\s*$/.exec(value);
    if (angle && isEmail(angle[1])) {
      report({
        span: state.span,
        message: `\`smtp.from\` has a display name; it must be the plain sender address (\`${angle[1]}\`). The appliance sets the sender name itself.`,
        fixes: [{ title: `Use \`${angle[1]}\``, edits: [{ span: state.span, newText: angle[1] }], preferred: true }],
      });
      return;
    }
    const hint =
      value.trim() !== value
        ? 'remove the spaces around it'
        : !value.includes('@')
          ? 'it has no `@`: write the whole address, such as `imprivata-noreply@example.org`'
          : 'write it as name@domain with a dotted domain, such as `imprivata-noreply@example.org`';
    report({
      span: state.span,
      message: `\`smtp.from\` is not a valid email address (${hint}). Mail servers refuse a malformed sender, so no notification would be delivered.`,
    });
  },
});
