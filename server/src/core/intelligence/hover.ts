/**
 * Hover: on a key or its value, the key's documentation (key-docs.ts) for the branch the document chose; on an
 * allowlist host, what the host is for and its documented port and protocol; on one group ID of
 * `adminGroups.attributeValue`, which item it is and whether it is a valid object ID. Never shows a value the
 * document holds under a secret key. Pure.
 */
import { isScalar } from 'yaml';
import type { ConfigDocument, Path } from '../document';
import { describePath } from '../schema';
import { hasEnvReference, isGuid, splitCommaList } from '../values';
import { textSubSpan } from '../yaml/spans';
import { hostFacts } from './allowlist-hosts';
import { nodeAt } from './cursor';
import { code, keyDocumentation, markdownText, ruleLink } from './key-docs';
import { chosenBranch, lookup } from './schema-lookup';
import type { HoverResult } from './types';

export function hover(doc: ConfigDocument, offset: number): HoverResult | undefined {
  const at = nodeAt(doc, offset);
  if (!at) return undefined;
  const { path, span } = at;
  if (at.on === 'value') {
    const entry = allowlistEntryOf(path);
    if (entry !== undefined) {
      const contents = hostHover(doc, entry);
      if (contents) return { contents, span };
    }
    if (isGroupList(path)) {
      const group = groupHover(doc, path, offset);
      if (group) return group;
    }
  }
  const contents = keyDocumentation(doc, path);
  return contents ? { contents, span } : undefined;
}

/** The allowlist index of a host value: `firewall.allowlist[i]` or `firewall.allowlist[i].host`. */
function allowlistEntryOf(path: Path): number | undefined {
  if (path[0] !== 'firewall' || path[1] !== 'allowlist' || typeof path[2] !== 'number') return undefined;
  if (path.length === 3 || (path.length === 4 && path[3] === 'host')) return path[2];
  return undefined;
}

function hostHover(doc: ConfigDocument, index: number): string | undefined {
  const facts = hostFacts(doc, index);
  if (!facts) return undefined;
  const lines = [`**${markdownText(facts.host)}**`];
  if (facts.known) {
    lines.push(
      '',
      `${capital(markdownText(facts.known.purpose))}.`,
      '',
      `Documented: ${facts.known.protocol.toUpperCase()} on port ${facts.known.port}. Required by ${ruleLink(facts.known.rule)}.`,
    );
  }
  if (facts.note) lines.push('', facts.note);
  return lines.join('\n');
}

function isGroupList(path: Path): boolean {
  return describePath(path) === 'identityProvider.adminGroups.attributeValue';
}

/** One group ID of the comma-separated list: which item it is, whether it is a GUID, an empty item or a repeat. */
function groupHover(doc: ConfigDocument, path: Path, offset: number): HoverResult | undefined {
  const node = doc.node(path);
  if (!isScalar(node) || typeof node.value !== 'string' || hasEnvReference(node.value)) return undefined;
  const value = node.value;
  const valueSpan = doc.span(node);
  const items = splitCommaList(value);
  const spans = items.map((item) => textSubSpan(doc, valueSpan, value, item.start, item.end));
  // Offsets map onto the source only for a plain or simply quoted value; otherwise the whole value is about the list.
  if (spans.some((s) => s.start === valueSpan.start && s.end === valueSpan.end) && items.length > 1) return undefined;
  const index = spans.findIndex((s) => offset >= s.start && offset <= s.end);
  if (index < 0) return undefined;
  const item = items[index];
  const type = chosenBranch(doc, ['identityProvider'], lookup(doc, ['identityProvider'])?.schema ?? {})?.value;
  const lines = [`**Admin group ${index + 1} of ${items.length}**${item.text ? `: ${code(item.text)}` : ''}`, ''];
  if (item.text === '') {
    lines.push(`An empty item: a leading, trailing or double comma (${ruleLink('IMP-IDP-010')}).`);
  } else {
    const first = items.findIndex((other) => sameGroup(other.text, item.text));
    if (first < index) lines.push(`The same group as item ${first + 1} (${ruleLink('IMP-IDP-010')}).`, '');
    if (isGuid(item.text)) lines.push('A valid object ID (a GUID).');
    else if (type === 'entra-id') {
      lines.push(
        `Not an object ID: Entra ID sends group object IDs (GUIDs, 8-4-4-4-12 hexadecimal digits), never group names. Copy it from Entra ID > Manage > Groups > All groups (${ruleLink('IMP-IDP-011')}).`,
      );
    } else {
      lines.push(
        `Not a GUID. With a SAML identity provider other group ID forms exist; a group name is not one (${ruleLink('IMP-IDP-012')}).`,
      );
    }
  }
  return { contents: lines.join('\n'), span: spans[index] };
}

function sameGroup(a: string, b: string): boolean {
  return isGuid(a) && isGuid(b) ? a.toLowerCase() === b.toLowerCase() : a === b;
}

function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
