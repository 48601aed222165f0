/**
 * Where the syntax is broken, by top-level section. The rule against cascades (docs/architecture.md): one syntax
 * error is one finding, and a rule that read a broken section stays silent, since what it saw there is the
 * parser's best guess, not what the author wrote. Pure.
 */
import type { ConfigDocument } from './document';
import type { Span } from './types';

/** Problems that leave the tree as written: the sections around them are read normally. */
const NOT_BREAKING = new Set([
  'MULTIPLE_DOCS',
  'DUPLICATE_KEY',
  'UNDEFINED_ALIAS',
  'UNQUOTED_WILDCARD',
  'BINARY',
  // The tree is as written; only the merge is ignored, and what it leaves missing is reported as missing.
  'MERGE_SOURCE_NOT_MAP',
]);

/**
 * The problem standing for the syntax errors past the document's cap: breaking, from its section to the end of the
 * file, since the errors it stands for were never placed. It is then one finding only where no other error of its
 * section was (one mistake in a section, 50,000 errors after it: one finding, not "49,950 more").
 */
const TOO_MANY = 'TOO_MANY_ERRORS';

/** Whether a syntax problem leaves the parser guessing about what follows it. */
export function isBreaking(code: string): boolean {
  return !NOT_BREAKING.has(code);
}

/** Every section when the root itself is unreadable. */
export const WHOLE_FILE = '*';

export interface BrokenSection {
  /** The top-level key, or WHOLE_FILE. */
  key: string;
  /** From the section's key to the next section's key (or the end of the file). */
  span: Span;
}

const cache = new WeakMap<ConfigDocument, BrokenSection[]>();

/** The top-level sections holding a syntax error that breaks the tree (empty for a well-formed file). */
export function brokenSections(doc: ConfigDocument): BrokenSection[] {
  let sections = cache.get(doc);
  if (!sections) {
    sections = find(doc);
    cache.set(doc, sections);
  }
  return sections;
}

function find(doc: ConfigDocument): BrokenSection[] {
  const breaking = doc.syntaxProblems.filter((p) => isBreaking(p.code));
  if (breaking.length === 0) return [];
  const root = doc.root;
  // A problem reported at the very end of the file (an unclosed bracket) belongs to the last section: its end is one
  // past the text.
  const fileEnd = doc.text.length + 1;
  if (!root || root.items.length === 0) return [{ key: WHOLE_FILE, span: { start: 0, end: fileEnd } }];
  const starts: { key: string; start: number }[] = [];
  for (const pair of root.items) {
    const range = doc.nodeRange(pair.key);
    const key = pair.key as { value?: unknown } | null;
    if (range && key && (typeof key.value === 'string' || typeof key.value === 'number'))
      starts.push({ key: String(key.value), start: range[0] });
  }
  if (starts.length === 0) return [{ key: WHOLE_FILE, span: { start: 0, end: fileEnd } }];
  const found = new Map<string, BrokenSection>();
  for (const problem of breaking) {
    // The last section starting at or before the problem (a problem above the first key breaks the first).
    const index = lastAtOrBefore(starts, (s) => s.start, problem.span.start);
    const mark = (i: number) => {
      const { key, start } = starts[i];
      const end = i + 1 < starts.length ? starts[i + 1].start : fileEnd;
      if (!found.has(key)) found.set(key, { key, span: { start, end } });
    };
    mark(index);
    // A key the parser lifted out of its section onto the problem's line (`\tname: x` under `enterprise:`); past
    // the cap, every later section (the errors there were never placed).
    const lineEnd = doc.text.slice(problem.span.start).search(/[\r\n]/);
    const stop = problem.code === TOO_MANY || lineEnd === -1 ? doc.text.length : problem.span.start + lineEnd;
    for (let i = index + 1; i < starts.length && starts[i].start <= stop; i++) mark(i);
  }
  // In file order, for brokenSectionAt's binary search.
  return [...found.values()].sort((a, b) => a.span.start - b.span.start);
}

/** The index of the last section starting at or before an offset, else 0 (binary search: 100,000 top-level keys). */
function lastAtOrBefore<T>(items: readonly T[], startOf: (item: T) => number, offset: number): number {
  let low = 0;
  let high = items.length - 1;
  let found = 0;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (startOf(items[mid]) <= offset) {
      found = mid;
      low = mid + 1;
    } else high = mid - 1;
  }
  return found;
}

/** The broken section an offset lies in, if any. */
export function brokenSectionAt(sections: readonly BrokenSection[], offset: number): BrokenSection | undefined {
  // Asked once per finding, and past the syntax-error cap every later section is broken: no linear scan.
  const section = sections[lastAtOrBefore(sections, (s) => s.span.start, offset)];
  return section && section.span.start <= offset && offset < section.span.end ? section : undefined;
}
