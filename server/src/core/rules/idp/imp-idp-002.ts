import * as path from 'node:path';
import { isScalar } from 'yaml';
import type { WorkspaceEntry } from '../rule';
import { defineRule } from '../rule';
import { hasEnvReference, hasPlaceholder } from '../../values';
import { IDP, idpType, isEmptyValue, keyOrParentSpan, shown, stringValue, wholeValueSpan } from './util';

/** A tenant ID that can be compared: known, not a reference, not a placeholder. Case-insensitive (a DNS label). */
function comparableTenant(tenant: string | undefined): string | undefined {
  const t = tenant?.trim();
  if (!t || hasEnvReference(t) || hasPlaceholder(t)) return undefined;
  return t.toLowerCase();
}

export default defineRule({
  id: 'IMP-IDP-002',
  title: 'Imprivata Directory domain present and not reused by another tenant',
  severity: 'error',
  docs: `With \`type: imprivata-directory\`, Imprivata is the internal IdP and \`directoryDomain\` names its
tenant-specific directory. Seed 000: "The domain name must be unique and cannot be reused across multiple tenants."

This rule reports:
- a missing or empty \`directoryDomain\` (without it the directory cannot be created, and the administrator's
  complete username, which includes the domain, is unknown);
- the same directory domain in another configuration file of the workspace that also uses
  \`imprivata-directory\` but belongs to a different \`enterprise.tenantId\`. Both files get the error (each on its own
  \`directoryDomain\`), with a link to the other file. Choose a different domain for one of the tenants. When
  several files clash, each finding links to the first of them by path and counts the others, so a workspace of
  many files sharing a domain gets one link per file, not one per pair.

Decisions: directory domains are compared case-insensitively, and so are tenant IDs (they are DNS labels of
\`<tenantID>.sys.imprivata.com\`). Two files with the same tenant ID and domain describe the same tenant and are
fine. When either tenant ID is missing, an \`\${env:NAME}\` reference or a \`<placeholder>\`, or the domain is a
reference, the rule stays silent: the clash cannot be proven offline.`,
  check(ctx) {
    const { doc, report, model, workspace } = ctx;
    if (idpType(ctx) !== 'imprivata-directory') return;
    const domainPath = [...IDP, 'directoryDomain'];
    const node = doc.node(domainPath);
    if (!doc.has(domainPath) || isEmptyValue(node)) {
      report({
        span: keyOrParentSpan(doc, domainPath),
        message: doc.has(domainPath)
          ? "`directoryDomain` is empty. Imprivata Directory needs its domain: it names the tenant's directory and is part of every username (for example `admin@examplehealth`). Choose one no other tenant uses."
          : "`identityProvider` (`type: imprivata-directory`) has no `directoryDomain`. Imprivata Directory needs its domain: it names the tenant's directory and is part of every username (for example `admin@examplehealth`). Choose one no other tenant uses.",
      });
      return;
    }
    const domain = stringValue(node)?.trim();
    if (!domain || hasEnvReference(domain) || hasPlaceholder(domain)) return;
    const tenant = comparableTenant(model.tenantId);
    if (!tenant) return;

    // One pass over the workspace, whatever its size: count the clashing files and keep the first by path, so the
    // finding (and a report over many files) grows by one link per file, not one per pair of files.
    let first: WorkspaceEntry | undefined;
    let count = 0;
    const wanted = domain.toLowerCase();
    for (const other of workspace) {
      if (other.identityProviderType !== 'imprivata-directory' || other.directoryDomain?.trim().toLowerCase() !== wanted) continue;
      const otherTenant = comparableTenant(other.tenantId);
      if (otherTenant === undefined || otherTenant === tenant) continue;
      count++;
      if (!first || other.filePath < first.filePath) first = other;
    }
    if (!first || !node) return;
    const firstName = path.basename(first.filePath) || first.filePath;
    const more = count > 1 ? ` and ${count - 1} other configuration file${count > 2 ? 's' : ''} of other tenants` : '';
    report({
      span: isScalar(node) ? wholeValueSpan(doc, node) : doc.span(node),
      message: `The Imprivata Directory domain \`${shown(domain)}\` is also used by tenant \`${shown(first.tenantId ?? '')}\` (${firstName})${more}. A directory domain is unique and cannot be reused across tenants, so setting up the second tenant with it fails. Choose a different \`directoryDomain\` for one of them.`,
      related: [
        {
          file: first.filePath,
          range: first.directoryDomainRange ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
          message: `tenant \`${shown(first.tenantId ?? '')}\` uses the directory domain \`${shown(first.directoryDomain ?? '')}\` here`,
        },
      ],
    });
  },
});
