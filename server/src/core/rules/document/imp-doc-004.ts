import { defineRule } from '../rule';

const SUPPORTED = [1];

export default defineRule({
  id: 'IMP-DOC-004',
  title: 'Missing or unsupported version',
  severity: 'error',
  docs: `Every file starts with \`version: 1\`, the version of this file format. Without it (or with a version this
tool does not know) the rules cannot tell what the keys mean. Supported versions: ${SUPPORTED.join(', ')}.`,
  fix: 'Insert `version: 1`.',
  check({ doc, report }) {
    if (!doc.root) return;
    const pair = doc.pair(['version']);
    if (!pair) {
      report({
        span: doc.firstLineSpan(),
        message: 'The file has no `version`. Add `version: 1` as the first line so the file format is known.',
        fixes: [
          {
            title: 'Insert `version: 1`',
            edits: [{ span: { start: doc.span(doc.root).start, end: doc.span(doc.root).start }, newText: 'version: 1\n' }],
            preferred: true,
          },
        ],
      });
      return;
    }
    const value = doc.value(['version']);
    if (typeof value === 'number' && SUPPORTED.includes(value)) return;
    const span = doc.reportSpan(['version']);
    const shown = value === null || value === undefined ? 'empty' : `\`${String(value)}\``;
    report({
      span,
      message: `\`version\` is ${shown}, which this tool does not support. Supported: ${SUPPORTED.join(', ')} (a number, not text).`,
      fixes: [{ title: 'Set `version: 1`', edits: [{ span, newText: '1' }], preferred: true }],
    });
  },
});
