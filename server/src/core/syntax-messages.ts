/**
 * What a parser error code means, in words for the person editing the file. The `yaml` library's own texts
 * ("please use YAML.parseAllDocuments()") are never shown, and no message quotes the file's text, so a secret
 * inside a broken value cannot leak through a syntax error: it says where, not what. Pure.
 */
import type { Span } from './types';

export interface SyntaxMessage {
  message: string;
  /** A better place for the finding than the parser's (the unclosed bracket rather than the line after it). */
  span?: Span;
  fix?: { title: string; edits: { span: Span; newText: string }[] };
}

const MESSAGES: Readonly<Record<string, string>> = {
  MULTIPLE_DOCS:
    'a second YAML document starts here (`---`): one configuration per file. Move it into a file of its own, or remove the `---` line',
  TAB_AS_INDENT: 'a tab is used for indentation; YAML indents with spaces only',
  MISSING_CHAR: 'a closing quote or bracket is missing, so the rest of the file is read as part of this value',
  BAD_INDENT: 'the indentation does not match the lines around it: keys of one mapping (and items of one list) start at the same column',
  BLOCK_AS_IMPLICIT_KEY:
    'a second `key: value` on one line; put the nested key on its own, indented line (or quote a value containing `: `)',
  MULTILINE_IMPLICIT_KEY: 'a key runs over more than one line; keys are written on one line',
  UNEXPECTED_TOKEN: 'this text cannot stand here: check the indentation, a missing `:` after a key, or a value that needs quotes',
  BAD_DQ_ESCAPE: 'an invalid escape sequence inside a double-quoted value; write a backslash as `\\\\`, or use single quotes',
  MULTIPLE_ANCHORS: 'a value has more than one anchor (`&name`); keep one',
  MULTIPLE_TAGS: 'a value has more than one tag (`!tag`); keep one',
  BAD_ALIAS: 'an alias (`*name`) cannot carry an anchor or a tag',
  ALIAS_PROPS: 'an alias (`*name`) cannot carry an anchor or a tag',
  BAD_DIRECTIVE: 'a `%` directive this reader does not know; remove it (only `%YAML` and `%TAG` exist)',
  BAD_PROP_ORDER: 'an anchor or tag stands in a place where it cannot apply',
  BAD_SCALAR_START: 'a value starts with a character YAML reserves (`@`, `` ` ``, `|`, `>`, `%`...); quote the value',
  BLOCK_IN_FLOW: 'a block value (a `- ` list or `key: value` lines) inside `[...]` or `{...}`; use one style',
  KEY_OVER_1024_CHARS: 'a key is longer than 1024 characters',
  NON_STRING_KEY: 'a key is a list or a mapping; keys are text',
  TAG_RESOLVE_FAILED: 'a value has a tag (`!tag`) this reader does not know, so it is read as plain text',
  DUPLICATE_KEY: 'a key is defined twice in the same mapping; YAML keeps only one',
  BAD_COLLECTION_TYPE: 'a tag names a collection type that does not match the value',
  IMPOSSIBLE: 'the parser could not read this part of the file',
  RESOURCE_EXHAUSTION:
    'the file nests too deeply to be read from here on (hundreds of levels of brackets or indentation, often brackets that are never closed); a configuration file is a few levels deep',
};

/**
 * The message for a parser error, and a fix where one is certain (tab indentation). The library's message is
 * only used to tell cases apart, never shown.
 */
export function syntaxMessage(text: string, code: string, span: Span, libraryMessage: string): SyntaxMessage {
  const unclosed = /^Flow (sequence|map) in block collection must be sufficiently indented and end with a ([\]}])/.exec(libraryMessage);
  if (unclosed) {
    const [open, close] = unclosed[2] === ']' ? ['[', ']'] : ['{', '}'];
    const at = text.lastIndexOf(open, span.start);
    const lineEnd = at === -1 ? -1 : text.slice(at).search(/[\r\n]/);
    return {
      message: `a \`${open}\` opened here is not closed with \`${close}\`: close it on the same line (in a block, a flow collection ends where it starts), or quote the value if the bracket is text`,
      span: at === -1 ? undefined : { start: at, end: lineEnd === -1 ? text.length : at + lineEnd },
    };
  }
  if (code === 'MULTIPLE_DOCS' && text.startsWith('---', span.start)) {
    return { message: MESSAGES.MULTIPLE_DOCS, span: { start: span.start, end: span.start + 3 } };
  }
  const message = MESSAGES[code] ?? 'this is not valid YAML here';
  if (code === 'TAB_AS_INDENT') {
    const edit = tabIndentEdit(text, span.start);
    if (edit) return { message, fix: { title: 'Indent with spaces instead of the tab', edits: [edit] } };
  }
  return { message };
}

/** Replaces the tabs in the indentation of the line holding `offset` with two spaces each. */
function tabIndentEdit(text: string, offset: number): { span: Span; newText: string } | undefined {
  let start = offset;
  while (start > 0 && text[start - 1] !== '\n' && text[start - 1] !== '\r') start--;
  let end = start;
  while (end < text.length && (text[end] === ' ' || text[end] === '\t')) end++;
  const indent = text.slice(start, end);
  if (!indent.includes('\t')) return undefined;
  return { span: { start, end }, newText: indent.replace(/\t/g, '  ') };
}
