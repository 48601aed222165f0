import { defineRule } from '../rule';
import { DEFAULT_PORT, DEFAULT_PROTOCOL, hostContext } from '../../domain/hosts';
import { hostTallies } from '../../domain/host-tallies';
import { fixSpec, fixSpecs } from '../rule';
import { allowlistAnchor, insertEntries } from '../../yaml/allowlist-edits';
import type { NewEntry } from '../../yaml/allowlist-edits';

export default defineRule({
  id: 'IMP-HOST-001',
  title: 'Imprivata Cloud Platform host missing from the allowlist',
  severity: 'error',
  docs: `The appliances reach the Imprivata Cloud Platform through six hosts, which the firewall allowlist must hold:
\`<tenantID>.sys\`, \`astra.sys\`, \`access\`, \`metadata.app\`, \`file-access.app\` and \`idp.app\`, each under
\`imprivata.\` and the region's suffix (\`.com\` for \`us\`, \`.eu\` for \`eu\`). A host that is not allowed makes the
Cloud Connect service fail to connect, so Access Management, the portal and Mobile EPCS do not work.

Each missing host is one error, reported on the \`allowlist\` key.

Decisions:
- The rule applies while \`cloudPlatform\` is configured (the connection these hosts serve).
- When \`firewall.allowlist\` is absent, the errors are reported on the \`firewall\` key; when \`firewall\` itself is
  absent, on the \`cloudPlatform\` key (the setting that needs the hosts).
- A missing \`enterprise.region\` means the schema's default region, \`us\`. An unknown region (reported by
  IMP-HOST-004) or one given as an \`\${env:}\` reference: this rule stays silent, since every one of the six hosts
  depends on the suffix.
- The tenant host is required only when \`enterprise.tenantId\` is known: not missing, not an \`\${env:}\` reference,
  not a \`<...>\` placeholder, and usable as a DNS label.
- A leading wildcard covers every name below it: \`*.sys.imprivata.com\` stands for the tenant host and
  \`astra.sys.imprivata.com\`.
- An entry that another rule reports as a variant of a host (wrong suffix, IMP-HOST-004; wrong tenant label,
  IMP-HOST-003; placeholder, IMP-HOST-002; misspelling, IMP-HOST-006; \`https://\` or a port, IMP-HOST-005) counts as
  that host, so the same problem is never reported twice.`,
  fix: 'Add the missing host to the allowlist, or all missing hosts at once (list items in the indentation of their siblings; a new `allowlist:` or `firewall:` block when there is none).',
  fixKind: 'safe',
  check(ctx) {
    const { doc, model, report } = ctx;
    if (!doc.root || !model.cloudPlatformConfigured) return;
    const analysis = hostContext(ctx.model);
    if (analysis.suffix === undefined || analysis.cloudHosts.length === 0) return;
    const tallies = hostTallies(ctx.model);
    const missing = analysis.cloudHosts.map((c) => c.host).filter((t) => tallies.claims('cloud', t) === 0);
    if (missing.length === 0) return;
    const span = allowlistAnchor(doc, doc.keySpan(['cloudPlatform']));
    if (!span) return;
    const toEntry = (host: string): NewEntry => ({ host, port: DEFAULT_PORT, protocol: DEFAULT_PROTOCOL });
    const all =
      missing.length > 1
        ? fixSpec(`Add all ${missing.length} missing Imprivata Cloud Platform hosts`, [insertEntries(doc, missing.map(toEntry))])
        : undefined;
    const regionNote =
      analysis.region.kind === 'default'
        ? ` (\`enterprise.region\` is not set, so the default region \`${analysis.region.region}\` applies)`
        : '';
    for (const host of missing) {
      const tenantNote =
        analysis.cloudHosts.find((c) => c.host === host)?.role === 'tenant' ? ', the tenant host of `enterprise.tenantId`' : '';
      report({
        span,
        message: `The firewall allowlist is missing \`${host}\`${tenantNote}${regionNote}. The appliances must reach all six Imprivata Cloud Platform hosts, or Cloud Connect cannot connect to the Cloud Platform. Add \`${host}\` to \`firewall.allowlist\`.`,
        fixes: fixSpecs(fixSpec(`Add \`${host}\` to the allowlist`, [insertEntries(doc, [toEntry(host)])], true), all),
      });
    }
  },
});
