import type { FixSpec } from '../rule';
import { defineRule } from '../rule';
import { hasEnvReference, hasPlaceholder } from '../../values';
import { stringValue } from '../../document';
import { IDP, idpType } from '../../domain/idp';
import { shown } from '../../value-words';
import { contentStart, exactSubSpan, trimmedSpan } from '../../yaml/spans';

/** Domains that can be written into a plain or quoted scalar without escaping. */
const SAFE_DOMAIN = /^[A-Za-z0-9][A-Za-z0-9.-]*$/;

export default defineRule({
  id: 'IMP-IDP-003',
  title: 'Imprivata Directory admin username includes the directory domain',
  severity: 'error',
  docs: `With \`type: imprivata-directory\`, the initial administrator signs in to the Imprivata Access Management
portal with the *complete* username, which includes the Imprivata Directory domain (seed 000: "note the complete
Imprivata username, which includes the Imprivata Directory domain"). A bare \`admin\` is not a username that can
sign in.

Decision: the seed does not document the exact syntax. Accepted are \`user@domain\` (the form of the reference
example, \`admin@examplehealth\`) and \`domain\\user\`, with the domain equal to \`directoryDomain\` (compared
case-insensitively). A username with a different domain (\`admin@otherhealth\`) is an error too. The rule stays
silent when \`adminUsername\` is absent (the initial administrator need not be recorded in the file), is not text
(IMP-DOC-003 reports that), or when either value is an \`\${env:NAME}\` reference or a placeholder.`,
  fix: 'Append `@<directoryDomain>` to the username (or replace the wrong domain with the directory domain).',
  fixKind: 'safe',
  check(ctx) {
    const { doc, report } = ctx;
    if (idpType(ctx.doc, ctx.model) !== 'imprivata-directory') return;
    const domain = stringValue(doc.node([...IDP, 'directoryDomain']))?.trim();
    const node = doc.scalar([...IDP, 'adminUsername']);
    const username = stringValue(node);
    if (!node || !domain || username === undefined || username.trim() === '') return;
    if ([domain, username].some((v) => hasEnvReference(v) || hasPlaceholder(v))) return;

    const user = username.trim();
    const offset = username.indexOf(user);
    const lower = domain.toLowerCase();
    const fixable = SAFE_DOMAIN.test(domain) && contentStart(doc, node) !== undefined;
    const span = trimmedSpan(doc, node);
    const at = user.lastIndexOf('@');
    const backslash = user.indexOf('\\');

    if (at !== -1) {
      const written = user.slice(at + 1);
      if (written.toLowerCase() === lower && at > 0) return;
      if (at === 0) {
        report({
          span,
          message: `\`adminUsername\` "${shown(user)}" has no user name before \`@\`. Write the complete username, the user name followed by \`@${domain}\` (for example \`admin@${domain}\`).`,
        });
        return;
      }
      const fixes: FixSpec[] = [];
      const domainSpan = exactSubSpan(doc, node, offset + at + 1, offset + user.length);
      if (fixable && domainSpan)
        fixes.push({
          title: `Use the directory domain: \`${user.slice(0, at)}@${domain}\``,
          edits: [{ span: domainSpan, newText: domain }],
          preferred: true,
          // Which domain is right, the username's or the directory's, is a person's call.
          kind: 'unsafe',
        });
      report({
        span: domainSpan ?? span,
        message: `\`adminUsername\` ends in \`@${shown(written)}\`, but the Imprivata Directory domain is \`${domain}\`. The complete username that signs in to the Access Management portal includes the directory domain: \`${shown(user.slice(0, at))}@${domain}\`.`,
        fixes,
      });
      return;
    }

    if (backslash !== -1) {
      const written = user.slice(0, backslash);
      const name = user.slice(backslash + 1);
      if (written.toLowerCase() === lower && name.length > 0) return;
      const fixes: FixSpec[] = [];
      const domainSpan = written.length > 0 ? exactSubSpan(doc, node, offset, offset + backslash) : undefined;
      if (fixable && domainSpan && name.length > 0)
        fixes.push({
          title: `Use the directory domain: \`${domain}\\${name}\``,
          edits: [{ span: domainSpan, newText: domain }],
          preferred: true,
          // Which domain is right, the username's or the directory's, is a person's call.
          kind: 'unsafe',
        });
      report({
        span: domainSpan ?? span,
        message:
          name.length === 0
            ? `\`adminUsername\` "${shown(user)}" has no user name after the backslash. Write the complete username, for example \`admin@${domain}\`.`
            : `\`adminUsername\` starts with the domain \`${shown(written)}\\\`, but the Imprivata Directory domain is \`${domain}\`. The complete username that signs in includes the directory domain: \`${domain}\\${shown(name)}\` (or \`${shown(name)}@${domain}\`).`,
        fixes,
      });
      return;
    }

    const end = contentStart(doc, node);
    const fixes: FixSpec[] =
      fixable && end !== undefined
        ? [
            {
              title: `Append \`@${domain}\``,
              edits: [{ span: { start: end + offset + user.length, end: end + offset + user.length }, newText: `@${domain}` }],
              preferred: true,
            },
          ]
        : [];
    report({
      span,
      message: `\`adminUsername\` "${shown(user)}" does not include the Imprivata Directory domain. The complete username, \`${shown(user)}@${domain}\`, is what signs in to the Access Management portal.`,
      fixes,
    });
  },
});
