import { schemaProblems } from '../../schema';
import { defineRule } from '../rule';

export default defineRule({
  id: 'IMP-DOC-003',
  title: 'Wrong value type',
  severity: 'error',
  docs: `The value has the wrong shape for its key: text where a list belongs, a mapping where a single value is
expected, a value outside its allowed set, or a required key missing. The JSON Schema
(\`schemas/imprivata-enterprise.schema.json\`) is the formal definition; values that a dedicated rule checks are
reported by that rule instead, never twice.

Decisions:
- A value holding an \`\${env:NAME}\` reference is never judged, whatever the key's type (\`useTls: \${env:SMTP_USE_TLS}\`):
  its value is only known where the file is deployed.
- \`null\`, \`~\` or nothing after a key means the key is not set: fine on an optional key, "missing" on a required
  one (reported by the rule that requires it), never "should be text, but it is empty".
- A whole number written in quotes where a number belongs (\`port: "80"\`) is unambiguous: it is read as the number,
  with a hint and an "unquote" quick fix.`,
  fix: 'Unquote a number written in quotes.',
  fixKind: 'safe',
  // The syntax, the schema, the structure, the text: the whole document, re-checked on every edit.
  reads: 'document',
  check({ doc, report }) {
    for (const problem of schemaProblems(doc)) {
      if (problem.kind === 'wrong-type') report({ span: problem.span, message: problem.message });
      else if (problem.kind === 'quoted-number' && problem.suggestion) {
        report({
          span: problem.span,
          severity: 'hint',
          message: problem.message,
          fixes: [
            { title: `Unquote: \`${problem.suggestion.newText.replace(/^&\S+ /, '')}\``, edits: [problem.suggestion], preferred: true },
          ],
        });
      }
    }
  },
});
