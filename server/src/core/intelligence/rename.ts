/**
 * Rename of the tenant ID: `enterprise.tenantId` and the first label of the tenant host in the allowlist
 * (`<tenantID>.sys.imprivata.<suffix>`) change together, so IMP-HOST-003 never finds them apart. Started from either
 * place. Anything else is refused with a sentence that says what can be renamed. Pure.
 */
import { isScalar } from 'yaml';
import type { Scalar } from 'yaml';
import type { ConfigDocument } from '../document';
import { IMPRIVATA_DOMAIN } from '../domain/regions';
import { parseHost, yamlHost } from '../domain/hosts';
import { textSubSpan } from '../yaml/spans';
import type { Span } from '../types';
import { hasEnvReference } from '../values';
import { modelOf } from '../model';
import { normalized } from './allowlist-hosts';
import { nodeAt } from './cursor';
import type { PrepareRenameResult, RenameEdit, RenameRefusal } from './types';

const TENANT_PATH = ['enterprise', 'tenantId'];
const LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
const WHAT_RENAMES =
  'Rename works on `enterprise.tenantId`, or on the tenant ID in the tenant host of the allowlist; both change together.';

interface TenantPlaces {
  tenant: string;
  /** The tenant ID's text in `enterprise.tenantId` (without quotes), when it maps onto the source. */
  tenantSpan: Span;
  /** Replace the whole value instead (quotes, escapes): the span of the value. */
  tenantWhole: boolean;
  hosts: { host: string; label: Span; whole?: Span; line: number }[];
  /** What the cursor is on. */
  target: Span;
}

export function prepareRename(doc: ConfigDocument, offset: number): PrepareRenameResult | RenameRefusal {
  const places = tenantPlaces(doc, offset);
  if ('refused' in places) return places;
  const line = doc.lines.position(places.tenantSpan.start).line + 1;
  const changes = [`\`enterprise.tenantId\` (line ${line})`];
  for (const host of places.hosts) changes.push(`the tenant host \`${host.host}\` in the allowlist (line ${host.line + 1})`);
  return { span: places.target, placeholder: places.tenant, changes };
}

export function rename(doc: ConfigDocument, offset: number, newName: string): RenameEdit[] | RenameRefusal {
  const places = tenantPlaces(doc, offset);
  if ('refused' in places) return places;
  const name = newName.trim();
  if (!LABEL.test(name)) {
    return {
      refused: `\`${name}\` cannot be a tenant ID: it is the first label of the host \`<tenantID>.sys.${IMPRIVATA_DOMAIN}.<suffix>\`, so it takes letters, digits and hyphens only (1 to 63, not starting or ending with a hyphen).`,
    };
  }
  if (name === places.tenant) return [];
  const edits: RenameEdit[] = [
    {
      span: places.tenantSpan,
      newText: places.tenantWhole ? JSON.stringify(name) : name,
      label: 'Tenant ID (`enterprise.tenantId`)',
    },
  ];
  for (const host of places.hosts) {
    const label = `Tenant host in the allowlist: \`${host.host}\``;
    if (host.whole) {
      edits.push({ span: host.whole, newText: yamlHost(name.toLowerCase() + host.host.slice(places.tenant.length)), label });
    } else {
      edits.push({ span: host.label, newText: name.toLowerCase(), label });
    }
  }
  return edits;
}

function tenantPlaces(doc: ConfigDocument, offset: number): TenantPlaces | RenameRefusal {
  const node = doc.node(TENANT_PATH);
  const at = nodeAt(doc, offset);
  const onTenantKey = at !== undefined && at.path.length === 2 && at.path[0] === TENANT_PATH[0] && at.path[1] === TENANT_PATH[1];
  if (!isScalar(node) || typeof node.value !== 'string' || node.value.trim() === '') {
    return { refused: onTenantKey ? '`enterprise.tenantId` has no value to rename yet: write the tenant ID first.' : WHAT_RENAMES };
  }
  if (hasEnvReference(node.value)) {
    return {
      refused:
        '`enterprise.tenantId` is an `${env:}` reference: its value is known only when the appliance reads it, so it cannot be renamed here.',
    };
  }
  const tenant = node.value.trim();
  const tenantText = textSpan(doc, node);
  const hosts = tenantHosts(doc, tenant);
  let target: Span | undefined;
  if (onTenantKey) target = tenantText.span;
  else {
    const host = hosts.find((h) => offset >= h.label.start && offset <= h.label.end && !h.whole);
    if (host) target = host.label;
  }
  if (!target) return { refused: WHAT_RENAMES };
  return { tenant, tenantSpan: tenantText.span, tenantWhole: tenantText.whole, hosts, target };
}

/** The tenant ID's text in its scalar: the characters themselves, or (with escapes) the whole quoted value. */
function textSpan(doc: ConfigDocument, node: Scalar): { span: Span; whole: boolean } {
  const span = doc.span(node);
  const raw = doc.text.slice(span.start, span.end);
  const value = node.value as string;
  const trimmed = value.trim();
  const quoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE';
  const inner = quoted ? raw.slice(1, -1) : raw;
  if (inner === value) {
    const lead = value.length - value.trimStart().length;
    const start = span.start + (quoted ? 1 : 0) + lead;
    return { span: { start, end: start + trimmed.length }, whole: false };
  }
  return { span, whole: true };
}

/** The allowlist entries that are this tenant's host: `<tenant>.sys.imprivata.<suffix>`, any suffix. */
function tenantHosts(doc: ConfigDocument, tenant: string): TenantPlaces['hosts'] {
  const lower = tenant.toLowerCase();
  const shape = new RegExp(`^${escapeRegExp(lower)}\\.sys\\.${IMPRIVATA_DOMAIN}\\.[a-z0-9.-]+$`);
  const out: TenantPlaces['hosts'] = [];
  for (const entry of modelOf(doc).allowlist) {
    const node = doc.node(entry.form === 'map' ? ['firewall', 'allowlist', entry.index, 'host'] : ['firewall', 'allowlist', entry.index]);
    if (!isScalar(node) || typeof node.value !== 'string' || hasEnvReference(node.value)) continue;
    const host = normalized(node.value);
    if (!shape.test(host)) continue;
    const valueSpan = doc.span(node);
    const from = parseHost(node.value).hostStart;
    const label = textSubSpan(doc, valueSpan, node.value, from, from + tenant.length);
    const exact = doc.text.slice(label.start, label.end).toLowerCase() === lower;
    out.push({
      host,
      label: exact ? label : valueSpan,
      whole: exact ? undefined : valueSpan,
      line: doc.lines.position(valueSpan.start).line,
    });
  }
  return out;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
