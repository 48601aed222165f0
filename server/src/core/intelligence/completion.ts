/**
 * Completion, from the schema and the document, never from a list per position: the keys the mapping at the cursor
 * may still take (branch-aware), the values a key takes (enums, booleans, the region table, defaults), the hosts
 * the allowlist still lacks (this file's tenant and region applied, missing ones first), and the section snippets of
 * snippets/ where their section belongs. Works on an empty file, an empty mapping, in a list, on a partial word. Pure.
 */
import { stringify } from 'yaml';
import type { ConfigDocument, Path } from '../document';
import { REGION_SUFFIX } from '../domain/regions';
import { yamlHost } from '../domain/hosts';
import { secretEnvName } from '../rules/secrets/secret-keys';
import { modelOf } from '../model';
import { analysisOf, hostCandidates, isHostListed } from './allowlist-hosts';
import type { HostCandidate } from './allowlist-hosts';
import { cursorAt } from './cursor';
import type { Cursor } from './cursor';
import { code, keyDocumentation, markdownText } from './key-docs';
import { patternOf } from './key-facts';
import { branchingOf, chosenBranch, closedValues, isBlock, keyOptions, lookup, typeWords, typesOf } from './schema-lookup';
import type { KeyOption, SchemaNode } from './schema-lookup';
import { reindent, sectionSnippets, snippetDefaults, withRegion } from './section-snippets';
import type { SectionSnippet } from './section-snippets';
import type { CompletionItem, CompletionList } from './types';

/**
 * Keys whose documented examples are the values people choose from (not sample data such as `example.org`): they
 * are offered as values.
 */
const EXAMPLES_AS_VALUES = new Set([
  'identityProvider.nameIdFormat',
  'smtp.port',
  'directory.extendedAttributes.*.name',
  'directory.extendedAttributes.*.meaning',
]);

