import { brokenSectionAt, brokenSections, isBreaking } from '../../broken-sections';
import type { BrokenSection } from '../../broken-sections';
import { MAX_ALIAS_COUNT } from '../../document';
import { defineRule } from '../rule';

export default defineRule({
  id: 'IMP-DOC-001',
  title: 'YAML syntax error',
  severity: 'error',
  docs: `The file is not valid YAML at this position, so nothing after it can be read reliably.
Fix the syntax first: the other rules only see what the parser could read.
Also reported, each once and in words rather than the parser's: duplicate keys (YAML keeps only the last one,
so the first is silently ignored), more than one YAML document in the file (one configuration per file), tab
indentation (quick fix: indent with spaces), an alias that names no anchor (most often an unquoted wildcard host,
\`- *.amazonaws.com\`, which YAML reads as an alias: quick fix: quote it; the entry is then read as the host it was
meant to be, and no other rule reports it; under a secret key the alias's name is never quoted), a merge key (\`<<\`) whose
source is not a mapping (\`<<: 5\`, \`<<: *text\`: the merge is ignored and the rest of the mapping is read as written), and aliases that expand to more than ${MAX_ALIAS_COUNT} nodes, or a quarter of the file's length in a larger file (an "alias
bomb"), which are not expanded. A mistake that makes the parser stumble over the next tokens too is reported once.
No message quotes the file's text at a syntax error, so a secret inside a broken value is never echoed.`,
  fix: 'Quote an unquoted wildcard host or a value starting with `*`; indent with spaces instead of a tab.',
  fixKind: 'safe',
  // The syntax, the schema, the structure, the text: the whole document, re-checked on every edit.
  reads: 'document',
  check({ doc, report }) {
    const broken = brokenSections(doc);
    const reported = new Set<BrokenSection>();
    for (const problem of doc.syntaxProblems) {
      // One mistake, one finding: after the first error in a section the parser is guessing.
      const section = isBreaking(problem.code) ? brokenSectionAt(broken, problem.span.start) : undefined;
      if (section) {
        if (reported.has(section)) continue;
        reported.add(section);
      }
      report({
        span: problem.span,
        message: `YAML syntax error: ${problem.message}.`,
        fixes: problem.fix ? [{ ...problem.fix, preferred: true }] : undefined,
        related: problem.related ? [problem.related] : undefined,
      });
    }
    const plain = doc.toPlain();
    if (!plain.ok) {
      report({
        span: doc.firstLineSpan(),
        message: `The file's aliases (\`*name\`) expand far beyond the size of the file itself (an "alias bomb"); the file was not expanded, and the schema checks were skipped. Write the values out instead of repeating large aliases.`,
      });
    }
  },
});
