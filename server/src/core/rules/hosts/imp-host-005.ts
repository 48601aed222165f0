import type { ConfigDocument } from '../../document';
import { defineRule } from '../rule';
import type { FixSpec } from '../rule';
import { DEFAULT_PORT, DEFAULT_PROTOCOL, documentedPair, hostEntryAt, hostNameProblem, yamlHost } from '../../domain/hosts';
import type { HostEntry } from '../../domain/hosts';
import { followingLines, joinLines } from '../../yaml/edits';
import { scalarEntryToMapSpan } from '../../yaml/allowlist-edits';
import { column, lineEndAfter } from '../../yaml/spans';

export default defineRule({
  id: 'IMP-HOST-005',
  title: 'Allowlist host is not a valid host name',
  severity: 'error',
  docs: `An allowlist entry is a bare DNS name: labels of 1-63 letters, digits and hyphens, not starting or ending with a
hyphen, at most 253 characters in all, optionally with a leading wildcard label (\`*.amazonaws.com\`). A scheme
(\`https://\`), a path, a port inside the string (\`host:8443\`) or spaces make a name the firewall cannot match.
A bare host means HTTPS on 443; another port or protocol goes in the map form (\`host\`, \`port\`, \`protocol\`).

Quick fixes: strip \`https://\` and the path; move a \`:port\` (or the port implied by \`http://\`) into \`port:\`,
turning a bare entry into the map form. Decisions: IP addresses are accepted; an entry with a \`<...>\` placeholder
is IMP-HOST-002's, and one with an \`\${env:}\` reference is not judged.`,
  fix: 'Strip `https://` and the path; move `:port` (and `http://`) into `port:` / `protocol:` in the map form.',
  fixKind: 'safe',
  items: {
    list: ['firewall', 'allowlist'],
    check(ctx, index) {
      const { report } = ctx;
      const host = hostEntryAt(ctx.model, index);
      if (!host || host.env || host.placeholder) return;
      const p = host.parsed;
      const shown = host.value.trim();
      if (shown === '') {
        report({ span: host.entry.hostSpan, message: 'This allowlist entry is empty. Write a host name, or remove the entry.' });
        return;
      }
      const extras: string[] = [];
      if (host.value !== shown) extras.push('spaces around the name');
      if (p.scheme !== undefined) extras.push(`a scheme (\`${p.scheme}://\`)`);
      if (p.port !== undefined) extras.push(p.port === '' ? 'an empty port (`:`)' : `a port (\`:${p.port}\`)`);
      if (p.path !== undefined) extras.push(`a path (\`${p.path.length > 30 ? p.path.slice(0, 30) + '…' : p.path}\`)`);
      const nameProblem = hostNameProblem(p);
      if (extras.length === 0 && nameProblem === undefined) return;
      const parts: string[] = [];
      if (extras.length) parts.push(`it carries ${joinWords(extras)}`);
      if (nameProblem) parts.push(extras.length ? `its host part is not a valid name: ${nameProblem}` : nameProblem);
      const advice = extras.length
        ? 'Write the bare host name: a bare host means HTTPS on 443, and another port or protocol goes in `port:` and `protocol:`.'
        : 'A host name is labels of 1-63 letters, digits and hyphens (not starting or ending with a hyphen), with at most a leading `*.` wildcard.';
      report({
        span: host.entry.hostSpan,
        message: `\`${host.value === shown ? shown : JSON.stringify(host.value)}\` is not a valid allowlist host: ${parts.join('; ')}. The firewall cannot match it. ${advice}`,
        fixes: nameProblem === undefined ? hostFixes(ctx.doc, host) : undefined,
      });
    },
  },
});

