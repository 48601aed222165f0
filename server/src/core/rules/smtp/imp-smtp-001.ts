import type { FixSpec } from '../rule';
import { defineRule, fixSpec, fixSpecs } from '../rule';
import { closest } from '../../values';
import { keyName } from '../../document';
import { MODE_WORDS, REQUIRED_KEYS, SMTP_MODES, keySchema, keysOnlyIn, otherMode } from '../../domain/smtp';
import type { SmtpMode } from '../../domain/smtp';
import { lineBreakOf, pairLines, removePairEdit } from '../../yaml/edits';
import { replaceStateValue, valueState } from '../../yaml/value-state';
import { isTaggedValue } from '../secrets/secret-value';

/** Words people write for a mode, mapped to the mode they mean. */
const MODE_ALIASES: Readonly<Record<string, SmtpMode>> = {
  password: 'basic',
  plain: 'basic',
  login: 'basic',
  none: 'basic',
  smtp: 'basic',
  oauth: 'oauth2',
  'oauth 2': 'oauth2',
  'oauth 2.0': 'oauth2',
  'oauth2.0': 'oauth2',
  xoauth2: 'oauth2',
  exchange: 'oauth2',
  'exchange-online': 'oauth2',
};

function suggestMode(text: string): SmtpMode | undefined {
  const lower = text.trim().toLowerCase();
  if ((SMTP_MODES as readonly string[]).includes(lower)) return lower as SmtpMode;
  if (Object.prototype.hasOwnProperty.call(MODE_ALIASES, lower)) return MODE_ALIASES[lower];
  return closest(lower, SMTP_MODES, 2) as SmtpMode | undefined;
}

