import type { Scalar } from 'yaml';
import type { ConfigDocument } from '../../document';
import type { FixSpec, RelatedSpan } from '../rule';
import { defineRule } from '../rule';
import type { Span } from '../../types';
import { isEmptyValue } from '../../document';
import { ADMIN_GROUPS, adminGroupList, groupKey, samlIdpType } from '../../domain/idp';
import type { GroupList } from '../../domain/idp';
import { reportItems } from '../group-list-reports';
import type { ItemFinding } from '../group-list-reports';
import { shown } from '../../value-words';
import { contentStart, trimmedSpan } from '../../yaml/spans';

export default defineRule({
  id: 'IMP-IDP-010',
  title: 'Admin group list: no empty items, no duplicates',
  severity: 'error',
  docs: `\`adminGroups.attributeValue\` is a comma-separated list of admin group IDs (seed 000: "If you are specifying
multiple admin groups, the object IDs must be comma-separated"). Each item is reported at its own columns:
- an empty item (a leading, trailing or double comma) is an error; it is marked on the comma that makes it;
- an item that repeats an earlier one is a warning (GUIDs compare case-insensitively, other IDs exactly);
- a missing or empty \`attributeValue\` is an error: no group grants administrator access.

Whitespace around commas is tolerated and not reported on its own; the quick fix "normalise the list" rewrites the
list with single \`, \` separators, dropping empty items and duplicates (the first occurrence is kept). Decisions:
for a value whose columns cannot be mapped one to one (a block or folded multi-line scalar, a quoted scalar with
escapes), findings are on the whole value (one per kind of problem, naming the other items affected) and no fix is
offered. \`\${env:NAME}\` references are not judged.`,
  fix: 'Normalise the list: single `, ` separators, empty items and duplicates dropped.',
  fixKind: 'safe',
  check(ctx) {
    const { doc, report } = ctx;
    if (!samlIdpType(ctx.doc, ctx.model) || !doc.map(ADMIN_GROUPS)) return;
    const path = [...ADMIN_GROUPS, 'attributeValue'];
    if (!doc.has(path) || isEmptyValue(doc.node(path))) {
      report({
        span: doc.keySpan(path) ?? doc.keySpan(ADMIN_GROUPS) ?? doc.reportSpan(path),
        message: `${doc.has(path) ? '`attributeValue` is empty' : '`adminGroups` has no `attributeValue`'}: no group would grant administrator access to the Access Management portal. Write the admin group's ID (for Entra ID its object ID); several groups are separated by commas.`,
      });
      return;
    }
    const list = adminGroupList(ctx.doc, ctx.model);
    if (!list) return;

    const normalise = normaliseFix(doc, list);
    const reported = new Set<number>();
    const valueStart = contentStart(doc, list.node);
    list.items.forEach((item, index) => {
      if (item.text !== '') return;
      // Mark the comma that creates the empty item: the one after it, or for a trailing item the one before it.
      const comma = index < list.commas.length ? list.commas[index] : list.commas[index - 1];
      if (comma === undefined) return;
      const span = commaSpan(doc, list.node, valueStart, comma);
      if (reported.has(span.start)) return;
      reported.add(span.start);
      const where = index === 0 ? 'a leading comma' : index === list.items.length - 1 ? 'a trailing comma' : 'two commas in a row';
      report({
        span,
        message: `The admin group list has an empty item (${where}). Every item must be a group ID: remove the extra comma.`,
        fixes: normalise,
      });
    });

    const first = new Map<string, { span: Span }>();
    const duplicates: ItemFinding[] = [];
    for (const item of list.items) {
      if (item.text === '') continue;
      const key = groupKey(item.text);
      const earlier = first.get(key);
      if (!earlier) {
        first.set(key, item);
        continue;
      }
      const related: RelatedSpan[] = list.exact ? [{ span: earlier.span, message: 'first listed here' }] : [];
      duplicates.push({
        item,
        message: `The admin group \`${shown(item.text)}\` is listed more than once. Remove the duplicate.`,
        related,
        fixes: normalise,
      });
    }
    reportItems(ctx, list, duplicates, 'warning');
  },
});

/** A comma's span, given where the value starts (undefined: its columns do not map, so the whole value). */
function commaSpan(doc: ConfigDocument, node: Scalar, start: number | undefined, comma: number): Span {
  return start === undefined ? trimmedSpan(doc, node) : { start: start + comma, end: start + comma + 1 };
}

/** "Normalise the list" for a value whose columns map one to one. */
function normaliseFix(doc: ConfigDocument, list: GroupList): FixSpec[] | undefined {
  const start = contentStart(doc, list.node);
  if (start === undefined) return undefined;
  const seen = new Set<string>();
  const kept: string[] = [];
  for (const item of list.items) {
    if (item.text === '' || seen.has(groupKey(item.text))) continue;
    seen.add(groupKey(item.text));
    kept.push(item.text);
  }
  const text = kept.join(', ');
  // A plain scalar must not become something YAML reads differently (a leading indicator, `: ` or ` #`).
  if (list.node.type === 'PLAIN' && (/^[-?:,[\]{}#&*!|>'"%@`]/.test(text) || /: | #/.test(text))) return undefined;
  if (list.node.type === 'QUOTE_DOUBLE' && /["\\]/.test(text)) return undefined;
  if (list.node.type === 'QUOTE_SINGLE' && /'/.test(text)) return undefined;
  return [{ title: 'Normalise the list', edits: [{ span: { start, end: start + list.value.length }, newText: text }], preferred: true }];
}
