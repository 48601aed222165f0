import { isScalar } from 'yaml';
import type { FixSpec } from '../rule';
import { defineRule } from '../rule';
import { hasEnvReference, hasPlaceholder } from '../../values';
import type { ConfigDocument } from '../../document';
import { REGION_SUFFIX } from '../../domain/regions';
import { schemaAt } from '../../schema';
import { isEmptyValue } from '../../document';
import { IDP, samlIdpType } from '../../domain/idp';
import { shown } from '../../value-words';
import { replaceScalarEdit } from '../../yaml/edits';
import { trimmedSpan } from '../../yaml/spans';

/** An otherwise-correct portal URL whose only difference may be the suffix (`https://access.imprivata.eu/`). */
const ACCESS_URL_ANY_SUFFIX = /^https:\/\/access\.imprivata\.([a-z0-9-]+(?:\.[a-z0-9-]+)*)\/?$/i;

export default defineRule({
  id: 'IMP-IDP-007',
  title: 'signOnUrl is the Access Management portal of the region',
  severity: 'error',
  docs: `The Sign on URL configured in the IdP's application is the Imprivata Access Management portal,
\`https://access.imprivata.com\` (seed 000), with \`.com\` replaced by the region's suffix for non-US regions
(\`eu\` → \`https://access.imprivata.eu\`). Any other value sends administrators somewhere else after sign-in.

Decisions:
- A missing \`signOnUrl\` is fine: the default is the portal URL. An empty one is an error.
- One trailing slash is tolerated; scheme and host are compared case-insensitively.
- A missing \`enterprise.region\` means the schema's default, \`us\` (as IMP-HOST-004 reads it). When the region is
  empty, an \`\${env:NAME}\` reference or unknown to the region table, this rule stays silent (IMP-HOST-004 reports
  the region).
- To avoid reporting one problem twice, a correct \`https://access.imprivata.<suffix>\` URL whose only fault is
  the suffix (\`.eu\` in a \`us\` file) is left to IMP-HOST-004, which checks every Imprivata host's suffix against
  the region.
- \`\${env:NAME}\` references and \`<placeholders>\` are not judged.`,
  fix: 'Set `signOnUrl` to the portal URL of the region.',
  fixKind: 'safe',
  check(ctx) {
    const { doc, report, model } = ctx;
    if (!samlIdpType(ctx.doc, ctx.model)) return;
    const path = [...IDP, 'signOnUrl'];
    if (!doc.has(path)) return;
    const { region, suffix } = regionOf(ctx.doc, model.region, model.regionSuffix);
    if (!suffix) return;
    const expected = `https://access.imprivata.${suffix}`;
    const node = doc.node(path);
    if (!isScalar(node)) return; // a mapping or list: IMP-DOC-003
    const fixes = (): FixSpec[] => {
      const edit = replaceScalarEdit(doc, node, expected);
      return edit ? [{ title: `Set \`${expected}\``, edits: [edit], preferred: true }] : [];
    };
    if (isEmptyValue(node)) {
      report({
        span: doc.keySpan(path) ?? doc.span(node),
        message: `\`signOnUrl\` is empty. Configure the Imprivata Access Management portal, \`${expected}\`, as the Sign on URL in the identity provider's application and write it here.`,
        fixes: fixes(),
      });
      return;
    }
    const raw = typeof node.value === 'string' ? node.value : String(node.value);
    if (typeof node.value === 'string' && (hasEnvReference(raw) || hasPlaceholder(raw))) return;
    const value = raw.trim();
    if (value.replace(/\/$/, '').toLowerCase() === expected) return;
    const access = ACCESS_URL_ANY_SUFFIX.exec(value);
    if (access && access[1].toLowerCase() !== suffix) return; // only the suffix differs: IMP-HOST-004 reports it
    const why =
      /^http:\/\//i.test(value) &&
      value
        .replace(/^http:/i, 'https:')
        .replace(/\/$/, '')
        .toLowerCase() === expected
        ? 'it must use `https`'
        : 'the identity provider sends administrators there after sign-in';
    report({
      span: trimmedSpan(doc, node),
      message: `\`signOnUrl\` is "${shown(value)}", but the Sign on URL is the Imprivata Access Management portal, \`${expected}\` for region \`${region}\`: ${why}. Set the same URL in the identity provider's application.`,
      fixes: fixes(),
    });
  },
});

/** The region and its suffix: the written region, or the schema's default when \`enterprise.region\` is absent. */
function regionOf(doc: ConfigDocument, region: string | undefined, suffix: string | undefined): { region: string; suffix?: string } {
  if (doc.has(['enterprise', 'region'])) return { region: region ?? '', suffix };
  const fallback = schemaAt(['enterprise', 'region'])?.default;
  const name = typeof fallback === 'string' ? fallback : 'us';
  return { region: name, suffix: Object.prototype.hasOwnProperty.call(REGION_SUFFIX, name) ? REGION_SUFFIX[name] : undefined };
}
