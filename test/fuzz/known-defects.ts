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

/** Hostile structures that are slower than linear in the parser, the schema check or rules outside this change. */
export const SLOW_STRUCTURES: Readonly<Record<string, string>> = {
  'many aliases in the allowlist': 'issue 12 item 3',
  'many keys in one mapping': 'issue 12 item 3',
  'many top-level keys': 'issue 12 item 3',
  'many duplicate keys': 'issue 12 item 3',
  'many syntax errors': 'issue 12 item 3',
  'many anchors': 'issue 12 item 3',
  'nested flow sequences': 'issue 12 item 3',
  'nested flow mappings': 'issue 12 item 3',
  'unclosed nesting': 'issue 12 item 3',
};

/** Rules (outside this change) whose fixes `npm run fuzz` found breaking valid YAML. */
const FIXES_BREAKING_YAML = new Set([
  'IMP-CC-003',
  'IMP-DOC-002',
  'IMP-DOC-004',
  'IMP-HOST-001',
  'IMP-HOST-008',
  'IMP-IDP-001',
  'IMP-IDP-007',
  'IMP-IDP-008',
  'IMP-SMTP-001',
]);

const hostileName = (doc: FuzzDocument) => (doc.family.startsWith('hostile: ') ? doc.family.slice('hostile: '.length) : undefined);

export const KNOWN_DEFECTS: readonly KnownDefect[] = [
  {
    id: 'secret-in-parser-message',
    issueItem: 'issue 12 item 5',
    title: 'a YAML syntax error inside a secret value quotes the value (IMP-DOC-001 passes the parser text on)',
    matches: (v) => v.code === 'secret-echoed' && v.ruleId === 'IMP-DOC-001',
  },
  {
    id: 'secret-in-message-after-parse-error',
    issueItem: 'issue 12 item 5',
    title: 'after a syntax error, another rule quotes text that was written as a secret value (for example as an unknown key)',
    matches: (v, _doc, result) => v.code === 'secret-echoed' && !result.parsedCleanly && v.ruleId !== 'IMP-SEC-001',
  },
  {
    id: 'finding-range-includes-line-break',
    issueItem: 'issue 12 item 9 (wiring in analyze.ts)',
    title: 'a finding whose node ends with its line break ends at the start of the next line (LineIndex.findingRange is not used yet)',
    matches: (v) => v.code === 'range-includes-line-break',
  },
  {
    id: 'fix-line-ends',
    issueItem: 'issue 12 item 9 (rules building edits with `\\n`)',
    title: 'a fix computed with `\\n` line ends breaks a file with CR or CRLF line ends',
    matches: (v, doc) => v.code === 'fix-breaks-yaml' && doc.text.includes('\r') && v.ruleId !== 'IMP-SEC-001',
  },
  {
    id: 'fixes-that-break-yaml',
    issueItem: 'issue 12 item 10',
    title:
      'fixes of rules outside this change break valid YAML: "Insert `version: 1`" above an indented root, an allowlist added under `firewall: ~`, a rename onto an existing key, a value replaced after its `!!tag`',
    matches: (v) => v.code === 'fix-breaks-yaml' && v.ruleId !== undefined && FIXES_BREAKING_YAML.has(v.ruleId),
  },
  {
    id: 'collection-keys-exponential',
    issueItem: 'issue 12 item 3',
    title:
      'unclosed flow collections (`[{[{...`) make mapping keys of collections; converting them to plain data takes time exponential in the depth and runs out of string length',
    matches: (v, doc) =>
      (v.code === 'internal-error' && /Invalid string length/.test(v.detail)) ||
      (v.code === 'slow' && /\[\{\[\{|\{\[\{\[/.test(doc.text.replace(/\s+/g, ''))),
  },
  {
    id: 'slow-structures',
    issueItem: 'issue 12 item 3',
    title: 'very many keys, aliases, anchors, duplicate keys or syntax errors, or deep flow nesting, take longer than linear time',
    matches: (v, doc) => v.code === 'slow' && SLOW_STRUCTURES[hostileName(doc) ?? ''] !== undefined,
  },
];

/** The known defect a violation is an instance of, if any. */
export function knownDefectOf(violation: Violation, doc: FuzzDocument, result: CheckResult): KnownDefect | undefined {
  return KNOWN_DEFECTS.find((defect) => defect.matches(violation, doc, result));
}
