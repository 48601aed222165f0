import { OCSP_TEST_HOST } from '../../domain/regions';
import { defineRule } from '../rule';
import type { RelatedSpan } from '../rule';
import { environmentOf, hostEntryAt } from '../../domain/hosts';
import { hostTallies } from '../../domain/host-tallies';
import { fixSpec, fixSpecs } from '../rule';
import { allowlistAnchor, insertEntries, removeItem } from '../../yaml/allowlist-edits';

export default defineRule({
  id: 'IMP-HOST-009',
  title: '`ocsptest.digicert.com` outside a test enterprise',
  severity: 'warning',
  docs: `\`${OCSP_TEST_HOST.host}\` is DigiCert's non-production OCSP server, for test computers in a non-production
enterprise (\`enterprise.environment: test\`) only. In a production enterprise it is a warning: the entry opens the
firewall for nothing the production appliances use. The quick fix removes it.

A test enterprise with individual identity proofing but without \`${OCSP_TEST_HOST.host}\` gets an information note
(on the \`allowlist\` key): if the host is blocked, the Admin Console may report the DigiCert service as down and
revocation checking will not occur, although nothing else breaks. The quick fix adds it (HTTP on port 80).

Decisions: a missing \`enterprise.environment\` means the schema's default, \`production\`. An environment given as an
\`\${env:}\` reference, or a value other than \`production\` and \`test\` (IMP-DOC-003), is not judged.`,
  fix: 'Remove `ocsptest.digicert.com` (production), or add it (test enterprise).',
  fixKind: 'safe',
  // ocsptest in a production enterprise, entry by entry.
  items: {
    list: ['firewall', 'allowlist'],
    check(ctx, index) {
      const { doc, report } = ctx;
      // By name (what the classification calls `known`), so that a changed region or tenant leaves it alone.
      const host = hostEntryAt(ctx.model, index);
      if (!host || host.env || host.placeholder || host.parsed.normalized !== OCSP_TEST_HOST.host) return;
      const { environment, span: environmentSpan } = environmentOf(doc);
      if (environment !== 'production') return;
      const related: RelatedSpan[] = [];
      if (environmentSpan) related.push({ span: environmentSpan, message: 'This is a production enterprise.' });
      else {
        const enterprise = doc.keySpan(['enterprise']);
        if (enterprise) related.push({ span: enterprise, message: 'No `environment` here: the default, `production`, applies.' });
      }
      const how = environmentSpan
        ? '`enterprise.environment` is `production`'
        : '`enterprise.environment` is not set, so the enterprise is a production one';
      report({
        span: host.entry.hostSpan,
        message: `\`${OCSP_TEST_HOST.host}\` is DigiCert's non-production OCSP server, for test enterprises only, but ${how}. Remove it, or set \`environment: test\` if this is a test enterprise.`,
        related: related.length ? related : undefined,
        fixes: fixSpecs(fixSpec(`Remove \`${OCSP_TEST_HOST.host}\``, [removeItem(doc, host.entry.index)], true)),
      });
    },
  },
  // A test enterprise without ocsptest: from the tallies, not the list.
  check(ctx) {
    const { doc, report, model } = ctx;
    if (!doc.root) return;
    const { environment, span: environmentSpan } = environmentOf(doc);
    if (environment !== 'test' || !model.individualProofing) return;
    if (hostTallies(model).claims('ocsp', OCSP_TEST_HOST.host) > 0) return;
    const mode = doc.scalar(['identityProofing', 'mode']);
    const span = allowlistAnchor(doc, mode ? doc.span(mode) : undefined);
    if (!span) return;
    report({
      span,
      severity: 'information',
      message: `This test enterprise does not allow \`${OCSP_TEST_HOST.host}\` (HTTP, port 80), DigiCert's non-production OCSP server for test computers. If it is blocked, the Admin Console may report the DigiCert service as down and revocation checks will be skipped; nothing else breaks. Add it to \`firewall.allowlist\` to have revocation checked.`,
      related: environmentSpan ? [{ span: environmentSpan, message: 'This is a test enterprise.' }] : undefined,
      fixes: fixSpecs(
        fixSpec(
          `Add \`${OCSP_TEST_HOST.host}\` (HTTP 80) to the allowlist`,
          [insertEntries(doc, [{ host: OCSP_TEST_HOST.host, port: OCSP_TEST_HOST.port, protocol: OCSP_TEST_HOST.protocol }])],
          true,
        ),
      ),
    });
  },
});
