import { isMap } from 'yaml';
import type { Node, YAMLSeq } from 'yaml';
import type { ConfigDocument } from '../../document';
import type { Span } from '../../types';
import { hasEnvReference } from '../../values';
import type { FixSpec, RelatedSpan } from '../rule';
import { defineRule } from '../rule';
import { stringValue } from '../../document';
import { PHONE_ATTRIBUTES, PHONE_ATTRIBUTE_MEANINGS, classifyAttributeName } from '../../domain/proofing';
import { documentIndentStep, followsCommentSeparatedPlainScalar, insertLinesAfter, lineBreakOf } from '../../yaml/edits';
import { column, documentEnd, isLineStart, lineStart, trimSpanEnd } from '../../yaml/spans';

const TITLE = 'Add the `homePhone` and `mobile` mappings';

/** The two mappings as list items, the dash at column `dash` and the keys at column `keys`. */
function mappingLines(dash: number, keys = dash + 2): string[] {
  const lines: string[] = [];
  for (const attribute of PHONE_ATTRIBUTES) {
    lines.push(`${' '.repeat(dash)}-${' '.repeat(Math.max(1, keys - dash - 1))}name: ${attribute}`);
    lines.push(`${' '.repeat(keys)}meaning: ${PHONE_ATTRIBUTE_MEANINGS[attribute]}`);
  }
  return lines;
}

export default defineRule({
  id: 'IMP-DIR-003',
  title: 'Individual proofing without a phone attribute',
  severity: 'error',
  docs: `With individual identity proofing, Imprivata sends each provider's phone number to DigiCert, which calls or
texts the provider during proofing. The number comes from AD through the extended user attributes \`homePhone\`
(meaning \`Phone (home)\`) and \`mobile\` (meaning \`Phone (mobile)\`). With neither mapped in
\`directory.extendedAttributes\`, no provider has a phone number and none can begin proofing.

Decisions: a misspelled mapping (\`HomePhone\`, \`mobilePhone\`) counts as mapped here, because IMP-DIR-001 already
reports it with a fix, and the same problem is not reported twice. Other phone attributes (\`telephoneNumber\`) do not
count: Imprivata reads only \`homePhone\` and \`mobile\` for proofing. A name given as \`\${env:NAME}\` counts as mapped (it
cannot be known offline). Where the problem is reported: on
\`extendedAttributes\` when the list exists, on \`directory\` when the list is missing, and on \`identityProofing.mode\`
when the file has no \`directory\` block at all. A \`directory\` or \`extendedAttributes\` of the wrong shape (empty,
text) is left to IMP-DOC-003.`,
  fix: 'Add both mappings (`homePhone` / `Phone (home)` and `mobile` / `Phone (mobile)`), creating `extendedAttributes` or `directory` when missing.',
  fixKind: 'safe',
  check({ doc, model, report }) {
    if (!doc.root || !model.individualProofing) return;
    const mode = doc.scalar(['identityProofing', 'mode']);
    if (!mode) return;
    const modeRelated: RelatedSpan = {
      span: doc.span(mode),
      message: 'Individual identity proofing needs a phone number for each provider.',
    };

    if (!doc.has(['directory'])) {
      const step = documentIndentStep(doc);
      const nl = lineBreakOf(doc);
      const block = ['directory:', `${' '.repeat(step)}extendedAttributes:`, ...mappingLines(step * 2)].join(nl) + nl;
      const end = documentEnd(doc);
      const lead = end === 0 || isLineStart(doc, end) ? '' : nl;
      const appendable = !followsCommentSeparatedPlainScalar(doc, end);
      report({
        span: doc.span(mode),
        message:
          'Individual identity proofing needs a phone number for each provider, but the file has no `directory` block mapping the AD phone attributes. Add `directory.extendedAttributes` with `homePhone` (meaning `Phone (home)`) and/or `mobile` (meaning `Phone (mobile)`).',
        fixes: appendable ? [{ title: TITLE, edits: [{ span: { start: end, end }, newText: lead + block }], preferred: true }] : [],
      });
      return;
    }

    const directory = doc.map(['directory']);
    if (!directory) return;
    if (!doc.has(['directory', 'extendedAttributes'])) {
      const key = doc.keySpan(['directory']);
      if (!key) return;
      report({
        span: key,
        message:
          'Individual identity proofing needs a phone number for each provider, but `directory` has no `extendedAttributes` mapping the AD phone attributes. Add `homePhone` (meaning `Phone (home)`) and/or `mobile` (meaning `Phone (mobile)`).',
        related: [modeRelated],
        fixes: fixForDirectory(
          doc,
          directory.flow === true,
          directory.items.map((p) => p.key as Node | undefined),
          doc.span(directory),
          key,
        ),
      });
      return;
    }

    const list = doc.seq(['directory', 'extendedAttributes']);
    if (!list) return;
    const mapped = list.items.some((_, index) => {
      const name = stringValue(doc.node(['directory', 'extendedAttributes', index, 'name']));
      // A name from ${env:NAME} may well be a phone attribute: do not guess.
      return name !== undefined && (classifyAttributeName(name) !== undefined || hasEnvReference(name));
    });
    if (mapped) return;
    const key = doc.keySpan(['directory', 'extendedAttributes']);
    if (!key) return;
    report({
      span: key,
      message:
        'Individual identity proofing needs a phone number for each provider, but neither `homePhone` nor `mobile` is mapped in `extendedAttributes`, so no provider can begin proofing. Add `homePhone` (meaning `Phone (home)`) and/or `mobile` (meaning `Phone (mobile)`).',
      related: [modeRelated],
      fixes: fixForList(doc, list, key),
    });
  },
});

