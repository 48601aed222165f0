import { isAlias, isScalar } from 'yaml';
import type { Node } from 'yaml';
import { describePath } from '../../schema';
import { hasEnvReference } from '../../values';
import { trimSpanEnd } from '../../yaml/spans';
import { defineRule } from '../rule';
import { expandPattern, secretKeys } from './secret-keys';

/** A value that is only a placeholder such as `<client secret>`: IMP-HOST-002's business, not a real secret. */
const WHOLE_PLACEHOLDER = /^\s*<[^<>]*>\s*$/;

export default defineRule({
  id: 'IMP-SEC-001',
  title: 'Literal secret in the file',
  severity: 'warning',
  docs: `Secrets belong outside the file: the SMTP password (\`smtp.password\`), the OAuth2 client secret
(\`smtp.secret\`), the Cloud Platform integration token (\`cloudPlatform.integrationToken\`) and the Imprivata
Directory admin password (\`identityProvider.adminPassword\`). A literal value is readable by everyone who can read
the file, its backups and its version-control history. Write an \`\${env:NAME}\` reference instead and set the
variable where the tool runs.

The list of secret keys is not kept in this rule: it is every property of the JSON Schema annotated
\`"x-imprivata-secret": true\`, so a new secret key is covered as soon as the schema marks it. A secret key is
checked wherever it appears, even as a key the current \`mode\` or \`type\` does not use (IMP-SMTP-001 /
IMP-IDP-001 report that): a literal secret is a leak either way.

The finding never contains the value (nor does any other output of this tool). Not reported: empty values (the
mode rules report missing ones), values containing an \`\${env:NAME}\` reference, and a bare placeholder such as
\`<secret>\` (IMP-HOST-002's concern). Variable names used by the quick fix: \`IMPRIVATA_SMTP_PASSWORD\`,
\`IMPRIVATA_SMTP_CLIENT_SECRET\`, \`IMPRIVATA_INTEGRATION_TOKEN\`, \`IMPRIVATA_DIRECTORY_ADMIN_PASSWORD\` (the
names the reference example uses); other secret keys get \`IMPRIVATA_<SECTION>_<KEY>\`.`,
  fix: 'Replace the literal with `${env:IMPRIVATA_...}` (the secret must then be set in that environment variable).',
  fixKind: 'unsafe',
  check({ doc, report }) {
    for (const secret of secretKeys()) {
      for (const path of expandPattern(doc, secret.pattern)) {
        const node = doc.node(path);
        if (!isScalar(node) || node.value === null || node.value === undefined) continue;
        // Any written value counts, also a number or a `!!binary` blob where text belongs: it is still a literal.
        const raw: unknown = node.value;
        const text = typeof raw === 'string' ? raw : typeof node.source === 'string' ? node.source : String(raw);
        if (text.trim() === '' || hasEnvReference(text) || WHOLE_PLACEHOLDER.test(text)) continue;
        // For an alias (`*name`), report and replace the alias, not the anchor it points to.
        const written = doc.pair(path)?.value as Node | null | undefined;
        const full = trimSpanEnd(doc, written && isAlias(written) ? doc.span(written) : doc.span(node));
        const span = { start: withTag(doc.text, full.start), end: full.end };
        const reference = `\${env:${secret.envName}}`;
        report({
          span,
          message: `\`${describePath(path)}\` holds a literal secret: anyone who can read this file, its backups or its version history can use it. Write \`${reference}\` instead, and set that environment variable where the tool runs.`,
          fixes: [{ title: `Replace with \`${reference}\``, edits: [{ span, newText: reference }], preferred: true }],
        });
      }
    }
  },
});

/** Moves a value's start back over an explicit tag (`!!binary value`), so the fix does not leave the tag behind. */
function withTag(text: string, start: number): number {
  const before = /(![^\s]*)([ \t]+)$/.exec(text.slice(Math.max(0, start - 200), start));
  return before ? start - before[0].length : start;
}
