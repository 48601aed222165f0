import { CST, Lexer } from 'yaml';
import { parseableText } from './text';

/**
 * In-file suppression by rule ID (never by message text):
 *   # imprivata-disable-next-line IMP-SMTP-003 IMP-SMTP-006   -> the next line that is not blank or a comment
 *   # imprivata-disable IMP-HOST-009                          -> the whole file
 * IDs may be separated by spaces or commas; `all` silences every rule.
 *
 * Only a real YAML comment is a directive, and only when the directive starts it: the same words inside a quoted
 * string or a block scalar are text (the YAML lexer tells the two apart, so a value can never silence a rule).
 */
const DIRECTIVE = /^#\s*imprivata-disable(-next-line)?(?=[\s,]|$)(.*)$/;
const RULE_ID = /^IMP-[A-Z]+-\d{3}$/i;

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
  const comments = yamlComments(parseableText(text));
  const commentLines = new Set<number>();
  for (const comment of comments) if (comment.wholeLine) commentLines.add(lineOf(comment.offset));
  const skippable = (line: number) => commentLines.has(line) || lineText(line).trim() === '';

  // Lines [skipFrom, skipTo) are known to be blank or comments and skipTo is not: directives come in text
  // order, so each line is looked at once however many directives share a run of comment lines.
  let skipFrom = -1;
  let skipTo = -1;
  for (const comment of comments) {
    const match = DIRECTIVE.exec(comment.source);
    if (!match) continue;
    const ids = match[2]
      .split(/[\s,]+/)
      .filter((s) => RULE_ID.test(s) || s.toLowerCase() === 'all')
      .map((s) => s.toUpperCase());
    if (ids.length === 0) continue;
    if (!match[1]) {
      ids.forEach((id) => result.file.add(id));
      continue;
    }
    const first = lineOf(comment.offset) + 1;
    if (first < skipFrom || first > skipTo) {
      skipFrom = first;
      skipTo = first;
      while (skipTo < lineCount && skippable(skipTo)) skipTo++;
    }
    const set = result.lines.get(skipTo) ?? new Set<string>();
    ids.forEach((id) => set.add(id));
    result.lines.set(skipTo, set);
  }
  return result;
}

export function isSuppressed(s: Suppressions, ruleId: string, line: number): boolean {
  if (s.file.has(ruleId) || s.file.has('ALL')) return true;
  const set = s.lines.get(line);
  return !!set && (set.has(ruleId) || set.has('ALL'));
}

export interface YamlComment {
  /** Offset of the `#`. */
  offset: number;
  /** From `#` to the end of its line, without the line break. */
  source: string;
  /** Nothing but indentation before it on its line. */
  wholeLine: boolean;
}

/**
 * The comments of a YAML text, in order, as the `yaml` library's lexer finds them (so never text inside a quoted
 * or block scalar). One pass over the text, also for a text that does not parse. Offsets follow the lexer's
 * tokens the way the library's own CST parser counts them: the marker before a scalar and the two mode markers
 * are not source text.
 */
export function yamlComments(text: string): YamlComment[] {
  const comments: YamlComment[] = [];
  let offset = 0;
  let atScalarSource = false;
  for (const token of new Lexer().lex(text)) {
    if (atScalarSource) {
      atScalarSource = false;
      offset += token.length;
      continue;
    }
    const type = CST.tokenType(token);
    if (type === 'scalar') {
      atScalarSource = true;
      continue;
    }
    if (type === 'doc-mode' || type === 'flow-error-end') continue;
    if (type === 'comment') comments.push({ offset, source: token, wholeLine: onlyIndentBefore(text, offset) });
    offset += token.length;
  }
  return comments;
}

function onlyIndentBefore(text: string, offset: number): boolean {
  let k = offset - 1;
  while (k >= 0 && (text[k] === ' ' || text[k] === '\t')) k--;
  return k < 0 || text[k] === '\n' || text[k] === '\r' || (k === 0 && text[0] === '\uFEFF');
}
