import { schemaProblems } from '../../schema';
import { defineRule } from '../rule';
import { renamesOntoExistingKeys } from '../../yaml/edits';

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
    const problems = schemaProblems(doc).filter((p) => p.kind === 'unknown-key');
    // A rename onto a key the mapping already has would make a duplicate key: no fix there.
    const duplicates = renamesOntoExistingKeys(
      doc,
      problems.flatMap((p) => (p.suggestion ? [p.suggestion] : [])),
    );
    for (const problem of problems) {
      report({
        span: problem.span,
        message: problem.message,
        fixes:
          problem.suggestion && !duplicates.has(problem.suggestion)
            ? [{ title: `Rename to \`${problem.suggestion.newText}\``, edits: [problem.suggestion], preferred: true }]
            : undefined,
      });
    }
  },
});
