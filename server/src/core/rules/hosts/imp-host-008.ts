import { DIGICERT_HOSTS } from '../../domain/regions';
import { defineRule } from '../rule';
import type { RelatedSpan } from '../rule';
import { hostTallies } from '../../domain/host-tallies';
import { fixSpec, fixSpecs } from '../rule';
import { allowlistAnchor, insertEntries } from '../../yaml/allowlist-edits';
import type { NewEntry } from '../../yaml/allowlist-edits';

const LIST = DIGICERT_HOSTS.map((d) => `\`${d.host}\` (${d.protocol.toUpperCase()}, port ${d.port})`).join(', ');

export default defineRule({
  id: 'IMP-HOST-008',
  title: 'DigiCert outbound host missing for individual identity proofing',
  severity: 'error',
  docs: `Individual identity proofing with DigiCert needs the appliances to reach, through the firewall: ${LIST}.
Without them proofing cannot start, revocation checks fail, or new users' DigiCert metadata is never fetched. Each
missing host is one error, on the \`allowlist\` key.

Decisions: the rule applies only with \`identityProofing.mode: individual\`. When \`firewall.allowlist\` is absent the
errors go on the \`firewall\` key, and when \`firewall\` is absent on \`identityProofing.mode\`. A leading wildcard covers
every name below it on its own port and protocol: a bare \`*.digicert.com\` (HTTPS on 443) stands for
\`api.digicert.com\` and \`www.digicert.com\`, but not for \`ocsp.digicert.com\`, which needs plain HTTP on port 80, so
the OCSP host is still reported missing until an entry opens port 80 for it. An entry that IMP-HOST-006 reports as a
misspelling, or IMP-HOST-005 as a URL, counts as present, and a host listed with another port or protocol counts as
present too (IMP-HOST-010 reports the pair), so no problem is reported twice.`,
  fix: 'Add the missing host with its documented port and protocol, or all missing DigiCert hosts at once.',
  fixKind: 'safe',
  check(ctx) {
    const { doc, model, report } = ctx;
    if (!doc.root || !model.individualProofing) return;
    const tallies = hostTallies(ctx.model);
    const missing = DIGICERT_HOSTS.filter((d) => tallies.claims('digicert', d.host) === 0);
    if (missing.length === 0) return;
    const mode = doc.scalar(['identityProofing', 'mode']);
    const modeSpan = mode ? doc.span(mode) : undefined;
    const span = allowlistAnchor(doc, modeSpan);
    if (!span) return;
    const related: RelatedSpan[] | undefined =
      modeSpan && (modeSpan.start !== span.start || modeSpan.end !== span.end)
        ? [{ span: modeSpan, message: 'Individual identity proofing with DigiCert needs these outbound hosts.' }]
        : undefined;
    const toEntry = (d: (typeof DIGICERT_HOSTS)[number]): NewEntry => ({ host: d.host, port: d.port, protocol: d.protocol });
    const all =
      missing.length > 1
        ? fixSpec(`Add all ${missing.length} missing DigiCert hosts`, [insertEntries(doc, missing.map(toEntry))])
        : undefined;
    for (const d of missing) {
      report({
        span,
        message: `The firewall allowlist is missing \`${d.host}\`, ${d.protocol.toUpperCase()} on port ${d.port} — ${d.why}. Individual identity proofing with DigiCert needs it: add it to \`firewall.allowlist\`.`,
        related,
        fixes: fixSpecs(
          fixSpec(`Add \`${d.host}\` (${d.protocol.toUpperCase()} ${d.port}) to the allowlist`, [insertEntries(doc, [toEntry(d)])], true),
          all,
        ),
      });
    }
  },
});
