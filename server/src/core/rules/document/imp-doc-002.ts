import { schemaProblems } from '../../schema';
import { defineRule } from '../rule';

export default defineRule({
  id: 'IMP-DOC-002',
  title: 'Unknown key',
  severity: 'warning',
  docs: `The key is not part of the file format at this place. It is ignored, so whatever it was meant to set is
missing, which is usually a misspelling (\`tenantID\` for \`tenantId\`). The message suggests the nearest known key,
and the quick fix renames it.`,
  fix: 'Rename to the suggested key.',
  fixKind: 'unsafe',
  // The syntax, the schema, the structure, the text: the whole document, re-checked on every edit.
  reads: 'document',
  check({ doc, report }) {
    for (const problem of schemaProblems(doc)) {
      if (problem.kind !== 'unknown-key') continue;
      report({
        span: problem.span,
        message: problem.message,
        fixes: problem.suggestion
          ? [{ title: `Rename to \`${problem.suggestion.newText}\``, edits: [problem.suggestion], preferred: true }]
          : undefined,
      });
    }
  },
});
