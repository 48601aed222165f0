/**
 * Property failures whose fix belongs to a part of the product another change owns (issue 12), found by these
 * fuzzers. Each stays a failing property: the mocha suite checks it in an `it.skip` of its own (enable it once the
 * item is fixed), and `npm run fuzz` reports it as a failure naming the item. Every entry is as narrow as its cause,
 * so it can never hide a new kind of failure.
 */
import type { CheckResult, FuzzDocument, Violation } from './properties';

export interface KnownDefect {
  id: string;
  /** Where the fix belongs. */
  issueItem: string;
  title: string;
  matches(violation: Violation, doc: FuzzDocument, result: CheckResult): boolean;
}

/** Hostile structures whose cost is exponential in their depth, in code outside this change. */
export const SLOW_STRUCTURES: Readonly<Record<string, string>> = {
  'unclosed nesting': 'issue 12 item 3',
};

const hostileName = (doc: FuzzDocument) => (doc.family.startsWith('hostile: ') ? doc.family.slice('hostile: '.length) : undefined);

export const KNOWN_DEFECTS: readonly KnownDefect[] = [
  {
    id: 'secret-in-alias-message',
    issueItem: 'issue 12 item 5',
    title: 'after an unclosed quote in a flow mapping, the "alias names no anchor" syntax error quotes a secret written as `*value`',
    matches: (v) => v.code === 'secret-echoed' && v.ruleId === 'IMP-DOC-001',
  },
  {
    id: 'merge-source-not-a-map',
    issueItem: 'issue 11 item 1',
    title:
      'a merge key whose source is not a mapping throws inside IMP-DOC-002 and IMP-DOC-003 ("Merge sources must be maps or map aliases")',
    matches: (v) => v.code === 'internal-error' && /Merge sources must be maps/.test(v.detail),
  },
  {
    id: 'many-syntax-errors-large',
    issueItem: 'issue 12 item 3',
    title: 'a file of tens of thousands of syntax errors (`: : :` lines, 150 KB) takes seconds',
    matches: (v, doc) => v.code === 'slow' && hostileName(doc) === 'many syntax errors',
  },
  {
    id: 'collection-keys-exponential',
    issueItem: 'issue 12 item 3',
    title:
      "unclosed flow collections (`[{[{...`) make mapping keys of collections; describing such a value (schema.ts describeValue: the yaml node's toJSON() stringifies every collection key) takes time exponential in the depth",
    matches: (v, doc) =>
      (v.code === 'internal-error' && /Invalid string length/.test(v.detail)) ||
      (v.code === 'slow' && /\[\{\[\{|\{\[\{\[/.test(doc.text.replace(/\s+/g, ''))),
  },
  {
    id: 'slow-structures',
    issueItem: 'issue 11 item 1, issue 12 item 3',
    title: 'nested merge keys (`<<: [*b, *b, ...]` on each of a few levels) take time exponential in the depth since merges are expanded',
    matches: (v, doc) => v.code === 'slow' && SLOW_STRUCTURES[hostileName(doc) ?? ''] !== undefined,
  },
];

/** The known defect a violation is an instance of, if any. */
export function knownDefectOf(violation: Violation, doc: FuzzDocument, result: CheckResult): KnownDefect | undefined {
  return KNOWN_DEFECTS.find((defect) => defect.matches(violation, doc, result));
}
