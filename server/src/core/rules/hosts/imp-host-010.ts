import { DIGICERT_HOSTS, OCSP_TEST_HOST } from '../../domain/regions';
import type { HostRequirement } from '../../domain/regions';
import type { Span } from '../../types';
import { defineRule } from '../rule';
import type { FixSpec } from '../rule';
import type { ConfigDocument } from '../../document';
import { DEFAULT_PORT, DEFAULT_PROTOCOL, environmentOf, hostEntryAt, yamlHost } from '../../domain/hosts';
import type { HostEntry } from '../../domain/hosts';
import { insertLinesAtLineEnd, joinLines } from '../../yaml/edits';
import type { SpanEdit } from '../../yaml/edits';
import { scalarEntryToMapSpan } from '../../yaml/allowlist-edits';
import { column } from '../../yaml/spans';

const DOCUMENTED: readonly HostRequirement[] = [...DIGICERT_HOSTS, OCSP_TEST_HOST];

export default defineRule({
  id: 'IMP-HOST-010',
  title: 'Port or protocol contradicts the documented one',
  severity: 'warning',
  docs: `DigiCert documents one port and protocol per outbound host: ${DOCUMENTED.map((d) => `\`${d.host}\` ${d.protocol.toUpperCase()} ${d.port}`).join(', ')}.
OCSP is plain HTTP on port 80 by design (its answers are signed, and HTTPS would need a revocation check of its own),
so an OCSP entry on 443 leaves the real revocation traffic blocked; \`api.digicert.com\` over plain HTTP is never used.
The warning is on the contradicting \`port\` or \`protocol\` value, or on the host when the pair is implied (a bare host
means HTTPS on 443, \`http://\` means HTTP on 80).

Decisions: only exact entries of these hosts are judged (not wildcards that happen to cover them); the Imprivata Cloud
Platform hosts have no documented port, so they are not judged. A port or protocol written as an \`\${env:}\`
reference, or of the wrong type (IMP-DOC-003), is not judged. \`ocsptest.digicert.com\` in a production enterprise is
not judged either: IMP-HOST-009 asks for its removal.`,
  fix: 'Set the documented port and protocol (turning a bare host into the map form when the pair is not HTTPS 443).',
  fixKind: 'safe',
  items: {
    list: ['firewall', 'allowlist'],
    check(ctx, index) {
      const { doc, report } = ctx;
      const host = hostEntryAt(ctx.model, index);
      if (!host || host.env || host.port === undefined || host.protocol === undefined) return;
      const documented = DOCUMENTED.find((d) => d.host === host.parsed.normalized);
      if (!documented) return;
      // ocsptest in a production enterprise is to be removed (IMP-HOST-009): its port does not matter then.
      if (documented.host === OCSP_TEST_HOST.host && environmentOf(doc).environment === 'production') return;
      if (host.protocol !== 'http' && host.protocol !== 'https') return;
      const portWrong = host.port !== documented.port;
      const protocolWrong = host.protocol !== documented.protocol;
      if (!portWrong && !protocolWrong) return;

      const portKey = host.entry.form === 'map' && doc.has(['firewall', 'allowlist', index, 'port']);
      const protocolKey = host.entry.form === 'map' && doc.has(['firewall', 'allowlist', index, 'protocol']);
      let span: Span = host.entry.hostSpan;
      if (portWrong && !protocolWrong && portKey && host.entry.portSpan) span = host.entry.portSpan;
      else if (protocolWrong && !portWrong && protocolKey && host.entry.protocolSpan) span = host.entry.protocolSpan;
      const why = documented.host.startsWith('ocsp')
        ? 'OCSP is plain HTTP on port 80 by design, so revocation checks to any other port or protocol stay blocked'
        : 'the appliance uses only the documented port and protocol, which stays blocked';
      report({
        span,
        message: `\`${documented.host}\` is documented as ${documented.protocol.toUpperCase()} on port ${documented.port}, but this entry allows ${host.protocol.toUpperCase()} on port ${host.port}: ${why}. ${advice(documented)}`,
        fixes: pairFix(doc, host, documented),
      });
    },
  },
});

