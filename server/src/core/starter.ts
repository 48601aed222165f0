/**
 * The starter configuration inserted into an empty file (IMP-DOC-004's quick fix): the head of the
 * "Imprivata enterprise skeleton" snippet in `snippets/`, with the snippet's tab stops replaced by their
 * defaults, so the fix and the snippet never disagree. Pure.
 */
import snippets from '../../../snippets/imprivata-enterprise.code-snippets.json';
import { snippetDefaults } from './intelligence/section-snippets';

const SKELETON = 'Imprivata enterprise skeleton';

let starter: string | undefined;

/** `version` and the `enterprise` block, one line each, joined with `eol`. */
export function starterConfiguration(eol = '\n'): string {
  starter ??= fromSnippet((snippets as Record<string, { body: string[] }>)[SKELETON]?.body ?? ['version: 1']);
  return starter.split('\n').join(eol);
}

function fromSnippet(body: string[]): string {
  const head: string[] = [];
  for (const line of body) {
    if (head.length > 0 && /^\S/.test(line) && !line.startsWith('enterprise:') && !line.startsWith('version:')) break;
    head.push(line);
  }
  // The snippet's own expansion (completion inserts the same text for a client without snippets).
  const lines = snippetDefaults(head.join('\n')).split('\n');
  while (lines.length && lines[lines.length - 1].trim() === '') lines.pop();
  return lines.join('\n') + '\n';
}
