import { defineRule } from '../rule';
import { smtpMode } from '../../domain/smtp';
import { valueState } from '../../yaml/value-state';
import type { ValueState } from '../../yaml/value-state';
import { isTaggedValue } from '../secrets/secret-value';

type Presence = 'set' | 'missing' | 'blank' | 'unknown';

/** `set`: any non-empty scalar; `missing`: no key; `blank`: `""`; `unknown`: null or a mapping (IMP-DOC-003 reports it). */
function presence(state: ValueState): Presence {
  if (state.kind === 'absent') return 'missing';
  if (state.kind !== 'scalar') return 'unknown';
  return typeof state.value === 'string' && state.value.trim() === '' ? 'blank' : 'set';
}

export default defineRule({
  id: 'IMP-SMTP-005',
  title: 'SMTP username without password, or the reverse',
  severity: 'error',
  docs: `In mode \`basic\` the SMTP account is optional ("If required, type the credentials of an account that is
authorized to send email through your server"), but it is a pair: a \`username\` without a \`password\` (or the
reverse) makes the appliance's sign-in fail, or sends no credentials at all. The finding is on the key that is
present; add the other one (the password as an \`\${env:NAME}\` reference), or remove both for an open relay.

Only checked in mode \`basic\`: in mode \`oauth2\` \`username\` is the sending account and there is no password
(IMP-SMTP-001 flags one as a stray key). A partner key with an empty value (\`password:\`) is reported by
IMP-DOC-003 as a wrong type, so this rule stays silent then; an empty text (\`password: ""\`) is reported here.
A tagged password (\`password: !secret\`, even with nothing after the tag) is written, not empty: IMP-SEC-001 reports
the tag.`,
  check({ doc, report }) {
    if (smtpMode(doc) !== 'basic') return;
    const username = valueState(doc, ['smtp', 'username']);
    const password = valueState(doc, ['smtp', 'password']);
    const user = presence(username);
    // `password: !secret` is written (IMP-SEC-001 reports the tag), never an empty password.
    const pass = isTaggedValue(doc, ['smtp', 'password']) ? 'set' : presence(password);
    if (user === 'set' && (pass === 'missing' || pass === 'blank') && username.kind !== 'absent') {
      report({
        span: username.keySpan,
        message: `\`smtp.username\` is set but \`password\` is ${pass === 'blank' ? 'empty' : 'missing'}: the account cannot sign in to the mail server without it. Add \`password: \${env:IMPRIVATA_SMTP_PASSWORD}\`, or remove \`username\` if the server accepts mail without signing in.`,
        related: password.kind !== 'absent' ? [{ span: password.keySpan, message: 'the empty password' }] : undefined,
      });
    }
    if (pass === 'set' && (user === 'missing' || user === 'blank') && password.kind !== 'absent') {
      report({
        span: password.keySpan,
        message: `\`smtp.password\` is set but \`username\` is ${user === 'blank' ? 'empty' : 'missing'}: a password is only used together with the account it belongs to. Add the account's \`username\`, or remove \`password\`.`,
        related: username.kind !== 'absent' ? [{ span: username.keySpan, message: 'the empty username' }] : undefined,
      });
    }
  },
});
