import { IMPRIVATA_DOMAIN } from '../../domain/regions';
import { defineRule } from '../rule';
import type { FixSpec } from '../rule';
import { hostContext, hostEntryAt } from '../../domain/hosts';
import { textSubSpan } from '../../yaml/spans';

const PLACEHOLDER = /<[^<>]*>/g;

export default defineRule({
  id: 'IMP-HOST-002',
  title: 'Placeholder left in a host',
  severity: 'error',
  docs: `The vendor's list writes the tenant host as \`<tenantID>.sys.imprivata.com\`; \`<tenantID>\` (like any \`<...>\`)
is a placeholder for your own value, not part of a host name. Left in the allowlist, the firewall allows a name that
does not exist and the real tenant host stays blocked.

Each placeholder is reported at its own columns. The quick fix replaces a tenant placeholder (the first label of a
\`.sys.\` host, or any placeholder naming the tenant) with \`enterprise.tenantId\`, and a placeholder in the suffix
position (\`imprivata.<suffix>\`) with the region's suffix, when those are known.

Decision: the rule checks the hosts of \`firewall.allowlist\` (the other host rules leave placeholder hosts to it).`,
  fix: 'Replace the placeholder with `enterprise.tenantId` (or the region suffix).',
  fixKind: 'safe',
  items: {
    list: ['firewall', 'allowlist'],
    check(ctx, index) {
      const { doc, report } = ctx;
      const host = hostEntryAt(ctx.model, index);
      if (!host || host.env || !host.placeholder) return;
      const analysis = hostContext(ctx.model);
      const value = host.value;
      const lower = value.toLowerCase();
      for (const match of value.matchAll(PLACEHOLDER)) {
        const start = match.index ?? 0;
        const end = start + match[0].length;
        const span = textSubSpan(doc, host.entry.hostSpan, value, start, end);
        const exact = span.end - span.start === match[0].length;
        const isTenantLabel = (start === host.parsed.hostStart && lower.startsWith('.sys.', end)) || /tenant/i.test(match[0]);
        const isSuffix =
          lower.slice(0, start).endsWith(`.${IMPRIVATA_DOMAIN}.`) && end >= host.parsed.hostEnd - (host.parsed.host.endsWith('.') ? 1 : 0);
        let fixes: FixSpec[] | undefined;
        let advice: string;
        if (isTenantLabel) {
          advice = analysis.tenant
            ? `Replace it with the tenant ID \`${analysis.tenant}\` (\`enterprise.tenantId\`).`
            : 'Replace it with your tenant ID, and set the same value as `enterprise.tenantId`.';
          if (analysis.tenant && exact)
            fixes = [
              {
                title: `Replace \`${match[0]}\` with \`${analysis.tenant}\``,
                edits: [{ span, newText: analysis.tenant }],
                preferred: true,
              },
            ];
        } else if (isSuffix) {
          advice = analysis.suffix
            ? `Replace it with the region's suffix \`${analysis.suffix}\`.`
            : "Replace it with your region's suffix (`com` for `us`, `eu` for `eu`).";
          if (analysis.suffix && exact)
            fixes = [
              {
                title: `Replace \`${match[0]}\` with \`${analysis.suffix}\``,
                edits: [{ span, newText: analysis.suffix }],
                preferred: true,
              },
            ];
        } else {
          advice = 'Replace it with the real value.';
        }
        report({
          span,
          message: `\`${match[0]}\` in \`${value.trim()}\` is a placeholder from the documentation, not part of a host name: the firewall would allow a name that does not exist and the real host stays blocked. ${advice}`,
          fixes,
        });
      }
    },
  },
});
