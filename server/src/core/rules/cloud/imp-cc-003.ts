import { isScalar, isSeq } from 'yaml';
import type { Node } from 'yaml';
import { hasEnvReference } from '../../values';
import { defineRule, fixSpec, fixSpecs } from '../rule';
import { replaceScalarEdit, replaceValueEdit } from '../../yaml/edits';

const REQUIRED = 'saml';

export default defineRule({
  id: 'IMP-CC-003',
  title: 'Administrator console SSO is not SAML',
  severity: 'error',
  docs: `After the integration token is pasted, "Administrator console single sign-on using SAML" must be selected: the
setting is required to reach the administrator consoles through the Imprivata Access Management portal.
\`cloudPlatform.adminConsoleSso\` must therefore be \`saml\` (lower case).

Decisions: a missing \`adminConsoleSso\` takes the schema's default, \`saml\`, and is not reported. An empty value or any
other value (including \`SAML\`, \`true\`, a list) is an error on the value, or on the key when the value is empty or not a
single value. A value given
as an \`\${env:}\` reference is not judged.`,
  fix: 'Set `adminConsoleSso: saml`.',
  fixKind: 'safe',
  check({ doc, report }) {
    if (!doc.map(['cloudPlatform'])) return;
    const pair = doc.pair(['cloudPlatform', 'adminConsoleSso']);
    if (!pair) return;
    const node = doc.node(['cloudPlatform', 'adminConsoleSso']);
    if (node && !isScalar(node)) {
      // A mapping or list: the schema leaves this value's type to this rule.
      const span = doc.keySpan(['cloudPlatform', 'adminConsoleSso']) ?? doc.span(node);
      report({
        span,
        message: `\`cloudPlatform.adminConsoleSso\` is ${isSeq(node) ? 'a list' : 'a mapping'}, but it must be the text \`${REQUIRED}\`: "Administrator console single sign-on using SAML" is required to reach the administrator consoles through the Imprivata Access Management portal. Set \`adminConsoleSso: saml\`.`,
        fixes: fixSpecs(fixSpec('Set `saml`', [replaceValueEdit(doc, node, REQUIRED)], true)),
      });
      return;
    }
    const value = isScalar(node) ? node.value : null;
    if (typeof value === 'string' && (value === REQUIRED || hasEnvReference(value))) return;
    const why =
      '"Administrator console single sign-on using SAML" is required to reach the administrator consoles through the Imprivata Access Management portal. Set `adminConsoleSso: saml`.';
    if (value === null || value === undefined || (typeof value === 'string' && value.trim() === '')) {
      const keySpan = doc.keySpan(['cloudPlatform', 'adminConsoleSso']);
      if (!keySpan) return;
      const colon = doc.text.indexOf(':', keySpan.end);
      // A value written out (`''`, `~`, `!!null`) is replaced, tag and all; nothing after the colon gets the value.
      const edit = isScalar(node)
        ? replaceScalarEdit(doc, node, REQUIRED)
        : colon !== -1
          ? { span: { start: colon + 1, end: colon + 1 }, newText: ` ${REQUIRED}` }
          : undefined;
      report({
        span: keySpan,
        message: `\`cloudPlatform.adminConsoleSso\` is empty. ${why}`,
        fixes: edit ? [{ title: 'Set `saml`', edits: [edit], preferred: true }] : undefined,
      });
      return;
    }
    const span = doc.span(node as Node);
    const shown = typeof value === 'string' ? value.trim() : String((node as { source?: string }).source ?? value);
    report({
      span,
      message: `\`cloudPlatform.adminConsoleSso\` is \`${shown}\`, but it must be \`${REQUIRED}\`: ${why}`,
      fixes: fixSpecs(fixSpec('Set `saml`', [replaceValueEdit(doc, node as Node, REQUIRED)], true)),
    });
  },
});
