import { defineRule } from '../rule';
import { hostContext, hostItemAt } from '../../domain/hosts';
import { textSubSpan } from '../../yaml/spans';

export default defineRule({
  id: 'IMP-HOST-003',
  title: 'Tenant host does not match the tenant ID',
  severity: 'error',
  docs: `The tenant host is \`<tenantID>.sys.imprivata.<suffix>\`: its first label is the tenant ID. A \`.sys.\` host whose
first label differs from \`enterprise.tenantId\` lets the appliances reach a host that is not yours, while your tenant
host stays blocked.

The error marks the first label; the quick fix rewrites it to the tenant ID.

Decisions: the rule needs a usable \`enterprise.tenantId\` (present, not an \`\${env:}\` reference or a \`<...>\`
placeholder). Names are compared without regard to case. A label within two edits of \`astra\` (and nearer to it than
to the tenant ID), such as \`asta.sys\`, is taken as a misspelling of \`astra.sys\` and left to IMP-HOST-006.
Placeholders are IMP-HOST-002's.`,
  fix: 'Rewrite the first label to `enterprise.tenantId`.',
  fixKind: 'unsafe',
  items: {
    list: ['firewall', 'allowlist'],
    check(ctx, index) {
      const { doc, report } = ctx;
      const tenant = hostContext(ctx.model).tenant;
      if (!tenant) return;
      const item = hostItemAt(ctx.model, index);
      if (!item) return;
      const { host, classification: c } = item;
      if (c.kind !== 'cloud' || c.role !== 'tenant' || !c.wrongTenant) return;
      const tenantNode = doc.scalar(['enterprise', 'tenantId']);
      const label = c.prefix.split('.')[0];
      const start = host.parsed.hostStart;
      const span = textSubSpan(doc, host.entry.hostSpan, host.value, start, start + label.length);
      const exact = span.end - span.start === label.length;
      const written = host.parsed.host;
      const rewritten = `${tenant}${written.slice(label.length)}`;
      report({
        span,
        message: `The tenant host \`${written}\` starts with \`${written.slice(0, label.length)}\`, but \`enterprise.tenantId\` is \`${tenant}\`. The tenant host is \`<tenantID>.sys.imprivata.<suffix>\`, so this entry allows another tenant's host and yours stays blocked. Rewrite it to \`${rewritten}\`.`,
        related: tenantNode ? [{ span: doc.span(tenantNode), message: 'The tenant ID the tenant host must start with.' }] : undefined,
        fixes: exact ? [{ title: `Rewrite to \`${rewritten}\``, edits: [{ span, newText: tenant }], preferred: true }] : undefined,
      });
    },
  },
});
