/**
 * The Markdown that documents one key, shared by hover and completion: what it is (from the schema, for the branch
 * the document chose), the values it takes, its default, where it is found or set in the Imprivata consoles, and
 * the rules that check it, linked to docs/rules.md. Never a value from the document: a secret is never shown. Pure.
 */
import type { ConfigDocument, Path } from '../document';
import { REGION_SUFFIX } from '../domain/regions';
import { ruleById, ruleDocsUrl } from '../rules';
import { describePath } from '../schema';
import { factsOf } from './key-facts';
import { closedValues, lookup, typeWords } from './schema-lookup';
import type { Lookup } from './schema-lookup';
import { secretEnvName } from '../rules/secrets/secret-keys';

/** IMP-NOTE-004 (a documentation rule): the notification defaults are shown on hover and in completions. */
const NOTIFICATION_DEFAULTS = 'IMP-NOTE-004';

export function keyDocumentation(doc: ConfigDocument, path: Path): string | undefined {
  const found = lookup(doc, path);
  if (!found) return undefined;
  const { schema } = found;
  const lines: string[] = [];
  const type = typeWords(schema);
  lines.push(`**\`${describePath(path)}\`**${type ? ` · ${type}` : ''}`);
  const branch = branchNote(found);
  if (branch) lines.push('', branch);
  if (schema.description) lines.push('', markdownText(schema.description));

  const facts: string[] = [];
  const allowed = closedValues(doc, path);
  if (allowed?.length) facts.push(`Allowed values: ${allowed.map(code).join(', ')}`);
  else if (isRegion(path)) {
    facts.push(
      `Known regions: ${Object.entries(REGION_SUFFIX)
        .map(([region, suffix]) => `${code(region)} (hosts end in \`.${suffix}\`)`)
        .join(', ')}`,
    );
  }
  if (schema.default !== undefined && typeof schema.default !== 'object') {
    const note = path[0] === 'notifications' && path[path.length - 1] === 'enabled' ? ` (${NOTIFICATION_DEFAULTS})` : '';
    facts.push(`Default: ${code(String(schema.default))}${describeDefault(schema.default)}${note}`);
  }
  if (schema['x-imprivata-secret']) {
    const name = secretEnvName(path.map((s) => (typeof s === 'number' ? '*' : s)));
    facts.push(`Suggested reference: ${code(`\${env:${name ?? 'IMPRIVATA_...'}}`)}`);
  }
  const keyFacts = factsOf(path, innermostBranch(found));
  if (keyFacts?.where) facts.push(`Where: ${markdownText(keyFacts.where)}`);
  if (facts.length) lines.push('', ...facts.map((f, i) => (i < facts.length - 1 ? `${f}  ` : f)));
  if (keyFacts?.rules.length) lines.push('', `Checked by: ${keyFacts.rules.map(ruleLink).join(', ')}`);
  return lines.join('\n');
}

function isRegion(path: Path): boolean {
  return path.length === 2 && path[0] === 'enterprise' && path[1] === 'region';
}

function describeDefault(value: unknown): string {
  if (value === true) return ' (on)';
  if (value === false) return ' (off)';
  return '';
}

/** `Under smtp.mode: oauth2.` or `Used when type is entra-id or saml.` */
function branchNote(found: Lookup): string | undefined {
  if (found.onlyIn) {
    return `Used when \`${found.onlyIn.key}\` is ${found.onlyIn.values.map(code).join(' or ')}.`;
  }
  const choice = found.chosen[found.chosen.length - 1];
  if (!choice) return undefined;
  return `Under \`${describePath([...choice.path, choice.key])}: ${choice.value}\`.`;
}

export function innermostBranch(found: Lookup): string | undefined {
  return found.chosen[found.chosen.length - 1]?.value;
}

/** `[IMP-HOST-004](…#imp-host-004) (title)`. */
export function ruleLink(id: string): string {
  const rule = ruleById(id);
  return rule ? `[${id}](${ruleDocsUrl(id)}) ${markdownText(rule.title)}` : id;
}

export function code(text: string): string {
  const fence = text.includes('`') ? '``' : '`';
  return `${fence}${text}${fence}`;
}

/** Text for Markdown: characters Markdown would read as markup are escaped, except inside `code` spans. */
export function markdownText(text: string): string {
  return text
    .split(/(`[^`]*`)/)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(/([\\*_<[\]])/g, '\\$1')))
    .join('');
}
