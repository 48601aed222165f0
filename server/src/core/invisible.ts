/**
 * Invisible characters pasted into values: zero-width spaces and joiners, word joiners, a byte order mark
 * inside the text, bidirectional controls, soft hyphens, and no-break spaces. They make a value differ from
 * what the author sees (a GUID with a U+200B is not a GUID), so the one finding names the character and its
 * column, and no other rule judges that value. Pure.
 */
import { isCollection, isMap, isPair, isScalar } from 'yaml';
import type { YAMLMap } from 'yaml';
import type { ConfigDocument } from './document';
import type { Span } from './types';

const INVISIBLE = /[\u00a0\u00ad\u180e\u2000-\u200f\u2028\u2029\u202a-\u202f\u205f-\u2064\u2066-\u206f\u3000\ufeff]/g;

const NAMES: Readonly<Record<string, string>> = {
  '\u00a0': 'NO-BREAK SPACE',
  '\u00ad': 'SOFT HYPHEN',
  '\u200b': 'ZERO WIDTH SPACE',
  '\u200c': 'ZERO WIDTH NON-JOINER',
  '\u200d': 'ZERO WIDTH JOINER',
  '\u200e': 'LEFT-TO-RIGHT MARK',
  '\u200f': 'RIGHT-TO-LEFT MARK',
  '\u202f': 'NARROW NO-BREAK SPACE',
  '\u2060': 'WORD JOINER',
  '\ufeff': 'ZERO WIDTH NO-BREAK SPACE (a byte order mark)',
};

export interface InvisibleCharacter {
  /** The one character. */
  span: Span;
  char: string;
  /** The whole scalar (key or value) it sits in: other rules do not judge it. */
  scalar: Span;
  /** When the scalar is a key: the mapping it is a key of (a fix must not make it equal to another key there). */
  keyOf?: YAMLMap<unknown, unknown>;
}

const cache = new WeakMap<ConfigDocument, InvisibleCharacter[]>();

export function invisibleCharacters(doc: ConfigDocument): InvisibleCharacter[] {
  let found = cache.get(doc);
  if (!found) {
    found = find(doc);
    cache.set(doc, found);
  }
  return found;
}

/** `U+200B ZERO WIDTH SPACE`. */
export function describeCharacter(char: string): string {
  const code = `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
  const name = NAMES[char];
  return name ? `${code} ${name}` : code;
}

/** Whether a character is a space-like one a fix should turn into a plain space rather than delete. */
export function isSpaceLike(char: string): boolean {
  return /[\u00a0\u2000-\u200a\u202f\u205f\u3000]/.test(char);
}

/** The text without invisible characters (space-like ones become spaces), for comparing a value with known ones. */
export function withoutInvisible(value: string): string {
  return value.replace(INVISIBLE, (c) => (isSpaceLike(c) ? ' ' : ''));
}

function find(doc: ConfigDocument): InvisibleCharacter[] {
  const text = doc.text;
  INVISIBLE.lastIndex = 0;
  // The common case, a clean file: one scan of the text, no walk.
  if (!INVISIBLE.test(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text)) return [];
  const out: InvisibleCharacter[] = [];
  const stack: unknown[] = [doc.yaml?.contents];
  const keyOf = new Map<unknown, YAMLMap<unknown, unknown>>();
  while (stack.length) {
    const node = stack.pop();
    if (!node || typeof node !== 'object') continue;
    if (isPair(node)) {
      stack.push(node.value, node.key);
      continue;
    }
    if (isScalar(node)) {
      const range = doc.nodeRange(node);
      if (!range) continue;
      const source = text.slice(range[0], range[1]);
      INVISIBLE.lastIndex = 0;
      for (let m = INVISIBLE.exec(source); m; m = INVISIBLE.exec(source)) {
        const start = range[0] + m.index;
        out.push({ span: { start, end: start + 1 }, char: m[0], scalar: { start: range[0], end: range[1] }, keyOf: keyOf.get(node) });
      }
      continue;
    }
    if (isMap(node)) for (const pair of node.items) if (isScalar(pair.key)) keyOf.set(pair.key, node);
    if (isCollection(node)) for (let i = node.items.length - 1; i >= 0; i--) stack.push(node.items[i]);
  }
  return out.sort((a, b) => a.span.start - b.span.start);
}
