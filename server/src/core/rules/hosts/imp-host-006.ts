import { CLOUD_PLATFORM_HOSTS, DIGICERT_HOSTS, IMPRIVATA_DOMAIN, OCSP_TEST_HOST } from '../../domain/regions';
import { defineRule } from '../rule';
import { hostContext, hostItemAt, yamlHost } from '../../domain/hosts';
import { textSubSpan } from '../../yaml/spans';

const ASTRA_PREFIX = CLOUD_PLATFORM_HOSTS[1].split(`.${IMPRIVATA_DOMAIN}.`)[0];

export default defineRule({
  id: 'IMP-HOST-006',
  title: 'Allowlist host looks misspelt',
  severity: 'warning',
  docs: `An allowlist host within one or two edits (letters inserted, removed or changed) of a host the appliances need
is almost always a misspelling: the firewall then allows a name nobody uses and the real host stays blocked. The
warning names the likely intended host, and the quick fix replaces it.

Known hosts: the six Imprivata Cloud Platform hosts of the region (the tenant host too, when \`enterprise.tenantId\`
is known), the DigiCert hosts of individual identity proofing and \`${OCSP_TEST_HOST.host}\`. Host names are compared in
lower case, so a difference in case is not reported.

Decisions, so that no problem is reported twice: a host that is exactly known is never reported; a cloud host that
differs only in its suffix (\`astra.sys.imprivata.cm\`) is IMP-HOST-004's; a \`.sys.\` host whose first label differs
from the tenant ID is IMP-HOST-003's, unless the label is within two edits of \`astra\` and nearer to it than to the
tenant ID (\`asrta.sys.imprivata.com\`), which is reported here. With an unknown region, only the DigiCert hosts are
compared.`,
  fix: 'Replace the host with the suggested one ("did you mean").',
  fixKind: 'unsafe',
  items: {
    list: ['firewall', 'allowlist'],
    check(ctx, index) {
      const { doc, report } = ctx;
      const item = hostItemAt(ctx.model, index);
      if (!item) return;
      const { host, classification: c } = item;
      let suggestion: string | undefined;
      if (c.kind === 'typo') suggestion = c.suggestion;
      else if (c.kind === 'cloud' && c.astraTypo)
        suggestion = `${ASTRA_PREFIX}.${IMPRIVATA_DOMAIN}.${hostContext(ctx.model).suffix ?? c.suffix}`;
      if (suggestion === undefined) return;
      const p = host.parsed;
      const span = textSubSpan(doc, host.entry.hostSpan, host.value, p.hostStart, p.hostEnd);
      const exact = span.end - span.start === p.host.length;
      const wholeValue = host.value.trim() === p.host;
      const newText = exact ? suggestion : wholeValue ? yamlHost(suggestion) : undefined;
      report({
        span,
        message: `\`${p.host}\` looks like a misspelling of \`${suggestion}\`${purpose(suggestion)}: did you mean \`${suggestion}\`? A misspelt host leaves the real one blocked.`,
        fixes: newText !== undefined ? [{ title: `Change to \`${suggestion}\``, edits: [{ span, newText }], preferred: true }] : undefined,
      });
    },
  },
});

function purpose(host: string): string {
  const digicert = [...DIGICERT_HOSTS, OCSP_TEST_HOST].find((d) => d.host === host);
  if (digicert) return ` (${digicert.why})`;
  return ' (an Imprivata Cloud Platform host)';
}
