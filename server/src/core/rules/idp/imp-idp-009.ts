import { isScalar } from 'yaml';
import type { FixSpec } from '../rule';
import { defineRule } from '../rule';
import { editDistance, hasEnvReference } from '../../values';
import { isEmptyValue } from '../../document';
import { ADMIN_GROUPS, ENTRA_GROUPS_CLAIM, IDP, idpKeySpan, samlIdpType } from '../../domain/idp';
import { shown } from '../../value-words';
import { appendToMapEdit, indentStepUnder, replaceScalarEdit } from '../../yaml/edits';
import { trimmedSpan } from '../../yaml/spans';

/** An absolute claim URI: `http(s)://host/...` or a URN. */
const CLAIM_URI = /^(?:https?:\/\/[^\s/]+\/\S*|urn:[a-z0-9][a-z0-9-]*:\S+)$/i;

export default defineRule({
  id: 'IMP-IDP-009',
  title: 'Admin group attribute name present (Entra ID: the groups claim URI)',
  severity: 'error',
  docs: `Administrator access to the Access Management portal is granted by one SAML attribute name/value pair
(seed 000): \`adminGroups.attributeName\` is the claim that carries group membership and
\`adminGroups.attributeValue\` the admin group IDs. Without the name nobody is recognised as an administrator
(error; a missing \`adminGroups\` block is reported here too).

For Entra ID, the name is the claim name copied from the enterprise application's Attributes & Claims, a URI;
for the groups claim it is \`${ENTRA_GROUPS_CLAIM}\`. A short name such as \`groups\`, or a near-miss of that URI
(\`https://\`, a missing letter), is a warning: Entra sends the claim under its full URI, so the name would not
match. (Claim names can be customised in Entra, so any other URI, such as the \`…/claims/role\` claim used when
groups are emitted as roles, is accepted.) For other SAML IdPs the attribute name is free text (Okta often uses
\`groups\`) and only its presence is checked.

\`\${env:NAME}\` references are not judged.`,
  fix: 'Insert (or set) the Entra groups claim URI as `attributeName`; for a missing `adminGroups` block under Entra ID, insert the block with it.',
  fixKind: 'safe',
  check(ctx) {
    const { doc, report } = ctx;
    const type = samlIdpType(ctx.doc, ctx.model);
    if (!type) return;
    const entra = type === 'entra-id';
    const idp = doc.map(IDP);
    if (!idp) return;

    if (!doc.has(ADMIN_GROUPS)) {
      const step = ' '.repeat(indentStepUnder(doc, IDP));
      const edit = entra ? appendToMapEdit(doc, idp, ['adminGroups:', `${step}attributeName: ${ENTRA_GROUPS_CLAIM}`]) : undefined;
      report({
        span: idpKeySpan(doc),
        message: `\`identityProvider\` has no \`adminGroups\`. Administrators are recognised by one SAML attribute name/value pair: add \`adminGroups\` with \`attributeName\` (${entra ? `for Entra ID the groups claim, \`${ENTRA_GROUPS_CLAIM}\`` : 'the attribute that carries group membership'}) and \`attributeValue\` (the admin group IDs).`,
        fixes: edit ? [{ title: 'Insert `adminGroups` with the Entra groups claim', edits: [edit], preferred: true }] : undefined,
      });
      return;
    }
    const groups = doc.map(ADMIN_GROUPS);
    if (!groups) return; // not a mapping: IMP-DOC-003

    const path = [...ADMIN_GROUPS, 'attributeName'];
    const node = doc.node(path);
    if (!doc.has(path) || isEmptyValue(node)) {
      let fixes: FixSpec[] | undefined;
      if (entra) {
        const edit =
          doc.has(path) && isScalar(node)
            ? replaceScalarEdit(doc, node, ENTRA_GROUPS_CLAIM)
            : appendToMapEdit(doc, groups, [`attributeName: ${ENTRA_GROUPS_CLAIM}`]);
        if (edit) fixes = [{ title: 'Use the Entra groups claim', edits: [edit], preferred: true }];
      }
      report({
        span: doc.keySpan(path) ?? doc.keySpan(ADMIN_GROUPS) ?? idpKeySpan(doc),
        message: `${doc.has(path) ? '`attributeName` is empty' : '`adminGroups` has no `attributeName`'}: without the name of the attribute that carries group membership, nobody is recognised as an administrator. ${entra ? `For Entra ID it is the groups claim, \`${ENTRA_GROUPS_CLAIM}\`.` : 'Use the attribute name your identity provider sends the groups in.'}`,
        fixes,
      });
      return;
    }
    if (!entra || !isScalar(node) || typeof node.value !== 'string') return;
    const value = node.value.trim();
    if (hasEnvReference(value) || value === ENTRA_GROUPS_CLAIM) return;
    const nearMiss = editDistance(value, ENTRA_GROUPS_CLAIM, 3) <= 3 || value.toLowerCase() === ENTRA_GROUPS_CLAIM.toLowerCase();
    if (!nearMiss && CLAIM_URI.test(value)) return;
    const edit = replaceScalarEdit(doc, node, ENTRA_GROUPS_CLAIM);
    report({
      span: trimmedSpan(doc, node),
      severity: 'warning',
      message: nearMiss
        ? `\`attributeName\` "${shown(value)}" looks like a misspelling of the Entra groups claim, \`${ENTRA_GROUPS_CLAIM}\`. Claim names are compared exactly, so administrators would not be recognised.`
        : `\`attributeName\` "${shown(value)}" is not a claim URI. Entra ID sends group membership under the claim name shown in the application's Attributes & Claims, for the groups claim \`${ENTRA_GROUPS_CLAIM}\`; a short name would not match it.`,
      fixes: edit ? [{ title: 'Use the Entra groups claim', edits: [edit], preferred: true }] : undefined,
    });
  },
});
