import { isScalar } from 'yaml';
import type { ConfigDocument } from '../../document';
import { describeCharacter, invisibleCharacters, isSpaceLike } from '../../invisible';
import type { InvisibleCharacter } from '../../invisible';
import type { SpanEdit } from '../../yaml/edits';
import { defineRule, fixSpec, fixSpecs } from '../rule';

export default defineRule({
  id: 'IMP-DOC-005',
  title: 'Invisible character in a value',
  severity: 'error',
  docs: `A value (or key) holds a character you cannot see: a zero-width space or joiner, a word joiner, a byte order
mark, a bidirectional control, a soft hyphen, or a no-break space. Text pasted from a portal, a chat or a document
often carries one. The value then differs from what you see: a group object ID with a U+200B is not a GUID, a host
with one does not resolve, a key with one is unknown.

The finding names the character and its column; no other rule judges that value until it is removed (so a GUID
with a zero-width space is reported once, as this, not as "a group display name"). A value under a secret key is
never quoted. Quick fix: delete the character (a no-break space becomes a plain space).

Decisions: this rule is not in the original catalogue; it was added for issue 11 (pasted NBSP and zero-width
characters) with the ID IMP-DOC-005, an error because the value cannot work as written.`,
  fix: 'Delete the invisible character (a no-break space becomes a plain space).',
  fixKind: 'safe',
  // The syntax, the schema, the structure, the text: the whole document, re-checked on every edit.
  reads: 'document',
  check({ doc, report }) {
    for (const found of invisibleCharacters(doc)) {
      const { line, character } = doc.lines.position(found.span.start);
      const what = describeCharacter(found.char);
      const space = isSpaceLike(found.char);
      const cleaned = cleanEdit(doc, found, space ? ' ' : '');
      const title = cleaned?.replacedBy === ' ' ? `Replace ${what} with a space` : `Delete ${what}`;
      report({
        span: found.span,
        message: `An invisible character (${what}) at line ${line + 1}, column ${character + 1}: the value differs from what you see, so it will not match what it should (pasted text often carries such characters). ${space ? 'Replace it with a plain space.' : 'Delete it.'}`,
        fixes: fixSpecs(fixSpec(title, [cleaned?.edit], true)),
      });
    }
  },
});

/**
 * The edit that writes `replacement` for an invisible character. In a plain scalar the character may be all that
 * keeps YAML from reading what follows as syntax (`a\u00a0#b` is one value; `a #b` a value and a comment; `x:\u00a0y`
 * is text, `x: y` a mapping): then the whole scalar is written double-quoted instead, so it means what it showed.
 * Undefined for such a scalar over several lines.
 */
function cleanEdit(
  doc: ConfigDocument,
  found: InvisibleCharacter,
  replacement: string,
): { edit: SpanEdit; replacedBy: string } | undefined {
  const source = doc.text.slice(found.scalar.start, found.scalar.end);
  if (/^["'|>]/.test(source)) {
    // Quoted, the key's value is its text between the quotes: compare that.
    const value = withoutQuotes(
      doc.text.slice(found.scalar.start, found.span.start) + replacement + doc.text.slice(found.span.end, found.scalar.end),
    );
    if (namesAnotherKey(found, value)) return undefined;
    return { edit: { span: found.span, newText: replacement }, replacedBy: replacement };
  }
  // A plain scalar's first and last spaces are not part of it: the character goes (a space first in a key would
  // indent it, which changes the structure).
  const atEdge = found.span.start === found.scalar.start || found.span.end === found.scalar.end;
  if (atEdge) replacement = '';
  // First in the scalar, the blanks after it go too: left in front, they would become its indentation.
  let end = found.span.end;
  if (found.span.start === found.scalar.start) while (end < found.scalar.end && /[ \t]/.test(doc.text[end])) end++;
  const edit = { span: { start: found.span.start, end }, newText: replacement };
  const cleaned = doc.text.slice(found.scalar.start, found.span.start) + replacement + doc.text.slice(end, found.scalar.end);
  // A key the character kept apart from another key of its mapping: cleaned, it would be defined twice.
  if (namesAnotherKey(found, cleaned.trim())) return undefined;
  const startsAsSyntax = /^[-?:,[\]{}#&*!|>'"%@`]/.test(cleaned.trimStart());
  if (!startsAsSyntax && !/\s#|:\s|:$/.test(cleaned)) return { edit, replacedBy: replacement };
  if (doc.lines.lineAt(found.scalar.start) !== doc.lines.lineAt(found.scalar.end)) return undefined;
  return { edit: { span: found.scalar, newText: JSON.stringify(cleaned.trim()) }, replacedBy: replacement };
}

/** Whether the character's scalar is a key and `value` is the name of a key of the same mapping. */
function namesAnotherKey(found: InvisibleCharacter, value: string): boolean {
  return found.keyOf?.items.some((pair) => isScalar(pair.key) && String(pair.key.value) === value) ?? false;
}

/** A one-line quoted scalar's text between its quotes (escapes left as written: an approximation for comparing keys). */
function withoutQuotes(source: string): string {
  return /^(["']).*\1$/s.test(source) ? source.slice(1, -1) : source;
}
