/**
 * In-file suppression by rule ID (never by message text):
 *   # imprivata-disable-next-line IMP-SMTP-003 IMP-SMTP-006   -> the next non-comment line
 *   # imprivata-disable IMP-HOST-009                          -> the whole file
 * IDs may be separated by spaces or commas; `all` silences every rule.
 */
const DIRECTIVE = /#\s*imprivata-disable(-next-line)?\b([^\n]*)/g;

export interface Suppressions {
  file: Set<string>;
  /** 0-based line -> rule IDs silenced on it. */
  lines: Map<number, Set<string>>;
}

export function readSuppressions(
  text: string,
  lineOf: (offset: number) => number,
  lineText: (line: number) => string,
  lineCount: number,
): Suppressions {
  const result: Suppressions = { file: new Set(), lines: new Map() };
  if (!text.includes('imprivata-disable')) return result;
  for (const match of text.matchAll(DIRECTIVE)) {
    const ids = match[2]
      .split(/[\s,]+/)
      .map((s) => s.trim())
      .filter((s) => /^IMP-[A-Z]+-\d{3}$/i.test(s) || s.toLowerCase() === 'all')
      .map((s) => s.toUpperCase());
    if (ids.length === 0) continue;
    if (match[1]) {
      let target = lineOf(match.index ?? 0) + 1;
      while (target < lineCount && /^\s*(#.*)?$/.test(lineText(target))) target++;
      const set = result.lines.get(target) ?? new Set<string>();
      ids.forEach((id) => set.add(id));
      result.lines.set(target, set);
    } else {
      ids.forEach((id) => result.file.add(id));
    }
  }
  return result;
}

export function isSuppressed(s: Suppressions, ruleId: string, line: number): boolean {
  if (s.file.has(ruleId) || s.file.has('ALL')) return true;
  const set = s.lines.get(line);
  return !!set && (set.has(ruleId) || set.has('ALL'));
}