function pairFix(doc: ConfigDocument, host: HostEntry, documented: HostRequirement): FixSpec[] | undefined {
  const title = `Set ${documented.protocol.toUpperCase()} on port ${documented.port}`;
  const span = host.entry.hostSpan;
  const isDefault = documented.port === DEFAULT_PORT && documented.protocol === DEFAULT_PROTOCOL;
  if (host.entry.form === 'scalar') {
    if (isDefault) return [{ title, edits: [{ span, newText: yamlHost(documented.host) }], preferred: true }];
    const flow = doc.seq(['firewall', 'allowlist'])?.flow === true;
    const entrySpan = flow ? span : scalarEntryToMapSpan(doc, host.entry.index, span);
    if (!entrySpan) return undefined;
    const indent = ' '.repeat(column(doc, entrySpan.start));
    const newText = flow
      ? `{ host: ${yamlHost(documented.host)}, port: ${documented.port}, protocol: ${documented.protocol} }`
      : joinLines(doc, [
          `host: ${yamlHost(documented.host)}`,
          `${indent}port: ${documented.port}`,
          `${indent}protocol: ${documented.protocol}`,
        ]);
    return [{ title, edits: [{ span: entrySpan, newText }], preferred: true }];
  }
  const index = host.entry.index;
  const edits: SpanEdit[] = [];
  const additions: string[] = [];
  const setKey = (key: 'port' | 'protocol', value: string | number, valueSpan: Span | undefined, isDefaultValue: boolean) => {
    if (doc.has(['firewall', 'allowlist', index, key])) {
      if (valueSpan) edits.push({ span: valueSpan, newText: String(value) });
    } else if (!isDefaultValue) {
      additions.push(`${key}: ${value}`);
    }
  };
  if (host.port !== documented.port || (!doc.has(['firewall', 'allowlist', index, 'port']) && documented.port !== DEFAULT_PORT)) {
    setKey('port', documented.port, host.entry.portSpan, documented.port === DEFAULT_PORT);
  }
  if (
    host.protocol !== documented.protocol ||
    (!doc.has(['firewall', 'allowlist', index, 'protocol']) && documented.protocol !== DEFAULT_PROTOCOL)
  ) {
    setKey('protocol', documented.protocol, host.entry.protocolSpan, documented.protocol === DEFAULT_PROTOCOL);
  }
  // The host itself may carry a scheme or port (IMP-HOST-005); its value is left alone here.
  if (additions.length) {
    const mapNode = doc.map(['firewall', 'allowlist', index]);
    const hostKey = doc.keySpan(['firewall', 'allowlist', index, 'host']);
    if (!mapNode || !hostKey) return undefined;
    if (mapNode.flow) {
      edits.push({ span: { start: span.end, end: span.end }, newText: additions.map((a) => `, ${a}`).join('') });
    } else {
      const indent = ' '.repeat(column(doc, hostKey.start));
      edits.push(
        insertLinesAtLineEnd(
          doc,
          span.end,
          additions.map((a) => `${indent}${a}`),
        ),
      );
    }
  }
  return edits.length ? [{ title, edits, preferred: true }] : undefined;
}

function advice(documented: HostRequirement): string {
  if (documented.port === DEFAULT_PORT && documented.protocol === DEFAULT_PROTOCOL) {
    return `Write the bare host \`${documented.host}\` (a bare host means ${DEFAULT_PROTOCOL.toUpperCase()} on ${DEFAULT_PORT}), or set \`port: ${documented.port}\` and \`protocol: ${documented.protocol}\`.`;
  }
  return `Set \`port: ${documented.port}\` and \`protocol: ${documented.protocol}\`.`;
}
