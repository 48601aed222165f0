import { defineRule } from '../rule';
import { hasEnvReference } from '../../values';
import { keySchema, smtpMode } from '../../domain/smtp';
import { describeScalar } from '../../value-words';
import { valueState } from '../../yaml/value-state';

const FALLBACK_VERSIONS = ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'];

/** The allowed spellings, from the schema's enum (one list). */
function versions(): string[] {
  const values = keySchema('basic', 'minTlsVersion')?.enum;
  return Array.isArray(values) ? values.filter((v): v is string => typeof v === 'string') : FALLBACK_VERSIONS;
}

/** `1.2`, `TLS1.2`, `tlsv1.2`, `TLS 1.2`, `1.0` -> `TLSv1.2` / `TLSv1`. */
function normalise(text: string): string | undefined {
  const match = /^\s*(?:tls)?\s*v?\s*1(?:\.([0-3]))?\s*$/i.exec(text);
  if (!match) return undefined;
  const minor = match[1];
  return minor === undefined || minor === '0' ? 'TLSv1' : `TLSv1.${minor}`;
}

export default defineRule({
  id: 'IMP-SMTP-004',
  title: 'TLS version above 1.2',
  severity: 'warning',
  docs: `The appliance negotiates TLS up to version 1.2 and enforces no minimum (seed 004: "Imprivata supports TLS
versions up to 1.2"). \`minTlsVersion: TLSv1.3\` describes a mail server that accepts nothing below TLS 1.3: the
appliance could not complete the handshake with it, so mail would not be sent. Let the server accept TLS 1.2.

A value outside \`TLSv1\`, \`TLSv1.1\`, \`TLSv1.2\`, \`TLSv1.3\` is an error, with the intended spelling suggested
(\`1.2\` or \`TLS1.2\` -> \`TLSv1.2\`). An \`\${env:NAME}\` reference is not checked.`,
  fix: 'Rewrite a misspelt version in the expected form (`TLSv1.2`).',
  fixKind: 'safe',
  check({ doc, report }) {
    if (!doc.map(['smtp']) || smtpMode(doc) === 'oauth2') return;
    const state = valueState(doc, ['smtp', 'minTlsVersion']);
    const allowed = versions();
    const list = allowed.map((v) => `\`${v}\``).join(', ');
    if (state.kind === 'empty' || state.kind === 'container') {
      report({ span: state.keySpan, severity: 'error', message: `\`smtp.minTlsVersion\` must be one of ${list}, or left out.` });
      return;
    }
    if (state.kind !== 'scalar') return;
    if (typeof state.value === 'string' && hasEnvReference(state.value)) return;
    if (state.value === 'TLSv1.3') {
      report({
        span: state.span,
        message:
          '`smtp.minTlsVersion` is `TLSv1.3`, but the appliance negotiates TLS up to 1.2 only: a mail server that requires TLS 1.3 cannot be reached, and no mail is sent. Let the server accept TLS 1.2.',
      });
      return;
    }
    if (typeof state.value === 'string' && allowed.includes(state.value)) return;
    const guess = normalise(state.text);
    const suggestion = guess && allowed.includes(guess) ? guess : undefined;
    report({
      span: state.span,
      severity: 'error',
      message:
        `\`smtp.minTlsVersion\` is ${describeScalar(state.value, state.text)}; it must be one of ${list}` +
        (suggestion ? `: did you mean \`${suggestion}\`?` : '.'),
      fixes: suggestion
        ? [{ title: `Set \`${suggestion}\``, edits: [{ span: state.span, newText: suggestion }], preferred: true }]
        : undefined,
    });
  },
});
