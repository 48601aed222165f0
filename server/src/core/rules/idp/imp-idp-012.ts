import { defineRule } from '../rule';
import { hasEnvReference, isGuid } from '../../values';
import { stringValue } from '../../document';
import { ADMIN_GROUPS, adminGroupList, isOktaHost, metadataHost, samlIdpType } from '../../domain/idp';
import { reportItems } from '../group-list-reports';
import type { ItemFinding } from '../group-list-reports';
import { shown } from '../../value-words';
import { trimmedSpan } from '../../yaml/spans';

const OKTA_GROUP_ID = /^00g[A-Za-z0-9]{17}$/;
const SID = /^S-1-\d+(?:-\d+)+$/i;
/** Text with spaces, or only letters and word punctuation (no digits): a name rather than an identifier. */
const NAME_LIKE = /^[A-Za-z][A-Za-z_.&'()-]*$/;

export function looksLikeGroupName(text: string): boolean {
  if (isGuid(text) || OKTA_GROUP_ID.test(text) || SID.test(text)) return false;
  return /\s/.test(text) || NAME_LIKE.test(text);
}

export default defineRule({
  id: 'IMP-IDP-012',
  title: 'Group ID, not group name, as the claim source',
  severity: 'warning',
  docs: `Seed 000 recommends Group ID rather than group name as the source attribute for group claims: names change
and need not be unique, so a renamed or look-alike group silently grants or removes administrator access.

Warnings:
- \`adminGroups.source: group-name\`;
- for \`type: saml\`, an item of \`attributeValue\` that looks like a name (it contains spaces, or only letters and
  word punctuation without digits, and is not a GUID, Okta group ID or SID);
- for \`type: saml\` with the metadata URL on an Okta org domain (\`*.okta.com\`, \`*.oktapreview.com\`,
  \`*.okta-emea.com\`), an item that is not an Okta group ID (\`00g\` followed by 17 letters or digits, as
  \`00g1emaKYZTWRYYRRTSK\`). Okta orgs on a custom domain cannot be recognised and get the name check only.

Decisions: for Entra ID, items are not judged here: a name where an object ID belongs is IMP-IDP-011's error, and
one problem is reported once. When \`source\` is \`group-name\`, the items are names by declaration: only the
\`source\` warning is given, not one per item. No quick fix: the claim source is changed in the identity provider,
and the IDs must be copied from it. \`\${env:NAME}\` references are not judged. In a value whose columns cannot be mapped (a block or folded scalar, escapes),
one finding on the whole value names all affected items.`,
  check(ctx) {
    const { doc, report } = ctx;
    const type = samlIdpType(ctx.doc, ctx.model);
    if (!type || !doc.map(ADMIN_GROUPS)) return;
    const sourceNode = doc.scalar([...ADMIN_GROUPS, 'source']);
    const source = stringValue(sourceNode)?.trim();
    if (sourceNode && source === 'group-name') {
      report({
        span: trimmedSpan(doc, sourceNode),
        message: `\`source: group-name\`: group names change and need not be unique, so a renamed or look-alike group would grant or lose administrator access. Configure Group ID as the source attribute of the group claim in the identity provider, write the group IDs in \`attributeValue\` and set \`source: group-id\`.`,
      });
      return;
    }
    if (type !== 'saml') return; // Entra ID: IMP-IDP-011 reports names where object IDs belong
    const list = adminGroupList(ctx.doc, ctx.model);
    if (!list) return;
    const host = metadataHost(ctx.doc);
    const okta = host !== undefined && isOktaHost(host);
    const findings: ItemFinding[] = [];
    for (const item of list.items) {
      const text = item.text;
      if (text === '' || hasEnvReference(text)) continue;
      if (okta) {
        if (OKTA_GROUP_ID.test(text)) continue;
        findings.push({
          item,
          message: `"${shown(text)}" is not an Okta group ID (\`00g\` followed by 17 letters or digits, such as \`00g1emaKYZTWRYYRRTSK\`)${looksLikeGroupName(text) ? ' and looks like a group name' : ''}. Reference groups by ID, since names change: find the ID in the group's URL in the Okta Admin Console and send it with an Okta Expression Language group claim.`,
        });
      } else if (looksLikeGroupName(text)) {
        findings.push({
          item,
          message: `"${shown(text)}" looks like a group name. Group names change and need not be unique; configure Group ID as the claim source in the identity provider and write the group's ID here.`,
        });
      }
    }
    reportItems(ctx, list, findings);
  },
});
