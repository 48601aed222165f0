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

/** Rules (outside this change) whose fixes `npm run fuzz` found breaking valid YAML. */
const FIXES_BREAKING_YAML = new Set([
  'IMP-CC-003',
  'IMP-DOC-002',
  'IMP-DOC-004',
  'IMP-DOC-005',
  'IMP-HOST-001',
  'IMP-HOST-008',
  'IMP-IDP-001',
  'IMP-IDP-007',
  'IMP-IDP-008',
  'IMP-SMTP-001',
]);

export const KNOWN_DEFECTS: readonly KnownDefect[] = [
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
      'fixes of rules outside this change break valid YAML: an allowlist added under `firewall: ~`, a rename onto an existing key, a value replaced after its `!!tag`, a starter configuration inserted into `...`, a no-break space replaced before `#`',
    matches: (v) => v.code === 'fix-breaks-yaml' && v.ruleId !== undefined && FIXES_BREAKING_YAML.has(v.ruleId),
  },
];

/** The known defect a violation is an instance of, if any. */
export function knownDefectOf(violation: Violation, doc: FuzzDocument, result: CheckResult): KnownDefect | undefined {
  return KNOWN_DEFECTS.find((defect) => defect.matches(violation, doc, result));
}
