import { isAlias, isMap, isScalar } from 'yaml';
import type { Node } from 'yaml';
import type { ConfigDocument } from '../../document';
import { hasEnvReference } from '../../values';
import type { FixSpec } from '../rule';
import { defineRule } from '../rule';
import { isEmptyValue, stringValue } from '../../document';
import { PHONE_ATTRIBUTE_MEANINGS } from '../../domain/proofing';
import { describeNonText } from '../../value-words';
import { insertLinesAfter, replaceValueEdit, scalarText } from '../../yaml/edits';
import { column } from '../../yaml/spans';

export default defineRule({
  id: 'IMP-DIR-002',
  title: 'Phone attribute with the wrong meaning',
  severity: 'warning',
  docs: `Each phone attribute needs its Imprivata meaning, exactly as the Admin Console lists it: \`Phone (home)\` for
\`homePhone\` and \`Phone (mobile)\` for \`mobile\`. The meaning is what tells Imprivata that the synchronized value is
a phone number it can send to DigiCert for the SMS or voice call during identity proofing; a different or missing
meaning leaves the number unused.

Decision: only mappings whose \`name\` is exactly \`homePhone\` or \`mobile\` are checked (a misspelled name is reported
by IMP-DIR-001 first). A missing or empty \`meaning\` is reported on the name, with a fix that adds it.`,
  fix: 'Set the meaning to `Phone (home)` or `Phone (mobile)` (inserting `meaning:` when it is missing).',
  fixKind: 'safe',
  check({ doc, report }) {
    const list = doc.seq(['directory', 'extendedAttributes']);
    if (!list) return;
    list.items.forEach((raw, index) => {
      // An alias repeats an item checked where its anchor is: reporting it again there would be a duplicate.
      if (isAlias(raw)) return;
      const itemPath = ['directory', 'extendedAttributes', index];
      const item = doc.map(itemPath);
      const nameNode = doc.node([...itemPath, 'name']);
      const name = stringValue(nameNode);
      if (!item || !nameNode || (name !== 'homePhone' && name !== 'mobile')) return;
      const expected = PHONE_ATTRIBUTE_MEANINGS[name];
      const meaningPath = [...itemPath, 'meaning'];
      const meaningPair = doc.pair(meaningPath);
      const meaningNode = doc.node(meaningPath);
      const title = `Set the meaning to \`${expected}\``;

      if (!meaningPair) {
        const fixes: FixSpec[] = [];
        const nameKey = doc.keySpan([...itemPath, 'name']);
        if (!item.flow && nameKey) {
          fixes.push({
            title,
            edits: [insertLinesAfter(doc, doc.span(nameNode), column(doc, nameKey.start), [`meaning: ${expected}`])],
            preferred: true,
          });
        }
        report({
          span: doc.span(nameNode),
          message: `\`${name}\` has no \`meaning\`. Add \`meaning: ${expected}\` so Imprivata uses this attribute as the phone number for identity proofing.`,
          fixes: fixes.length ? fixes : undefined,
        });
        return;
      }

      const meaning = stringValue(meaningNode);
      if (isEmptyValue(meaningNode)) {
        report({
          span: doc.reportSpan(meaningPath),
          message: `The \`meaning\` of \`${name}\` is empty. Set it to \`${expected}\` so Imprivata uses this attribute as the phone number for identity proofing.`,
          fixes: emptyValueFix(doc, doc.keySpan(meaningPath), meaningNode, expected, title),
        });
        return;
      }
      if (meaning === undefined) {
        report({
          span: doc.reportSpan(meaningPath),
          message: `The \`meaning\` of \`${name}\` is ${describeNonText(meaningNode)}; it must be the text \`${expected}\`.`,
        });
        return;
      }
      if (meaning.trim() === expected || hasEnvReference(meaning) || !meaningNode) return;
      const span = doc.span(meaningNode);
      const replacement = replaceValueEdit(doc, meaningNode, scalarText(meaningNode, expected));
      report({
        span,
        message: `The meaning of \`${name}\` is \`${meaning}\`, but it must be \`${expected}\` for Imprivata to use this attribute as the phone number for identity proofing.`,
        fixes: replacement ? [{ title, edits: [replacement], preferred: true }] : undefined,
      });
    });
  },
});

/** `meaning:` with no value: write `: <expected>` over the colon (and the empty value). */
function emptyValueFix(
  doc: ConfigDocument,
  key: { start: number; end: number } | undefined,
  node: Node | undefined,
  expected: string,
  title: string,
): FixSpec[] | undefined {
  if (!key || doc.text[key.end] !== ':') return undefined;
  if (node && isScalar(node) && typeof node.value === 'string') {
    // An empty quoted string: replace it, keeping its quotes.
    const replacement = replaceValueEdit(doc, node, scalarText(node, expected));
    return replacement ? [{ title, edits: [replacement], preferred: true }] : undefined;
  }
  if (node && isMap(node)) return undefined;
  return [{ title, edits: [{ span: { start: key.end, end: key.end + 1 }, newText: `: ${expected}` }], preferred: true }];
}
