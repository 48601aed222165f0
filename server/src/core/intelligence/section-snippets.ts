/**
 * The whole-section snippets of `snippets/imprivata-enterprise.code-snippets.json` (bundled into the server: the
 * extension no longer contributes them statically, so every LSP editor gets them, once), and where each belongs in a
 * configuration. Completion offers them from here, in place. Pure.
 */
import snippetsJson from '../../../../snippets/imprivata-enterprise.code-snippets.json';
import type { Path } from '../document';

/** Where a snippet's body goes. */
export type SnippetPlace =
  /** A whole file (into an empty document). */
  | { kind: 'document' }
  /** A top-level section `key:` (the branch it chooses, for a discriminated section). */
  | { kind: 'section'; key: string; branch?: string }
  /** Items (`- ...`) of the list at `list`. */
  | { kind: 'items'; list: Path };

export interface SectionSnippet {
  name: string;
  prefix: string;
  description: string;
  /** Snippet syntax, one string per line, indented by two spaces per level as in the file. */
  body: readonly string[];
  place: SnippetPlace;
}

/** Where each snippet of the file goes, by prefix. A snippet missing here is a test failure, not silently dropped. */
export const SNIPPET_PLACES: Readonly<Record<string, SnippetPlace>> = {
  'imprivata-enterprise': { kind: 'document' },
  'imprivata-appliance': { kind: 'items', list: ['appliances'] },
  'imprivata-digicert-hosts': { kind: 'items', list: ['firewall', 'allowlist'] },
  'imprivata-smtp-oauth2': { kind: 'section', key: 'smtp', branch: 'oauth2' },
  'imprivata-smtp-basic': { kind: 'section', key: 'smtp', branch: 'basic' },
  'imprivata-idp-entra': { kind: 'section', key: 'identityProvider', branch: 'entra-id' },
  'imprivata-idp-saml': { kind: 'section', key: 'identityProvider', branch: 'saml' },
  'imprivata-idp-directory': { kind: 'section', key: 'identityProvider', branch: 'imprivata-directory' },
};

interface SnippetFileEntry {
  prefix: string;
  description?: string;
  body: string | string[];
}

let snippets: SectionSnippet[] | undefined;

/** Every snippet of the file that has a place, in file order. */
export function sectionSnippets(): readonly SectionSnippet[] {
  snippets ??= Object.entries(snippetsJson as Record<string, SnippetFileEntry>).flatMap(([name, entry]) => {
    const place = SNIPPET_PLACES[entry.prefix];
    if (!place) return [];
    const body = Array.isArray(entry.body) ? entry.body : entry.body.split('\n');
    return [{ name, prefix: entry.prefix, description: entry.description ?? name, body, place }];
  });
  return snippets;
}

/** The snippet file's entries by prefix, placed or not (for the tests that keep the table complete). */
export function snippetPrefixes(): string[] {
  return Object.values(snippetsJson as Record<string, SnippetFileEntry>).map((entry) => entry.prefix);
}

/** `${1:Example Health}` -> `Example Health`, `${2|us,eu|}` -> `us`, `$0` -> ``, `\$` -> `$`, `\}` -> `}`: the text a snippet inserts by default. */
export function snippetDefaults(text: string): string {
  let previous: string;
  let current = text;
  // Placeholders may nest; replace from the inside out.
  do {
    previous = current;
    current = current.replace(/\$\{\d+\|([^,|}]*)[^}]*\|\}/g, '$1').replace(/\$\{\d+:([^${}]*)\}/g, '$1');
  } while (current !== previous);
  const mirrors = new Map<string, string>();
  for (const match of text.matchAll(/\$\{(\d+):([^${}]*)\}/g)) if (!mirrors.has(match[1])) mirrors.set(match[1], match[2]);
  for (const match of text.matchAll(/\$\{(\d+)\|([^,|}]*)/g)) if (!mirrors.has(match[1])) mirrors.set(match[1], match[2]);
  return current
    .replace(/(?<!\\)\$\{(\d+)\}|(?<!\\)\$(\d+)/g, (_, a: string | undefined, b: string | undefined) => mirrors.get(a ?? b ?? '') ?? '')
    .replace(/\\([\\$}])/g, '$1');
}

/**
 * Re-indents a body written with two spaces per level to `step` spaces per level. The two columns after a list
 * dash are the item's own alignment, not a level, and stay two.
 */
export function reindent(body: readonly string[], step: number): string[] {
  if (step === 2) return [...body];
  const stack: { from: number; to: number }[] = [{ from: 0, to: 0 }];
  let previous: { from: number; to: number; dash: boolean } | undefined;
  return body.map((line) => {
    const from = line.length - line.trimStart().length;
    if (line.trim() === '') return line;
    while (stack.length > 1 && stack[stack.length - 1].from > from) stack.pop();
    let to: number;
    const top = stack[stack.length - 1];
    if (top.from === from) to = top.to;
    else if (previous?.dash && from === previous.from + 2) to = previous.to + 2;
    else to = top.to + step;
    if (top.from !== from) stack.push({ from, to });
    previous = { from, to, dash: line.trimStart().startsWith('- ') };
    return ' '.repeat(to) + line.trimStart();
  });
}

/** `imprivata.com` -> `imprivata.<suffix>` in a snippet line: the Imprivata hosts and URLs of the file's region. */
export function withRegion(line: string, suffix: string | undefined): string {
  if (!suffix || suffix === 'com') return line;
  // cloud.imprivata.com is global (seed 002), not region-bound.
  return line.replace(/\b((?:[\w${}:-]+\.)*)imprivata\.com\b/g, (whole: string, labels: string) =>
    labels === 'cloud.' ? whole : `${labels}imprivata.${suffix}`,
  );
}
