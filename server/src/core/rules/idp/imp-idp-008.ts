import { isScalar } from 'yaml';
import { defineRule } from '../rule';
import { hasEnvReference } from '../../values';
import { IDP, samlIdpType } from '../../domain/idp';
import { shown } from '../../value-words';
import { replaceScalarEdit } from '../../yaml/edits';
import { trimmedSpan } from '../../yaml/spans';

/** Values that mean the email NameID format: the short name and the SAML 1.1 format URN. */
const EMAIL_FORMATS = new Set(['email', 'emailaddress', 'urn:oasis:names:tc:saml:1.1:nameid-format:emailaddress']);

export default defineRule({
  id: 'IMP-IDP-008',
  title: 'NameID format email is recommended',
  severity: 'information',
  docs: `Seed 000 recommends configuring the email address as the NameID format the identity provider sends for user
identity. Any other format (\`persistent\`, \`unspecified\`, \`transient\`, …) is an information note: it can work,
but the email address is what identifies users in the Access Management portal.

Decisions: \`email\`, \`emailAddress\` and the SAML URN \`urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress\` all
count as email (case-insensitive). A missing \`nameIdFormat\` means the default, \`email\`. \`\${env:NAME}\` references
are not judged.`,
  fix: 'Set `nameIdFormat: email`.',
  fixKind: 'unsafe',
  check(ctx) {
    const { doc, report } = ctx;
    if (!samlIdpType(ctx.doc, ctx.model)) return;
    const path = [...IDP, 'nameIdFormat'];
    if (!doc.has(path)) return;
    const node = doc.node(path);
    if (!isScalar(node)) return; // a mapping or list: IMP-DOC-003
    const value = node.value === null || node.value === undefined ? '' : String(node.value).trim();
    if (typeof node.value === 'string' && hasEnvReference(node.value)) return;
    if (EMAIL_FORMATS.has(value.toLowerCase())) return;
    const edit = replaceScalarEdit(doc, node, 'email');
    report({
      span: value === '' ? (doc.keySpan(path) ?? doc.span(node)) : trimmedSpan(doc, node),
      message:
        value === ''
          ? "`nameIdFormat` is empty. The recommended NameID format is `email`: configure the identity provider to send the user's email address as NameID."
          : `\`nameIdFormat\` is "${shown(value)}". The recommended NameID format is \`email\`: configure the identity provider to send the user's email address as NameID, which is how users are identified in the Access Management portal.`,
      fixes: edit ? [{ title: 'Set `email`', edits: [edit], preferred: true }] : undefined,
    });
  },
});
