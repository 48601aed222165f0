import { defineRule } from '../rule';
import { hasEnvReference, isGuid } from '../../values';
import { smtpMode } from '../../domain/smtp';
import { valueState } from '../../yaml/value-state';

export default defineRule({
  id: 'IMP-SMTP-011',
  title: 'OAuth2 secret that is a GUID',
  severity: 'warning',
  docs: `Entra shows two things for a client secret: its **Secret ID**, a GUID, and its **Value**, about 40
characters that usually contain a \`~\` and are shown only once, when the secret is created. The appliance needs the
value. A GUID in \`smtp.secret\` is almost always the secret ID pasted by mistake, the classic cause of
AADSTS7000215 ("Invalid client secret provided"). Create a new secret if the value was not saved.

The message never repeats the value. An \`\${env:NAME}\` reference is not checked (its value is not known offline);
a literal secret is also reported by IMP-SEC-001. Checked unless the mode is \`basic\`, where \`secret\` is a stray
key (IMP-SMTP-001).`,
  check({ doc, report }) {
    if (!doc.map(['smtp']) || smtpMode(doc) === 'basic') return;
    const state = valueState(doc, ['smtp', 'secret']);
    if (state.kind !== 'scalar' || typeof state.value !== 'string') return;
    if (hasEnvReference(state.value) || !isGuid(state.value.trim())) return;
    report({
      span: state.span,
      message:
        "`smtp.secret` has the shape of a GUID, which is what Entra shows as the secret's ID, not its value: Entra would reject it (AADSTS7000215). Copy the secret's Value (shown once when it is created; create a new secret if it was not saved) into the environment variable the file references.",
    });
  },
});