function hostFixes(doc: ConfigDocument, host: HostEntry): FixSpec[] | undefined {
  const p = host.parsed;
  const name = yamlHost(p.host);
  const explicitPort = p.port !== undefined && p.port !== '' ? Number(p.port) : undefined;
  // A host with a documented pair (DigiCert, ocsptest) gets that pair (IMP-HOST-010 would report anything else);
  // any other host keeps what the string says.
  const documented = documentedPair(p.normalized);
  const port = documented ? nonDefault(documented.port, DEFAULT_PORT) : (explicitPort ?? (p.scheme === 'http' ? 80 : undefined));
  const protocol = documented ? nonDefault(documented.protocol, DEFAULT_PROTOCOL) : p.scheme === 'http' ? 'http' : undefined;
  const span = host.entry.hostSpan;
  if (port === undefined && protocol === undefined) {
    const what = [
      p.raw !== p.raw.trim() ? 'the spaces' : undefined,
      p.scheme !== undefined ? `\`${p.scheme}://\`` : undefined,
      p.port !== undefined ? `\`:${p.port}\`` : undefined,
      p.path !== undefined ? 'the path' : undefined,
    ].filter((w): w is string => w !== undefined);
    const list = what.length > 1 ? `${what.slice(0, -1).join(', ')} and ${what[what.length - 1]}` : what[0];
    return [{ title: `Strip ${list}: \`${p.host}\``, edits: [{ span, newText: name }], preferred: true }];
  }
  const title = documented
    ? `Write \`${p.host}\` with ${documented.protocol.toUpperCase()} on port ${documented.port}, as documented`
    : `Move the port to \`port: ${port ?? DEFAULT_PORT}\`${protocol ? ` and \`protocol: ${protocol}\`` : ''}`;
  const keys: [string, string | number][] = [['host', name]];
  if (port !== undefined && port !== DEFAULT_PORT) keys.push(['port', port]);
  if (protocol !== undefined && protocol !== DEFAULT_PROTOCOL) keys.push(['protocol', protocol]);
  if (host.entry.form === 'scalar') {
    const seqFlow = isFlowList(doc);
    if (keys.length === 1) return [{ title: `Strip to \`${p.host}\``, edits: [{ span, newText: name }], preferred: true }];
    const entrySpan = seqFlow ? span : scalarEntryToMapSpan(doc, host.entry.index, span);
    if (!entrySpan) return undefined;
    const indent = ' '.repeat(column(doc, entrySpan.start));
    const newText = seqFlow
      ? `{ ${keys.map(([k, v]) => `${k}: ${v}`).join(', ')} }`
      : joinLines(
          doc,
          keys.map(([k, v], i) => `${i === 0 ? '' : indent}${k}: ${v}`),
        );
    return [{ title, edits: [{ span: entrySpan, newText }], preferred: true }];
  }
  // Map form: strip the host; add `port:` / `protocol:` when the entry has none (one edit, so edits never touch).
  const hostKey = doc.keySpan(['firewall', 'allowlist', host.entry.index, 'host']);
  const mapNode = doc.map(['firewall', 'allowlist', host.entry.index]);
  const additions = keys.slice(1).filter(([k]) => !doc.has(['firewall', 'allowlist', host.entry.index, k]));
  if (additions.length === 0 || !hostKey || !mapNode)
    return [{ title: `Strip to \`${p.host}\``, edits: [{ span, newText: name }], preferred: true }];
  if (mapNode.flow) {
    return [{ title, edits: [{ span, newText: name + additions.map(([k, v]) => `, ${k}: ${v}`).join('') }], preferred: true }];
  }
  const at = lineEndAfter(doc, span.end);
  const indent = ' '.repeat(column(doc, hostKey.start));
  const newText =
    name +
    doc.text.slice(span.end, at) +
    followingLines(
      doc,
      additions.map(([k, v]) => `${indent}${k}: ${v}`),
    );
  return [{ title, edits: [{ span: { start: span.start, end: at }, newText }], preferred: true }];
}

function isFlowList(doc: ConfigDocument): boolean {
  return doc.seq(['firewall', 'allowlist'])?.flow === true;
}

function nonDefault<T>(value: T, fallback: T): T | undefined {
  return value === fallback ? undefined : value;
}

function joinWords(words: string[]): string {
  return words.length > 1 ? `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}` : words[0];
}
