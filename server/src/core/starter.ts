/**
 * The starter configuration inserted into an empty file (IMP-DOC-004's quick fix): the head of the
 * "Imprivata enterprise skeleton" snippet in `snippets/`, with the snippet's tab stops replaced by their
 * defaults, so the fix and the snippet never disagree. Pure.
 */
import snippets from '../../../snippets/imprivata-enterprise.code-snippets.json';

const SKELETON = 'Imprivata enterprise skeleton';

let starter: string | undefined;

/** `version` and the `enterprise` block, one line each, joined with `eol`. */
export function starterConfiguration(eol = '\n'): string {
  starter ??= fromSnippet((snippets as Record<string, { body: string[] }>)[SKELETON]?.body ?? ['version: 1']);
  return starter.split('\n').join(eol);
}

function fromSnippet(body: string[]): string {
  const lines: string[] = [];
  for (const line of body) {
    if (lines.length > 0 && /^\S/.test(line) && !line.startsWith('enterprise:') && !line.startsWith('version:')) break;
    lines.push(withDefaults(line));
  }
  while (lines.length && lines[lines.length - 1].trim() === '') lines.pop();
  return lines.join('\n') + '\n';
}

/** `${1:Example Health}` -> `Example Health`, `${2|us,eu|}` -> `us`, `\${env:X}` -> `${env:X}`. */
function withDefaults(line: string): string {
  return line
    .replace(/\$\{\d+\|([^,|}]*)[^}]*\|\}/g, '$1')
    .replace(/\$\{\d+:([^}]*)\}/g, '$1')
    .replace(/\$\d+/g, '')
    .replace(/\\\$/g, '$');
}