export default defineRule({
  id: 'IMP-SMTP-001',
  title: 'SMTP mode and its keys',
  severity: 'error',
  docs: `\`smtp.mode\` selects how the appliance signs in to the mail server: \`basic\` (the "SMTP Server" form: a
server or relay, optionally with a username and password) or \`oauth2\` ("Exchange Mail Server with OAuth2").
Each mode has its own keys:

- \`basic\` needs \`server\` and \`from\`; \`port\`, \`useTls\`, \`minTlsVersion\`, \`username\` and \`password\` are optional.
- \`oauth2\` needs \`from\`, \`clientId\`, \`tenantId\`, \`username\` and \`secret\` (all five fields of the console form).

Reported:

- a missing or unknown \`mode\` (error, with "did you mean" for near misses such as \`OAuth2\` or \`password\`);
- a required key of the mode that is missing (error on the \`smtp\` key, one finding listing all of them) or empty
  (error on that key). An empty \`secret\` or \`password\` is reported as a wrong type by IMP-DOC-003 instead,
  and a tagged one (\`secret: !secret\`) is written, not empty (IMP-SEC-001 reports the tag);
- a key that belongs only to the other mode, such as \`server\` under \`oauth2\` or \`secret\` under \`basic\`
  (warning on the key, shown faded): it is ignored, and usually a leftover of switching modes.
  \`username\` and \`from\` exist in both modes and are never stray.

When \`mode\` is missing or unknown, the keys are not checked against a mode (the mode has to be fixed first).`,
  fix: 'Replace an unknown mode with the suggested one; insert `mode:` when the keys show which mode is meant; remove a key of the other mode.',
  fixKind: 'unsafe',
  check({ doc, report }) {
    const smtp = doc.map(['smtp']);
    const smtpKey = doc.keySpan(['smtp']);
    if (!smtp || !smtpKey) return;

    const modeState = valueState(doc, ['smtp', 'mode']);
    if (modeState.kind === 'absent') {
      reportMissingMode();
      return;
    }
    const modeText = modeState.kind === 'scalar' ? modeState.text : undefined;
    const mode =
      modeState.kind === 'scalar' && (SMTP_MODES as readonly unknown[]).includes(modeState.value)
        ? (modeState.value as SmtpMode)
        : undefined;
    if (!mode) {
      const span = modeState.kind === 'scalar' ? modeState.span : modeState.keySpan;
      const guess = modeText !== undefined ? suggestMode(modeText) : undefined;
      const shown =
        modeState.kind === 'scalar' && modeState.text.trim() !== ''
          ? `\`${modeState.text}\``
          : modeState.kind === 'container'
            ? 'a mapping or list'
            : 'empty';
      report({
        span,
        message:
          `\`smtp.mode\` is ${shown}; it must be \`basic\` or \`oauth2\`` +
          (guess ? `: did you mean \`${guess}\`?` : '.') +
          ' The mode decides which keys the mail settings use, so none of them can be checked until it is set.',
        fixes:
          modeState.kind === 'scalar' && guess
            ? fixSpecs(fixSpec(`Set \`mode: ${guess}\``, [replaceStateValue(doc, modeState, guess)], true))
            : modeState.kind === 'scalar'
              ? fixSpecs(...SMTP_MODES.map((m) => fixSpec(`Set \`mode: ${m}\``, [replaceStateValue(doc, modeState, m)])))
              : undefined,
      });
      return;
    }
    const modeSpan = modeState.kind === 'scalar' ? modeState.span : smtpKey;
    const modeRelated = { span: modeSpan, message: `\`mode: ${mode}\` is selected here` };

    // Required keys of the mode.
    const missing: string[] = [];
    for (const key of REQUIRED_KEYS[mode]) {
      const state = valueState(doc, ['smtp', key]);
      if (state.kind === 'absent') {
        missing.push(key);
      } else if (isTaggedValue(doc, ['smtp', key])) {
        // `secret: !secret` is written, never empty: IMP-SEC-001 reports the tagged value as what it is.
        continue;
      } else if (state.kind === 'empty') {
        // A null where text belongs: IMP-DOC-003 reports it when no rule owns the value (secret, password).
        const schema = keySchema(mode, key);
        if (schema && schema.type !== undefined && schema['x-imprivata-rule'] === undefined) continue;
        report({ span: state.keySpan, message: emptyMessage(mode, key), related: [modeRelated] });
      } else if (state.kind === 'scalar' && typeof state.value === 'string' && state.value.trim() === '') {
        report({ span: state.keySpan, message: emptyMessage(mode, key), related: [modeRelated] });
      }
    }
    if (missing.length > 0) {
      const list = missing.map((k) => `\`${k}\``).join(', ');
      report({
        span: smtpKey,
        message: `\`smtp\` in mode \`${mode}\` is missing ${list}: ${requiredWhy(mode)} Add ${missing.length === 1 ? 'it' : 'them'} to the \`smtp\` block.`,
        related: [modeRelated],
      });
    }

    // Keys of the other mode.
    const stray = keysOnlyIn(otherMode(mode));
    for (const pair of smtp.items) {
      const key = keyName(pair);
      if (key === undefined || !stray.has(key)) continue;
      const span = doc.keySpan(['smtp', key]);
      if (!span) continue;
      const removal = removePairEdit(doc, ['smtp', key]);
      report({
        span,
        severity: 'warning',
        unnecessary: true,
        message: `\`smtp.${key}\` belongs to mode \`${otherMode(mode)}\`, not \`${mode}\`: it is ignored in this mode. Remove it, or change \`mode\` if \`${otherMode(mode)}\` was meant.`,
        related: [modeRelated],
        fixes: removal ? [{ title: `Remove \`${key}\``, edits: [removal], preferred: true }] : undefined,
      });
    }

    function reportMissingMode(): void {
      if (!smtpKey || !smtp) return;
      const hasOnly = (m: SmtpMode) => [...keysOnlyIn(m)].some((k) => doc.has(['smtp', k]));
      const inferred: SmtpMode | undefined =
        hasOnly('oauth2') && !hasOnly('basic') ? 'oauth2' : hasOnly('basic') && !hasOnly('oauth2') ? 'basic' : undefined;
      const first = smtp.items[0];
      const lines = first ? pairLines(doc, first) : undefined;
      const fixes: FixSpec[] = [];
      if (lines) {
        const options = inferred ? [inferred] : SMTP_MODES;
        for (const m of options) {
          fixes.push({
            title: `Insert \`mode: ${m}\``,
            edits: [{ span: { start: lines.start, end: lines.start }, newText: `${lines.indent}mode: ${m}${lineBreakOf(doc)}` }],
            preferred: m === inferred,
          });
        }
      }
      report({
        span: smtpKey,
        message:
          `\`smtp\` has no \`mode\`. Set \`mode: basic\` or \`mode: oauth2\`: the mode decides which keys the appliance uses.` +
          (inferred ? ` The keys present suggest ${MODE_WORDS[inferred]}.` : ''),
        fixes: fixes.length ? fixes : undefined,
      });
    }
  },
});

function requiredWhy(mode: SmtpMode): string {
  return mode === 'basic'
    ? 'a basic connection needs the mail server (`server`, an IP address or FQDN) and the sender address (`from`).'
    : 'the OAuth2 connection needs the sender mailbox (`from`), the Entra application (`clientId`, `tenantId`, `secret`) and the account that may send from the mailbox (`username`); Exchange Online refuses the sign-in without any of them.';
}

function emptyMessage(mode: SmtpMode, key: string): string {
  const what: Record<string, string> = {
    server: 'the IP address or FQDN of the mail server',
    from: 'the sender address, such as `imprivata-noreply@example.org`',
    clientId: "the Entra application's client ID (a GUID)",
    tenantId: 'the Entra tenant ID (a GUID) or a verified domain',
    username: 'the email address of the account that may send from the `from` mailbox',
    secret: "an `${env:NAME}` reference to the Entra application's client secret value",
  };
  return `\`smtp.${key}\` is empty, but mode \`${mode}\` needs it: write ${what[key] ?? 'a value'}.`;
}
