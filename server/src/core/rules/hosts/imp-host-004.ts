import { isScalar } from 'yaml';
import type { ConfigDocument } from '../../document';
import { IMPRIVATA_DOMAIN, REGION_SUFFIX, imprivataSuffix, isCloudPlatformHost } from '../../domain/regions';
import type { Span } from '../../types';
import { hasEnvReference } from '../../values';
import { defineRule } from '../rule';
import type { FixSpec, RelatedSpan } from '../rule';
import { hostContext, hostItemAt, parseHost } from '../../domain/hosts';
import { hostTallies } from '../../domain/host-tallies';
import type { ParsedHost } from '../../domain/hosts';
import { textSubSpan } from '../../yaml/spans';

interface Mismatch {
  where: string;
  written: string;
  suffix: string;
  span: Span;
  edit?: { span: Span; newText: string };
}

/** `https://access.imprivata.<any suffix>`, with at most a trailing slash: the portal URL of some region. */
const PORTAL_URL = new RegExp(`^https://access\\.${IMPRIVATA_DOMAIN}\\.[a-z0-9-]+(?:\\.[a-z0-9-]+)*/?$`, 'i');

const KNOWN = Object.entries(REGION_SUFFIX)
  .map(([region, suffix]) => `\`${region}\` (hosts end in \`.${suffix}\`)`)
  .join(', ');

export default defineRule({
  id: 'IMP-HOST-004',
  title: 'Cloud host suffix does not match the region',
  severity: 'error',
  docs: `Every Imprivata Cloud Platform host ends in the region's suffix: ${KNOWN}. The table lives in one place in
the code (\`regions.ts\`). A host under another suffix belongs to another region: the appliances would be allowed to
reach the wrong Cloud Platform while the right one stays blocked. A mix of suffixes is an error on each host that
disagrees with \`enterprise.region\`, with a related location pointing at the region.

Checked: the six cloud hosts of the allowlist (including \`*.sys.imprivata.<suffix>\` and \`*.app.imprivata.<suffix>\`
wildcards) and the host of \`identityProvider.signOnUrl\` (for Entra ID and SAML identity providers, when the URL is
the portal URL \`https://access.imprivata.<suffix>\` under another suffix; any other fault of the URL is IMP-IDP-007's,
so the same URL is never reported twice). \`cloud.imprivata.com\` is global, not region-bound.

A region the table does not know (or an empty or non-text region) is one warning on the region value, not an error,
and then no suffix is judged. Decision: a missing \`enterprise.region\` means the schema's default, \`us\`.`,
  fix: "Change the suffix to the region's (one host), or fix all disagreeing hosts at once.",
  fixKind: 'safe',
  check(ctx) {
    const { doc, report } = ctx;
    const analysis = hostContext(ctx.model);
    const region = analysis.region;
    if (region.kind === 'unknown') {
      report({
        span: region.span,
        severity: 'warning',
        message: `\`enterprise.region\` is ${region.shown}, which is not a known Imprivata Cloud Platform region. Known regions: ${KNOWN}. The suffix of the cloud hosts cannot be checked until the region is one of these.`,
      });
      return;
    }
    if (region.kind === 'env' || analysis.suffix === undefined) return;
    const expected = analysis.suffix;

    const mismatches: Mismatch[] = [];
    // Only the entries the tallies hold as under another suffix, in list order (not the whole list).
    for (const index of [...hostTallies(ctx.model).wrongSuffix].sort((a, b) => a - b)) {
      const item = hostItemAt(ctx.model, index);
      if (!item) continue;
      const { host, classification: c } = item;
      if (c.kind !== 'cloud' || !c.wrongSuffix) continue;
      mismatches.push(mismatch(doc, host.parsed, c.suffix, host.entry.hostSpan, host.value, '', expected));
    }
    // The sign-on URL of a SAML identity provider, when it is the portal URL under another suffix (any other
    // fault of the URL is IMP-IDP-007's, which leaves exactly this case to this rule).
    const signOn = doc.scalar(['identityProvider', 'signOnUrl']);
    const samlIdp = ctx.model.identityProviderType === 'entra-id' || ctx.model.identityProviderType === 'saml';
    if (
      samlIdp &&
      isScalar(signOn) &&
      typeof signOn.value === 'string' &&
      !hasEnvReference(signOn.value) &&
      PORTAL_URL.test(signOn.value.trim())
    ) {
      const parsed = parseHost(signOn.value);
      const suffix = imprivataSuffix(parsed.normalized);
      if (suffix !== undefined && isCloudPlatformHost(parsed.normalized) && suffix !== expected) {
        mismatches.push(mismatch(doc, parsed, suffix, doc.span(signOn), signOn.value, ' in `identityProvider.signOnUrl`', expected));
      }
    }
    if (mismatches.length === 0) return;

    const related: RelatedSpan[] = [];
    if (region.kind === 'known') {
      related.push({ span: region.span, message: `\`enterprise.region\` is \`${region.region}\`: its hosts end in \`.${expected}\`.` });
    } else {
      const enterprise = doc.keySpan(['enterprise']);
      if (enterprise) related.push({ span: enterprise, message: `No \`region\` here: the default region \`${region.region}\` applies.` });
    }
    const regionWords =
      region.kind === 'known'
        ? `\`enterprise.region\` is \`${region.region}\``
        : `\`enterprise.region\` is not set, so the default region \`${region.region}\` applies`;
    const edits = mismatches.map((m) => m.edit).filter((e): e is { span: Span; newText: string } => e !== undefined);
    const all: FixSpec | undefined =
      mismatches.length > 1 && edits.length > 1
        ? { title: `Change all ${edits.length} cloud hosts to \`.${expected}\``, edits }
        : undefined;
    for (const m of mismatches) {
      const fixes: FixSpec[] = [];
      if (m.edit) fixes.push({ title: `Change the suffix to \`.${expected}\``, edits: [m.edit], preferred: true });
      if (all) fixes.push(all);
      report({
        span: m.span,
        message: `\`${m.written}\`${m.where} ends in \`.${m.suffix}\`, but ${regionWords}, whose Imprivata Cloud Platform hosts end in \`.${expected}\`. A host under another suffix belongs to another region: the connection goes to the wrong Cloud Platform or is blocked. Change the suffix to \`.${expected}\`, or correct \`enterprise.region\`.`,
        related: related.length ? related : undefined,
        fixes: fixes.length ? fixes : undefined,
      });
    }
  },
});

function mismatch(
  doc: ConfigDocument,
  parsed: ParsedHost,
  suffix: string,
  valueSpan: Span,
  value: string,
  where: string,
  expected: string,
): Mismatch {
  const written = parsed.host.endsWith('.') ? parsed.host.slice(0, -1) : parsed.host;
  const span = textSubSpan(doc, valueSpan, value, parsed.hostStart, parsed.hostEnd);
  const suffixStart = parsed.hostStart + written.length - suffix.length;
  const suffixSpan = textSubSpan(doc, valueSpan, value, suffixStart, suffixStart + suffix.length);
  const exact = suffixSpan.end - suffixSpan.start === suffix.length && written.toLowerCase().endsWith(`.${IMPRIVATA_DOMAIN}.${suffix}`);
  return { where, written, suffix, span, edit: exact ? { span: suffixSpan, newText: expected } : undefined };
}
