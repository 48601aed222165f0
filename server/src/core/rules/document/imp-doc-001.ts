import { MAX_ALIAS_COUNT } from '../../document';
import { defineRule } from '../rule';

export default defineRule({
  id: 'IMP-DOC-001',
  title: 'YAML syntax error',
  severity: 'error',
  docs: `The file is not valid YAML at this position, so nothing after it can be read reliably.
Fix the syntax first: the other rules only see what the parser could read.
Also reported: duplicate keys (the second one would silently win), more than one YAML document in the file,
and aliases that expand to more than ${MAX_ALIAS_COUNT} nodes (an "alias bomb"), which are not expanded.`,
  check({ doc, report }) {
    for (const problem of doc.syntaxProblems) {
      report({ span: problem.span, message: `YAML syntax error: ${problem.message}.` });
    }
    const plain = doc.toPlain();
    if (!plain.ok) {
      report({
        span: doc.firstLineSpan(),
        message: `The file's aliases expand to too many nodes (${plain.reason}); it was not expanded, and schema checks were skipped. Replace the aliases (*name) with the values they stand for.`,
      });
    }
  },
});
