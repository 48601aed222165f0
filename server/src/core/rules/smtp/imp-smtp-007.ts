import { defineRule } from '../rule';
import type { RuleContext } from '../rule';
import { dnsNameProblem, hasEnvReference, isEmail, isGuid } from '../../values';
import { smtpMode } from '../../domain/smtp';
import type { SmtpMode } from '../../domain/smtp';
import { describeScalar } from '../../value-words';
import { valueState } from '../../yaml/value-state';

export default defineRule({
  id: 'IMP-SMTP-007',
  title: 'OAuth2 client ID, tenant ID and username',
  severity: 'error',
  docs: `In mode \`oauth2\` the values come from the Entra app registration and Exchange Online:

- \`clientId\`: the application (client) ID, a GUID such as \`2d4f6a8c-1b3d-4e5f-9a7b-0c2e4f6a8b1d\`. Braces or a
  display name do not work; the token request fails with AADSTS700016 (application not found).
- \`tenantId\`: the directory (tenant) ID, a GUID, or a verified domain of the tenant such as
  \`contoso.onmicrosoft.com\`. Anything else fails with AADSTS900023 or AADSTS90002.
- \`username\`: the account that may send from the \`from\` mailbox, written as its email address (UPN).

\`from\` must be an email address too; that is IMP-SMTP-008's job in both modes, so this rule never reports \`from\`
(one problem, one finding). Empty values are reported by IMP-SMTP-001 and \`\${env:NAME}\` references are not
checked. \`clientId\` and \`tenantId\` are checked unless the mode is \`basic\` (where they are stray keys,
IMP-SMTP-001); \`username\` only in mode \`oauth2\`, since in mode \`basic\` it is any account name.`,
  check(ctx) {
    const mode = smtpMode(ctx.doc);
    if (!ctx.doc.map(['smtp']) || mode === 'basic') return;
    checkClientId(ctx);
    checkTenantId(ctx);
    if (mode === 'oauth2') checkUsername(ctx, mode);
  },
});

/** The text of a scalar to check, or undefined when there is nothing to check (reporting shapes on the way). */
function textToCheck(
  { doc, report }: RuleContext,
  key: string,
  expected: string,
): { text: string; span: { start: number; end: number } } | undefined {
  const state = valueState(doc, ['smtp', key]);
  if (state.kind === 'container') {
    report({ span: state.keySpan, message: `\`smtp.${key}\` must be a single value (${expected}), not a list or mapping.` });
    return undefined;
  }
  if (state.kind !== 'scalar') return undefined;
  if (typeof state.value !== 'string') {
    report({ span: state.span, message: `\`smtp.${key}\` is ${describeScalar(state.value, state.text)}; it must be ${expected}.` });
    return undefined;
  }
  if (state.value.trim() === '' || hasEnvReference(state.value)) return undefined;
  return { text: state.value, span: state.span };
}

function checkClientId(ctx: RuleContext): void {
  const found = textToCheck(ctx, 'clientId', "the Entra application's client ID, a GUID");
  if (!found || isGuid(found.text)) return;
  const inner = /^\s*\{(.*)\}\s*$/.exec(found.text)?.[1];
  const hint =
    inner !== undefined && isGuid(inner.trim())
      ? 'write the GUID without braces'
      : found.text.trim() !== found.text && isGuid(found.text.trim())
        ? 'remove the spaces around it'
        : 'copy the "Application (client) ID" from the app registration\'s overview in the Entra admin center (8-4-4-4-12 hexadecimal digits)';
  ctx.report({
    span: found.span,
    message: `\`smtp.clientId\` is not a GUID: Entra identifies the application by its client ID, so the token request would fail (AADSTS700016). ${capitalise(hint)}.`,
  });
}

function checkTenantId(ctx: RuleContext): void {
  const found = textToCheck(ctx, 'tenantId', 'the Entra tenant ID (a GUID) or a verified domain');
  if (!found || isGuid(found.text)) return;
  const text = found.text;
  let detail: string;
  if (/^[\s{]*[0-9a-f]+(?:-[0-9a-f]+)+[\s}]*$/i.test(text)) {
    detail = 'it looks like a GUID but is not a valid one: 8-4-4-4-12 hexadecimal digits, without braces or spaces';
  } else {
    const problem = dnsNameProblem(text);
    if (problem === undefined && text.replace(/\.$/, '').includes('.')) return;
    detail = problem ? `not a domain name either: ${problem}` : 'a single word without a dot is not a domain name';
  }
  ctx.report({
    span: found.span,
    message: `\`smtp.tenantId\` is not a tenant ID (${detail}). Write the Entra tenant ID (a GUID) or one of the tenant's verified domains, such as \`contoso.onmicrosoft.com\`; otherwise the token request fails (AADSTS900023 / AADSTS90002).`,
  });
}

function checkUsername(ctx: RuleContext, mode: SmtpMode): void {
  const found = textToCheck(ctx, 'username', 'an email address');
  if (!found || isEmail(found.text)) return;
  ctx.report({
    span: found.span,
    message: `\`smtp.username\` is not an email address: in mode \`${mode}\` it is the account that may send from the \`from\` mailbox, written as its email address (its user principal name), such as \`svc-imprivata-mail@example.org\`.`,
  });
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
