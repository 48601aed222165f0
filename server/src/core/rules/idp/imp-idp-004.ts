import { isScalar } from 'yaml';
import type { FixSpec } from '../rule';
import { defineRule } from '../rule';
import { dnsNameProblem, hasEnvReference, hasPlaceholder } from '../../values';
import { isEmptyValue } from '../../document';
import { IDP, TYPE_LABEL, samlIdpType } from '../../domain/idp';
import { parseUrl } from '../../url-layout';
import { shown } from '../../value-words';
import { replaceScalarEdit } from '../../yaml/edits';
import { keyOrReportSpan, trimmedSpan } from '../../yaml/spans';

export default defineRule({
  id: 'IMP-IDP-004',
  title: 'Entra ID / SAML: organization domain and display name present',
  severity: 'error',
  docs: `For \`type: entra-id\` and \`type: saml\`, the Identity Provider Connect screen asks for "your organization's
domain and a user-friendly display name" (seed 000). Both are required:
- \`organizationDomain\` is a DNS name such as \`example.org\`: letters, digits and hyphens in dot-separated labels
  of at most 63 characters, at least two labels, no scheme, path, \`@\` or wildcard;
- \`displayName\` is any non-empty text.

Decisions: a URL (\`https://example.org/\`) or an email address (\`admin@example.org\`) in \`organizationDomain\` is
reported with a quick fix that keeps only the domain. A value that is not text (a number, \`true\`) is reported
here, since the schema leaves this value to this rule. \`\${env:NAME}\` references are not judged.`,
  fix: 'Keep only the domain when a URL or an email address was written in `organizationDomain`.',
  fixKind: 'safe',
  check(ctx) {
    const { doc, report } = ctx;
    const type = samlIdpType(ctx.doc, ctx.model);
    if (!type) return;
    const label = TYPE_LABEL[type];

    const domainPath = [...IDP, 'organizationDomain'];
    const domainNode = doc.node(domainPath);
    if (!doc.has(domainPath) || isEmptyValue(domainNode)) {
      report({
        span: keyOrReportSpan(doc, domainPath),
        message: doc.has(domainPath)
          ? `\`organizationDomain\` is empty. The ${label} set-up needs your organization's DNS domain (for example \`example.org\`).`
          : `\`identityProvider\` (\`type: ${type}\`) has no \`organizationDomain\`. The ${label} set-up needs your organization's DNS domain (for example \`example.org\`).`,
      });
    } else if (isScalar(domainNode)) {
      const value = domainNode.value;
      const span = trimmedSpan(doc, domainNode);
      if (typeof value !== 'string') {
        report({
          span,
          message: `\`organizationDomain\` is \`${String(value)}\`, which is not a domain. Write your organization's DNS domain, for example \`example.org\`.`,
        });
      } else if (!hasEnvReference(value) && !hasPlaceholder(value)) {
        const domain = value.trim();
        let cleaned: string | undefined;
        let problem: string | undefined;
        if (domain.includes('://')) {
          cleaned = parseUrl(domain)?.hostname;
          problem = 'is a URL, not a domain';
        } else if (domain.includes('@')) {
          cleaned = domain.slice(domain.lastIndexOf('@') + 1);
          problem = 'is an email address, not a domain';
        } else if (domain.includes('/')) {
          cleaned = domain.slice(0, domain.indexOf('/'));
          problem = 'contains a path';
        } else if (domain.startsWith('*.')) {
          cleaned = domain.slice(2);
          problem = 'is a wildcard, not a domain';
        } else {
          const dns = dnsNameProblem(domain);
          if (dns) problem = `is not a DNS name: ${dns}`;
          else if (!domain.replace(/\.$/, '').includes('.'))
            problem = "is a single label, but an organization's DNS domain has at least two";
        }
        if (problem) {
          const fixes: FixSpec[] = [];
          if (cleaned && dnsNameProblem(cleaned) === undefined && cleaned.includes('.')) {
            const edit = replaceScalarEdit(doc, domainNode, cleaned);
            if (edit) fixes.push({ title: `Change to \`${cleaned}\``, edits: [edit], preferred: true });
          }
          report({
            span,
            message: `\`organizationDomain\` "${shown(domain)}" ${problem}. Write your organization's DNS domain${cleaned ? `: \`${cleaned}\`` : ', such as `example.org`'}.`,
            fixes,
          });
        }
      }
    }

    const namePath = [...IDP, 'displayName'];
    const nameNode = doc.node(namePath);
    if (!doc.has(namePath) || isEmptyValue(nameNode)) {
      report({
        span: keyOrReportSpan(doc, namePath),
        message: doc.has(namePath)
          ? "`displayName` is empty. Give the identity provider a user-friendly display name (for example your organization's name): the set-up requires one."
          : `\`identityProvider\` (\`type: ${type}\`) has no \`displayName\`. Give the identity provider a user-friendly display name (for example your organization's name): the set-up requires one.`,
      });
    }
  },
});
