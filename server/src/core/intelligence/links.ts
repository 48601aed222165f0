/**
 * Document links: the logo and the SAML metadata file open the file they name (relative to the configuration);
 * http(s) URLs open in the browser; the rule IDs of `# imprivata-disable` comments open the rule's documentation.
 * Allowlist hosts are not links (they are host names, not pages), nor is anything holding an `${env:}` reference.
 * Pure: paths are computed, never read.
 */
import * as path from 'node:path';
import { isMap, isScalar, isSeq } from 'yaml';
import type { Pair, Scalar } from 'yaml';
import type { ConfigDocument, Path } from '../document';
import { keyName } from '../document';
import { ruleById, ruleDocsUrl } from '../rules';
import type { Span } from '../types';
import { hasEnvReference } from '../values';
import { patternOf } from './key-facts';
import type { DocumentLink } from './types';

/** Keys whose value names a file next to the configuration. */
const FILE_KEYS: Readonly<Record<string, string>> = {
  'cloudPlatform.logo': 'Open the logo',
  'identityProvider.metadataFile': 'Open the SAML metadata file',
};

/** Sections whose values are never links (host names, not pages). */
const NOT_LINKS = new Set(['firewall']);

const URL_VALUE = /^https?:\/\/[^\s"'<>]+$/i;
const SUPPRESSION = /#\s*imprivata-disable(?:-next-line)?\b([^\n]*)/g;
const RULE_ID = /\bIMP-[A-Z]+-\d{3}\b/g;

export function documentLinks(doc: ConfigDocument): DocumentLink[] {
  const links: DocumentLink[] = [];
  const visit = (node: unknown, at: Path, depth: number): void => {
    if (depth > 64) return;
    if (isMap(node)) {
      for (const pair of node.items as Pair<unknown, unknown>[]) {
        const name = keyName(pair);
        if (name === undefined || (at.length === 0 && NOT_LINKS.has(name))) continue;
        visit(pair.value, [...at, name], depth + 1);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, index) => visit(item, [...at, index], depth + 1));
    } else if (isScalar(node) && typeof node.value === 'string') {
      const link = scalarLink(doc, node, at);
      if (link) links.push(link);
    }
  };
  visit(doc.yaml?.contents, [], 0);
  links.push(...suppressionLinks(doc));
  return links.sort((a, b) => a.span.start - b.span.start);
}

function scalarLink(doc: ConfigDocument, node: Scalar, at: Path): DocumentLink | undefined {
  const value = (node.value as string).trim();
  if (value === '' || hasEnvReference(value)) return undefined;
  const span = contentSpan(doc, node);
  if (!span) return undefined;
  const fileTooltip = FILE_KEYS[patternOf(at)];
  if (fileTooltip) {
    if (!doc.filePath || URL_VALUE.test(value)) return undefined;
    const target = path.resolve(path.dirname(doc.filePath), value);
    return { span, target: { kind: 'file', path: target }, tooltip: `${fileTooltip} (${value})` };
  }
  if (URL_VALUE.test(value)) return { span, target: { kind: 'url', url: value }, tooltip: 'Open the URL' };
  return undefined;
}

/** The span of a scalar's text without its quotes and surrounding spaces, when it maps onto the source 1:1. */
function contentSpan(doc: ConfigDocument, node: Scalar): Span | undefined {
  const range = doc.nodeRange(node);
  if (!range) return undefined;
  const raw = doc.text.slice(range[0], range[1]);
  const value = node.value as string;
  const trimmed = value.trim();
  const inner = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE' ? 1 : 0;
  const at = raw.indexOf(trimmed, inner);
  if (at < 0 || node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED') return undefined;
  return { start: range[0] + at, end: range[0] + at + trimmed.length };
}

/** `# imprivata-disable-next-line IMP-HOST-004`: each known rule ID links to its documentation. */
function suppressionLinks(doc: ConfigDocument): DocumentLink[] {
  const links: DocumentLink[] = [];
  if (!doc.text.includes('imprivata-disable')) return links;
  for (const comment of doc.text.matchAll(SUPPRESSION)) {
    const listStart = (comment.index ?? 0) + comment[0].length - comment[1].length;
    for (const id of comment[1].matchAll(RULE_ID)) {
      const rule = ruleById(id[0]);
      if (!rule) continue;
      const start = listStart + (id.index ?? 0);
      links.push({
        span: { start, end: start + id[0].length },
        target: { kind: 'url', url: ruleDocsUrl(id[0]) },
        tooltip: `${id[0]}: ${rule.title}`,
      });
    }
  }
  return links;
}
