import { isScalar } from 'yaml';
import type { ConfigDocument } from '../../document';
import { starterConfiguration } from '../../starter';
import type { Span } from '../../types';
import { defineRule } from '../rule';
import { fixSpec, fixSpecs } from '../rule';
import type { FixSpec } from '../rule';
import { lineBreakOf, replaceValueEdit, valueWithTagSpan } from '../../yaml/edits';
import { documentEnd, isLineStart, lineStart } from '../../yaml/spans';

const SUPPORTED = [1];

export default defineRule({
  id: 'IMP-DOC-004',
  title: 'Missing or unsupported version',
  severity: 'error',
  docs: `Every file starts with \`version: 1\`, the version of this file format. Without it (or with a version this
tool does not know) the rules cannot tell what the keys mean. Supported versions: ${SUPPORTED.join(', ')}.

Decisions: a file with nothing in it (0 bytes, only comments, \`---\` alone, \`~\` alone) is reported the same way, on
line 1, with a quick fix that inserts a starter configuration (\`version\` and the \`enterprise\` block of the
\`imprivata-enterprise\` snippet). "Insert \`version: 1\`" keeps the file's own layout: at the indentation of an indented
root mapping, inside the braces of a flow (JSON-style) one, with the file's line ends.`,
  fix: 'Insert `version: 1` (in an empty file: a starter configuration).',
  fixKind: 'safe',
  // The syntax, the schema, the structure, the text: the whole document, re-checked on every edit.
  reads: 'document',
  check({ doc, report }) {
    if (isEmptyDocument(doc)) {
      report({
        span: { start: 0, end: doc.lines.lineEnd(0) },
        message:
          'The file is empty: it has no `version`, so nothing is configured. Start with `version: 1` and the `enterprise` block (the quick fix inserts a starter configuration).',
        fixes: [starterFix(doc)],
      });
      return;
    }
    const root = doc.root;
    if (!root) return;
    const pair = doc.pair(['version']);
    if (!pair) {
      report({
        span: doc.firstLineSpan(),
        message: 'The file has no `version`. Add `version: 1` as the first line so the file format is known.',
        // A `version:` line the parser read inside something else (an explicit `? key` swallowing what follows):
        // another one inserted above would be a duplicate once the structure around it changes.
        fixes: /^[ ]*["']?version["']?[ \t]*:/m.test(doc.text)
          ? []
          : [{ title: 'Insert `version: 1`', edits: [insertVersion(doc)], preferred: true }],
      });
      return;
    }
    const value = doc.value(['version']);
    if (typeof value === 'number' && SUPPORTED.includes(value)) return;
    const span = doc.reportSpan(['version']);
    const node = doc.node(['version']);
    const written = node && (node.tag || doc.span(node).end > doc.span(node).start) ? node : undefined;
    const empty = value === null || value === undefined;
    const shown = empty ? 'empty' : `\`${String(value)}\``;
    report({
      span,
      message: `\`version\` is ${shown}, which this tool does not support. Supported: ${SUPPORTED.join(', ')} (a number, not text).`,
      fixes: fixSpecs(
        fixSpec(
          'Set `version: 1`',
          // A value written out (`'2'`, `!!str 1`, `~`) is replaced, tag and all; an empty one gets `1` after the colon.
          [written ? replaceValueEdit(doc, written, '1') : { span: afterColon(doc, doc.keySpan(['version']) ?? span), newText: ' 1' }],
          true,
        ),
      ),
    });
  },
});

/** Nothing but comments, `---` or `~`: the parser found no content (and no syntax error). */
function isEmptyDocument(doc: ConfigDocument): boolean {
  if (!doc.yaml || doc.syntaxProblems.length) return false;
  const contents = doc.yaml.contents;
  return contents === null || (isScalar(contents) && contents.value === null);
}

function starterFix(doc: ConfigDocument): FixSpec {
  const eol = lineBreakOf(doc);
  const starter = starterConfiguration(eol);
  const contents = doc.yaml?.contents;
  const written = isScalar(contents) ? valueWithTagSpan(doc, contents) : undefined;
  // A `mapping` over several lines cannot start on the `---` line: it goes on a line of its own.
  const ownLine = (at: number) => (/^[ \t]*$/.test(doc.text.slice(lineStart(doc, at), at)) ? '' : eol);
  // `~` (or `!!null`) alone: replace it, tag and all.
  if (written && written.end > written.start) {
    let start = written.start;
    while (start > 0 && (doc.text[start - 1] === ' ' || doc.text[start - 1] === '\t')) start--;
    return starterEdit({ span: { start, end: written.end }, newText: ownLine(start) + starter.trimEnd() });
  }
  // Before a document end marker (`...`), if any: after it, the starter would start a second document.
  const end = documentEnd(doc);
  const needsBreak = end > 0 && !isLineStart(doc, end);
  return starterEdit({ span: { start: end, end }, newText: (needsBreak ? eol : '') + starter });
}

function starterEdit(edit: { span: Span; newText: string }): FixSpec {
  // A whole configuration with placeholders: only when someone asks for it.
  return { title: 'Insert a starter configuration', edits: [edit], preferred: true, kind: 'unsafe' };
}

/** `version: 1` as the root mapping's first entry, in its style and at its indentation. */
function insertVersion(doc: ConfigDocument): { span: Span; newText: string } {
  const root = doc.root!;
  const start = doc.span(root).start;
  if (root.flow) {
    const open = doc.text.indexOf('{', start);
    const at = open === -1 ? start : open + 1;
    return { span: { start: at, end: at }, newText: root.items.length ? ' version: 1,' : ' version: 1 ' };
  }
  const indent = doc.text.slice(lineStart(doc, start), start);
  // Only whitespace before the root on its line: repeat it so the new key lines up with the others.
  const pad = /^[ ]*$/.test(indent) ? indent : '';
  return { span: { start, end: start }, newText: `version: 1${lineBreakOf(doc)}${pad}` };
}

function afterColon(doc: ConfigDocument, keySpan: Span): Span {
  const colon = doc.text.indexOf(':', keySpan.end);
  const at = colon === -1 ? keySpan.end : colon + 1;
  return { start: at, end: at };
}
