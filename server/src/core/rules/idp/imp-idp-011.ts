import { defineRule } from '../rule';
import { hasEnvReference, isGuid } from '../../values';
import { adminGroupList, idpType } from '../../domain/idp';
import { reportItems } from '../group-list-reports';
import type { ItemFinding } from '../group-list-reports';
import { shown } from '../../value-words';

export default defineRule({
  id: 'IMP-IDP-011',
  title: 'Entra ID: every admin group is an object ID (GUID)',
  severity: 'error',
  docs: `With \`type: entra-id\`, the groups claim carries each group's **object ID**, a GUID such as
\`6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f\` (seed 000: "Locate the admin group and copy its object ID"; "use Group ID
as the source attribute"). Every item of \`adminGroups.attributeValue\` that is not a GUID is an error at its own
columns, since no administrator would ever match it:
- text that looks like a group display name (\`Imprivata Admins\`) is reported as such: copy the group's Object ID
  from Entra admin center → Groups → All groups;
- a GUID with a typo, braces or a missing part is reported as a malformed object ID;
- several GUIDs separated by \`;\` or spaces are reported as a wrong separator (the list is comma-separated).

Empty items and duplicates are IMP-IDP-010's. The name-vs-ID advice of IMP-IDP-012 is not repeated for Entra
items: this rule's error says it. \`\${env:NAME}\` references are not judged. In a value whose columns cannot be mapped (a block or folded scalar, escapes),
one finding on the whole value names all affected items.`,
  check(ctx) {
    if (idpType(ctx.doc, ctx.model) !== 'entra-id') return;
    const list = adminGroupList(ctx.doc, ctx.model);
    if (!list) return;
    const findings: ItemFinding[] = [];
    for (const item of list.items) {
      const text = item.text;
      if (text === '' || isGuid(text) || hasEnvReference(text)) continue;
      const parts = text.split(/[\s;|]+/).filter((p) => p !== '');
      let message: string;
      if (parts.length > 1 && parts.every(isGuid)) {
        message = `"${shown(text)}" holds ${parts.length} object IDs separated by ${/;/.test(text) ? 'semicolons' : 'spaces'}; the admin group list is comma-separated. Separate them with commas.`;
      } else if (/^\{[0-9a-f-]+\}$/i.test(text) && isGuid(text.slice(1, -1))) {
        message = `"${shown(text)}" is an object ID in braces; write the GUID without \`{\` and \`}\`.`;
      } else if (/^[0-9a-f{}-]+$/i.test(text) && /-/.test(text)) {
        message = `"${shown(text)}" is not a valid object ID: an Entra group object ID is a GUID of 8-4-4-4-12 hexadecimal digits (for example 6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f). Copy it again from the group's overview page.`;
      } else {
        message = `"${shown(text)}" looks like a group display name where an object ID belongs. Entra ID sends the group's object ID (a GUID) in the groups claim, so no administrator would match a name. Copy the Object ID from Entra admin center > Groups > All groups.`;
      }
      findings.push({ item, message });
    }
    reportItems(ctx, list, findings);
  },
});
