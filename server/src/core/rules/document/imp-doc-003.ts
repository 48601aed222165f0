import { schemaProblems } from '../../schema';
import { defineRule } from '../rule';

export default defineRule({
  id: 'IMP-DOC-003',
  title: 'Wrong value type',
  severity: 'error',
  docs: `The value has the wrong shape for its key: text where a list belongs, a mapping where a single value is
expected, a value outside its allowed set, or a required key missing. The JSON Schema
(\`schemas/imprivata-enterprise.schema.json\`) is the formal definition; values that a dedicated rule checks are
reported by that rule instead, never twice.`,
  check({ doc, report }) {
    for (const problem of schemaProblems(doc)) {
      if (problem.kind === 'wrong-type') report({ span: problem.span, message: problem.message });
    }
  },
});