/** Inserts `extendedAttributes:` with both mappings at the end of a block `directory` mapping. */
function fixForDirectory(
  doc: ConfigDocument,
  flow: boolean,
  keys: (Node | undefined)[],
  span: Span,
  directoryKey: Span,
): FixSpec[] | undefined {
  if (flow) return undefined;
  const first = keys.find((k) => k !== undefined);
  const indent = first ? column(doc, doc.span(first).start) : column(doc, directoryKey.start) + documentIndentStep(doc);
  if (indent <= column(doc, directoryKey.start)) return undefined;
  const lines = [`${' '.repeat(indent)}extendedAttributes:`, ...mappingLines(indent + documentIndentStep(doc))];
  const anchor = first ? span : directoryKey;
  return [{ title: TITLE, edits: [insertLinesAfter(doc, anchor, 0, lines)], preferred: true }];
}

/** Appends both mappings to a block list, or replaces an empty flow list `[]` with them. */
function fixForList(doc: ConfigDocument, list: YAMLSeq<unknown>, key: Span): FixSpec[] | undefined {
  const nl = lineBreakOf(doc);
  if (list.flow) {
    if (list.items.length > 0 || doc.text[key.end] !== ':') return undefined;
    const valueEnd = doc.span(list).end;
    const dash = column(doc, key.start) + documentIndentStep(doc);
    return [
      {
        title: TITLE,
        edits: [{ span: { start: key.end, end: valueEnd }, newText: ':' + nl + mappingLines(dash).join(nl) }],
        preferred: true,
      },
    ];
  }
  const first = doc.resolve(list.items[0] as Node | null);
  if (!first) return undefined;
  const firstStart = doc.span(first).start;
  const prefix = doc.text.slice(lineStart(doc, firstStart), firstStart);
  const dashMatch = /^(\s*)-\s+$/.exec(prefix);
  if (!dashMatch) return undefined;
  // New items copy the layout of the first one: its dash column and, for a mapping, its key column.
  const keys = isMap(first) ? prefix.length : dashMatch[1].length + 2;
  return [
    {
      title: TITLE,
      edits: [insertLinesAfter(doc, trimSpanEnd(doc, doc.span(list)), 0, mappingLines(dashMatch[1].length, keys))],
      preferred: true,
    },
  ];
}
