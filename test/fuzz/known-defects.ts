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

export const KNOWN_DEFECTS: readonly KnownDefect[] = [];

/** The known defect a violation is an instance of, if any. */
export function knownDefectOf(violation: Violation, doc: FuzzDocument, result: CheckResult): KnownDefect | undefined {
  return KNOWN_DEFECTS.find((defect) => defect.matches(violation, doc, result));
}