export function complete(doc: ConfigDocument, offset: number): CompletionList {
  const cursor = cursorAt(doc, offset);
  const step = indentStep(doc);
  switch (cursor.kind) {
    case 'key':
      return { items: [...keyItems(doc, cursor, cursor.container, step), ...sectionItems(doc, cursor, step)] };
    case 'empty':
      if (cursor.containerKind === 'list') return { items: listItems(doc, cursor, step) };
      return {
        items: [...documentItems(doc, cursor), ...keyItems(doc, cursor, cursor.container, step), ...sectionItems(doc, cursor, step)],
      };
    case 'value':
      return { items: valueItems(doc, cursor) };
    case 'item':
      return { items: listItems(doc, cursor, step) };
    default:
      return { items: [] };
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Keys

function keyItems(doc: ConfigDocument, cursor: Cursor, mapPath: Path, step: number): CompletionItem[] {
  const options = keyOptions(doc, mapPath).filter((o) => !cursor.siblings.has(o.key));
  return options.map((option, index) => {
    const insert = keyInsertText(doc, cursor, mapPath, option, step);
    const path = [...mapPath, option.key];
    const detail = [typeWords(option.schema), option.required ? 'required' : undefined, defaultWords(option.schema), onlyInWords(option)]
      .filter(Boolean)
      .join(' · ');
    return {
      label: option.key,
      kind: 'key',
      detail,
      documentation: keyDocumentation(doc, path),
      insertText: insert.text,
      snippet: insert.snippet,
      replace: cursor.word,
      filterText: option.key,
      sortText: `${option.discriminator ? 0 : option.required ? 1 : option.onlyIn ? 3 : 2}-${pad(index)}`,
      preselect: option.discriminator || undefined,
    };
  });
}

function defaultWords(schema: SchemaNode): string | undefined {
  return schema.default !== undefined && typeof schema.default !== 'object' ? `default ${String(schema.default)}` : undefined;
}

function onlyInWords(option: KeyOption): string | undefined {
  return option.onlyIn ? `${option.onlyIn.key}: ${option.onlyIn.values.join(' | ')}` : undefined;
}

/**
 * `key: ` and what the value needs: a choice of the closed values, a nested block for a mapping (its discriminator,
 * or its required keys), `- ` for a list, an `${env:}` reference for a secret.
 */
function keyInsertText(
  doc: ConfigDocument,
  cursor: Cursor,
  mapPath: Path,
  option: KeyOption,
  step: number,
): { text: string; snippet: boolean } {
  const key = yamlKey(option.key);
  if (cursor.colonFollows) return { text: key, snippet: false };
  const path = [...mapPath, option.key];
  // Lines after the first are indented relative to the line's own indentation (the editor adds it).
  const child = ' '.repeat(cursor.column - cursor.lineIndent + step);
  const block = isBlock(option.schema);
  if (block === 'map') return { text: `${key}:${blockBody(doc, path, option.schema, child, step)}`, snippet: true };
  if (block === 'list') {
    const item = option.schema.items;
    const first = item && isBlock(item) === 'map' ? (item.required?.[0] ?? Object.keys(item.properties ?? {})[0]) : undefined;
    return { text: `${key}:\n${child}- ${first ? `${yamlKey(first)}: ` : ''}$1`, snippet: true };
  }
  if (option.schema['x-imprivata-secret']) {
    const name = secretEnvName(path.map((s) => (typeof s === 'number' ? '*' : s)));
    if (name) return { text: `${key}: ${escapeSnippet(`\${env:${name}}`)}`, snippet: true };
  }
  const values = suggestedValues(doc, path, option.schema);
  const closed = values.filter((v) => v.closed);
  if (closed.length > 1) return { text: `${key}: \${1|${closed.map((v) => escapeChoice(v.text)).join(',')}|}`, snippet: true };
  const preferred = values.find((v) => v.preferred) ?? (values.length === 1 ? values[0] : undefined);
  if (preferred) return { text: `${key}: \${1:${escapeSnippet(preferred.text)}}`, snippet: true };
  return { text: `${key}: $0`, snippet: true };
}

/** The lines under a mapping key: the discriminator as a choice, else the required keys, else one empty line. */
function blockBody(doc: ConfigDocument, path: Path, schema: SchemaNode, child: string, step: number, depth = 0): string {
  const branching = branchingOf(schema);
  if (branching) return `\n${child}${yamlKey(branching.key)}: \${1|${branching.values.map(escapeChoice).join(',')}|}`;
  const properties = Object.entries(schema.properties ?? {});
  const required = schema.required ?? [];
  if (required.length) return required.map((k, i) => `\n${child}${yamlKey(k)}: $${i + 1}`).join('');
  if (properties.length === 1 && depth < 3) {
    const [key, only] = properties[0];
    const deeper = child + ' '.repeat(step);
    if (isBlock(only) === 'map') return `\n${child}${yamlKey(key)}:${blockBody(doc, [...path, key], only, deeper, step, depth + 1)}`;
    if (isBlock(only) === 'list') return `\n${child}${yamlKey(key)}:\n${deeper}- $1`;
  }
  return `\n${child}$0`;
}

// ---------------------------------------------------------------------------------------------------------------
// Values

interface ValueSuggestion {
  /** The value as YAML text. */
  text: string;
  kind: CompletionItem['kind'];
  detail?: string;
  documentation?: string;
  /** One of a closed set (an enum, a branch, true/false). */
  closed?: boolean;
  /** The default, or the one value the guides prescribe. */
  preferred?: boolean;
}

function valueItems(doc: ConfigDocument, cursor: Cursor): CompletionItem[] {
  const path = cursor.path;
  if (isAllowlistHostPath(path)) return hostItems(doc, cursor, 'value');
  const found = lookup(doc, path);
  if (!found || isBlock(found.schema)) return [];
  const lead = cursor.needsSpace ? ' ' : '';
  return suggestedValues(doc, path, found.schema).map((value, index) => ({
    label: value.text,
    kind: value.kind,
    detail: value.detail,
    documentation: value.documentation,
    insertText: lead + value.text,
    snippet: false,
    replace: cursor.word,
    filterText: lead + value.text,
    sortText: `${value.preferred ? 0 : 1}-${pad(index)}`,
    preselect: value.preferred || undefined,
  }));
}

/** The values the schema and the domain suggest for a key, the default or prescribed one marked. */
function suggestedValues(doc: ConfigDocument, path: Path, schema: SchemaNode): ValueSuggestion[] {
  const out: ValueSuggestion[] = [];
  const add = (value: unknown, suggestion: Omit<ValueSuggestion, 'text'>): void => {
    const text = yamlScalar(value);
    if (!out.some((o) => o.text === text)) out.push({ text, ...suggestion });
  };
  const pattern = patternOf(path);
  const fallback = schema.default;
  const closed = closedValues(doc, path);
  if (closed) {
    for (const value of closed) {
      add(schema.enum ? schemaValue(schema.enum, value) : value, { kind: 'enum', closed: true, preferred: value === String(fallback) });
    }
  } else if (typesOf(schema).length === 1 && typesOf(schema)[0] === 'boolean') {
    const ordered = fallback === false ? [false, true] : [true, false];
    for (const value of ordered)
      add(value, { kind: 'boolean', closed: true, preferred: value === fallback, detail: value === fallback ? 'default' : undefined });
  }
  if (schema['x-imprivata-secret']) {
    const name = secretEnvName(path.map((s) => (typeof s === 'number' ? '*' : s)));
    if (name) {
      add(`\${env:${name}}`, {
        kind: 'reference',
        preferred: true,
        detail: 'environment variable',
        documentation: `A secret is never written in the file: the appliance reads it from the environment variable ${code(name)} (IMP-SEC-001).`,
      });
    }
  }
  if (pattern === 'enterprise.region') {
    for (const [region, suffix] of Object.entries(REGION_SUFFIX)) {
      add(region, { kind: 'enum', closed: true, preferred: region === fallback, detail: `hosts end in .${suffix}` });
    }
  }
  if (pattern === 'identityProvider.signOnUrl') {
    const suffix = analysisOf(doc).suffix;
    if (suffix) {
      add(`https://access.imprivata.${suffix}`, {
        kind: 'value',
        preferred: true,
        detail: 'the Access Management portal of the region',
        documentation: `The Sign on URL of the Imprivata Access Management portal in this file's region (${code(`.${suffix}`)}), IMP-IDP-007.`,
      });
    }
  }
  if (
    pattern === 'identityProvider.adminGroups.attributeName' &&
    chosenBranch(doc, ['identityProvider'], lookupRoot(doc, ['identityProvider']))?.value === 'entra-id'
  ) {
    for (const example of schema.examples ?? []) {
      add(example, {
        kind: 'value',
        preferred: true,
        detail: 'the Entra ID groups claim',
        documentation: markdownText(schema.description ?? ''),
      });
    }
  }
  if (EXAMPLES_AS_VALUES.has(pattern)) {
    const examples = orderedExamples(doc, path, schema);
    for (const example of examples) add(example, { kind: 'value', preferred: example === fallback });
  }
  if (fallback !== undefined && typeof fallback !== 'object' && !schema['x-imprivata-secret'] && pattern !== 'identityProvider.signOnUrl') {
    add(fallback, { kind: 'value', preferred: true, detail: 'default' });
  }
  return out;
}

function lookupRoot(doc: ConfigDocument, path: Path): SchemaNode {
  return lookup(doc, path)?.schema ?? {};
}

/** An enum member as the schema types it (a number stays a number). */
function schemaValue(values: unknown[], text: string): unknown {
  return values.find((v) => String(v) === text) ?? text;
}

/** The examples; an attribute's meaning that pairs with the name written beside it comes first. */
function orderedExamples(doc: ConfigDocument, path: Path, schema: SchemaNode): unknown[] {
  const examples = [...(schema.examples ?? [])];
  if (patternOf(path) !== 'directory.extendedAttributes.*.meaning') return examples;
  const nameSchema = lookup(doc, [...path.slice(0, -1), 'name'])?.schema;
  const name = doc.string([...path.slice(0, -1), 'name'])?.trim();
  const index = (nameSchema?.examples ?? []).findIndex((n) => n === name);
  if (index > 0 && index < examples.length) examples.unshift(...examples.splice(index, 1));
  return examples;
}

// ---------------------------------------------------------------------------------------------------------------
// Lists

/** At a list item (`    - |`) or an empty line under a list: the item's keys, hosts, or values, and item snippets. */
function listItems(doc: ConfigDocument, cursor: Cursor, step: number): CompletionItem[] {
  const list = cursor.kind === 'empty' ? cursor.path : cursor.container;
  if (isAllowlistPath(list)) return [...hostItems(doc, cursor, 'item'), ...itemSnippetItems(doc, cursor, list)];
  const items = lookup(doc, list)?.schema.items;
  if (!items) return [];
  const dash = cursor.kind === 'empty' ? '- ' : cursor.needsSpace ? ' ' : '';
  if (isBlock(items) === 'map') {
    // The first key of a mapping item: its keys (the dash is typed, or inserted with them).
    const itemPath = cursor.kind === 'empty' ? [...list, itemCount(doc, list)] : cursor.path;
    const keyCursor: Cursor = cursor.kind === 'empty' ? { ...cursor, column: cursor.column + 2 } : { ...cursor, column: cursor.column };
    const keys = keyItems(doc, keyCursor, itemPath, step).map((item) => ({
      ...item,
      insertText: dash + item.insertText,
      filterText: dash + (item.filterText ?? item.label),
    }));
    return [...keys, ...itemSnippetItems(doc, cursor, list)];
  }
  const values = suggestedValues(doc, [...list, 0], items);
  return values.map((value, index) => ({
    label: value.text,
    kind: value.kind,
    detail: value.detail,
    insertText: dash + value.text,
    snippet: false,
    replace: cursor.word,
    filterText: dash + value.text,
    sortText: pad(index),
  }));
}

function itemCount(doc: ConfigDocument, list: Path): number {
  return doc.seq(list)?.items.length ?? 0;
}

function isAllowlistPath(path: Path): boolean {
  return path.length === 2 && path[0] === 'firewall' && path[1] === 'allowlist';
}

function isAllowlistHostPath(path: Path): boolean {
  return path.length === 4 && isAllowlistPath(path.slice(0, 2)) && typeof path[2] === 'number' && path[3] === 'host';
}

/**
 * The allowlist hosts this file still lacks: the missing ones first (what IMP-HOST-001 / -008 report), then those
 * an entry stands for in a form the rules report (a misspelling, another suffix). A host with another port or
 * protocol than HTTPS on 443 is inserted with its `port:` and `protocol:` where an item is started.
 */
function hostItems(doc: ConfigDocument, cursor: Cursor, at: 'item' | 'value'): CompletionItem[] {
  const candidates = hostCandidates(doc).filter((c) => !c.listed);
  const ordered = [...candidates.filter((c) => c.missing), ...candidates.filter((c) => !c.missing)];
  const dash = cursor.kind === 'empty' ? '- ' : cursor.needsSpace ? ' ' : '';
  const rel = cursor.kind === 'empty' ? 2 : cursor.column - cursor.lineIndent;
  return ordered.map((candidate, index) => {
    const name = yamlHost(candidate.host);
    const plain = candidate.port === 443 && candidate.protocol === 'https';
    const indent = ' '.repeat(rel);
    const text =
      at === 'value' || plain ? name : `host: ${name}\n${indent}port: ${candidate.port}\n${indent}protocol: ${candidate.protocol}`;
    return {
      label: candidate.host,
      kind: 'host',
      detail: `${candidate.missing ? 'missing · ' : ''}${candidate.protocol.toUpperCase()} ${candidate.port} · ${candidate.rule}`,
      documentation: hostDocumentation(candidate),
      insertText: dash + (at === 'value' ? name : text),
      snippet: false,
      replace: cursor.word,
      filterText: dash + name,
      sortText: `${candidate.missing ? 0 : 1}-${pad(index)}`,
      preselect: index === 0 || undefined,
    };
  });
}

function hostDocumentation(candidate: HostCandidate): string {
  return [
    `**${markdownText(candidate.host)}**: ${markdownText(candidate.purpose)}.`,
    '',
    `${candidate.protocol.toUpperCase()} on port ${candidate.port}.${candidate.missing ? ` Missing from the allowlist (${candidate.rule}).` : ''}`,
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------------------------
// Section snippets

/** An empty file: the whole skeleton. */
function documentItems(doc: ConfigDocument, cursor: Cursor): CompletionItem[] {
  if (cursor.container.length > 0 || !isEmptyDocument(doc)) return [];
  return sectionSnippets()
    .filter((s) => s.place.kind === 'document')
    .map((snippet) => snippetItem(snippet, snippet.body, cursor, '0'));
}

function isEmptyDocument(doc: ConfigDocument): boolean {
  for (let line = 0; line < doc.lines.lineCount; line++) {
    const text = doc.lines.lineText(line).trim();
    if (text !== '' && !text.startsWith('#') && text !== '---') return false;
  }
  return true;
}

/**
 * A section's snippets: at the top level while the section is absent (`smtp:` and its lines), or inside the
 * section's mapping while it is still empty (its lines only).
 */
function sectionItems(doc: ConfigDocument, cursor: Cursor, step: number): CompletionItem[] {
  if (cursor.colonFollows) return [];
  const suffix = analysisOf(doc).suffix;
  const out: CompletionItem[] = [];
  for (const snippet of sectionSnippets()) {
    if (snippet.place.kind !== 'section') continue;
    const key = snippet.place.key;
    const body = reindent(snippet.body, step).map((line) => withRegion(line, suffix));
    if (cursor.container.length === 0 && cursor.column === 0 && !cursor.siblings.has(key)) {
      out.push(snippetItem(snippet, body, cursor, '4', key));
    } else if (cursor.container.length === 1 && cursor.container[0] === key && cursor.siblings.size === 0) {
      const inner = body.slice(1).map((line) => line.slice(step));
      out.push(snippetItem(snippet, inner, cursor, '4', inner[0]?.trim().split(':')[0]));
    }
  }
  return out;
}

/** The item snippets of a list: an appliance; the DigiCert hosts not yet listed. */
function itemSnippetItems(doc: ConfigDocument, cursor: Cursor, list: Path): CompletionItem[] {
  const out: CompletionItem[] = [];
  for (const snippet of sectionSnippets()) {
    if (snippet.place.kind !== 'items' || patternOf(snippet.place.list) !== patternOf(list)) continue;
    let body = [...snippet.body];
    if (isAllowlistPath(list)) {
      // The DigiCert hosts are needed for individual proofing only (IMP-HOST-008).
      if (!modelOf(doc).individualProofing) continue;
      body = unlistedItems(doc, body);
      if (body.length === 0) continue;
    }
    // After a typed dash, the body's first dash is the one typed.
    if (cursor.kind === 'item') body[0] = (cursor.needsSpace ? ' ' : '') + body[0].replace(/^- /, '');
    out.push(snippetItem(snippet, body, cursor, '5'));
  }
  return out;
}

/** The items of an allowlist snippet whose host the allowlist does not already let through. */
function unlistedItems(doc: ConfigDocument, body: string[]): string[] {
  const items: string[][] = [];
  for (const line of body) {
    if (line.startsWith('- ') || items.length === 0) items.push([line]);
    else items[items.length - 1].push(line);
  }
  return items
    .filter((lines) => {
      const first = snippetDefaults(lines[0]).replace(/^- (?:host:\s*)?/, '');
      const host = String(yamlValue(first));
      return !isHostListed(doc, host);
    })
    .flat();
}

function snippetItem(snippet: SectionSnippet, body: readonly string[], cursor: Cursor, group: string, filter?: string): CompletionItem {
  return {
    label: snippet.name,
    kind: 'snippet',
    detail: snippet.prefix,
    documentation: `${markdownText(snippet.description)}\n\n\`\`\`yaml\n${body.map(snippetDefaults).join('\n')}\n\`\`\``,
    insertText: body.join('\n'),
    snippet: true,
    replace: cursor.word,
    filterText: `${filter ?? ''} ${snippet.prefix}`.trim(),
    sortText: `${group}-${snippet.prefix}`,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Text

/** The document's indentation step: the first nested line's indentation (2 when there is none). */
export function indentStep(doc: ConfigDocument): number {
  const match = /^[^\s#-][^\n]*:[ \t]*(?:#[^\n]*)?\r?\n(?:[ \t]*(?:#[^\n]*)?\r?\n)*( +)\S/m.exec(doc.text);
  const step = match ? match[1].length : 2;
  return step >= 1 && step <= 8 ? step : 2;
}

/** A value as YAML writes it on the key's line: quoted only when plain text would be read otherwise. */
function yamlScalar(value: unknown): string {
  return stringify(value, { lineWidth: 0 }).trimEnd();
}

function yamlValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function yamlKey(key: string): string {
  return /^[A-Za-z_][\w-]*$/.test(key) ? key : JSON.stringify(key);
}

function escapeSnippet(text: string): string {
  return text.replace(/[\\$}]/g, '\\$&');
}

function escapeChoice(text: string): string {
  return text.replace(/[\\$}|,]/g, '\\$&');
}

function pad(n: number): string {
  return String(n).padStart(3, '0');
}
