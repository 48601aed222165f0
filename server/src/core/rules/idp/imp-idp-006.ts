import type { FixSpec } from '../rule';
import { defineRule } from '../rule';
import { closest, hasEnvReference, hasPlaceholder, isDnsName, isGuid } from '../../values';
import { stringValue } from '../../document';
import { IDP, idpType } from '../../domain/idp';
import { parseUrl, urlLayout } from '../../url-layout';
import { shown } from '../../value-words';
import { exactSubSpan, trimmedSpan, valueSubSpan } from '../../yaml/spans';

/** Microsoft Entra login hosts that serve federation metadata (global, US Government, China operated by 21Vianet). */
export const ENTRA_LOGIN_HOSTS = [
  'login.microsoftonline.com',
  'login.microsoftonline.us',
  'login.partner.microsoftonline.cn',
  'login.chinacloudapi.cn',
] as const;
/** Microsoft Cloud Deutschland: closed on 29 October 2021, its tenants moved to the global cloud. */
const CLOSED_GERMANY_HOST = 'login.microsoftonline.de';
const METADATA_PATH = ['federationmetadata', '2007-06', 'federationmetadata.xml'];
const SHAPE = 'https://login.microsoftonline.com/<tenant ID>/federationmetadata/2007-06/federationmetadata.xml?appid=<application ID>';

export default defineRule({
  id: 'IMP-IDP-006',
  title: 'Entra ID: the metadata URL has the App Federation Metadata URL shape',
  severity: 'warning',
  docs: `For \`type: entra-id\`, \`metadataUrl\` should be the enterprise application's **App Federation Metadata URL**
(Entra admin center → the Imprivata enterprise application → Single sign-on → SAML certificates):

\`${SHAPE}\`

Checked, each on its own part of the URL (parsed with the WHATWG \`URL\` class):
- the host is a Microsoft Entra login host: \`${ENTRA_LOGIN_HOSTS.join('`, `')}\` (global, US Government, China
  operated by 21Vianet; \`login.chinacloudapi.cn\` is the older China name). \`login.microsoftonline.de\` (Microsoft
  Cloud Deutschland) was closed on 29 October 2021; its tenants moved to \`login.microsoftonline.com\`.
  \`sts.windows.net\` is the Entra *identifier* (entity ID), not the metadata URL;
- the path is \`/<tenant>/federationmetadata/2007-06/federationmetadata.xml\` (case-insensitive), the tenant being a
  GUID or a verified domain such as \`contoso.onmicrosoft.com\` (not \`common\`, \`organizations\` or \`consumers\`,
  which name no tenant). \`/<tenant>/saml2\` is the sign-on endpoint, not the metadata;
- \`appid\` is present and a GUID. Without \`?appid=\` Entra returns the *tenant-wide* federation metadata, whose
  keys are the tenant's token-signing keys rather than the enterprise application's own SAML signing
  certificate; the application signs with its own certificate, so signature checks fail.

All findings are warnings: the URL may still work in unusual set-ups. Scheme problems are IMP-IDP-005's.
\`\${env:NAME}\` references and \`<placeholders>\` are not judged.`,
  fix: 'Replace a misspelt or retired login host with the Microsoft login host.',
  fixKind: 'unsafe',
  check(ctx) {
    const { doc, report } = ctx;
    if (idpType(ctx.doc, ctx.model) !== 'entra-id') return;
    const node = doc.scalar([...IDP, 'metadataUrl']);
    const raw = stringValue(node);
    if (!node || raw === undefined || hasEnvReference(raw) || hasPlaceholder(raw)) return;
    const url = raw.trim();
    const lead = raw.indexOf(url);
    const layout = urlLayout(url);
    const parsed = parseUrl(url);
    if (!layout || !parsed || /\s/.test(url)) return; // IMP-IDP-005 reports it
    const part = (r: { start: number; end: number }) => valueSubSpan(doc, node, lead + r.start, lead + r.end);
    const whole = trimmedSpan(doc, node);

    const host = parsed.hostname.toLowerCase();
    const hostSpan = part(layout.host);
    const hostEdit = (newHost: string): FixSpec[] => {
      const exact = exactSubSpan(doc, node, lead + layout.host.start, lead + layout.host.end);
      return exact ? [{ title: `Use \`${newHost}\``, edits: [{ span: exact, newText: newHost }], preferred: true }] : [];
    };

    if (host === 'sts.windows.net') {
      report({
        span: whole,
        message: `\`metadataUrl\` is the Microsoft Entra Identifier (the identity provider's entity ID), not its metadata URL. Copy the App Federation Metadata URL from the enterprise application's SAML certificates section: ${SHAPE}.`,
      });
      return;
    }
    if (host === CLOSED_GERMANY_HOST) {
      report({
        span: hostSpan,
        message:
          '`login.microsoftonline.de` belonged to Microsoft Cloud Deutschland, which closed on 29 October 2021; its tenants moved to the global cloud. Use `login.microsoftonline.com` (copy the App Federation Metadata URL again from the enterprise application).',
        fixes: hostEdit('login.microsoftonline.com'),
      });
      return;
    }
    if (!(ENTRA_LOGIN_HOSTS as readonly string[]).includes(host)) {
      const near = closest(host, ENTRA_LOGIN_HOSTS, 2);
      report({
        span: hostSpan,
        message: near
          ? `\`${shown(host)}\` is not a Microsoft Entra login host: did you mean \`${near}\`? Entra ID serves SAML metadata only from its login hosts.`
          : `\`${shown(host)}\` is not a Microsoft Entra login host (${ENTRA_LOGIN_HOSTS.map((h) => `\`${h}\``).join(', ')}). Entra ID serves SAML metadata only from there; if this identity provider is not Entra ID, use \`type: saml\`.`,
        fixes: near ? hostEdit(near) : undefined,
      });
      return;
    }

    // The path: /<tenant>/federationmetadata/2007-06/federationmetadata.xml
    const pathText = url.slice(layout.path.start, layout.path.end);
    const segments = pathText.split('/').slice(1);
    const pathSpan = layout.path.end > layout.path.start ? part(layout.path) : whole;
    const fixedPart = segments.slice(1).map((s) => s.toLowerCase());
    if (segments.length >= 2 && segments[segments.length - 1].toLowerCase() === 'saml2') {
      report({
        span: pathSpan,
        message: `\`metadataUrl\` points at the Entra SAML sign-on endpoint (\`/saml2\`), not at the metadata. Copy the App Federation Metadata URL from the enterprise application's SAML certificates section: ${SHAPE}.`,
      });
      return;
    }
    if (segments.length !== 4 || fixedPart.join('/') !== METADATA_PATH.join('/')) {
      report({
        span: pathSpan,
        message: `The path of the Entra metadata URL should be \`/<tenant>/federationmetadata/2007-06/federationmetadata.xml\`, but it is \`${shown(pathText || '/')}\`. Copy the App Federation Metadata URL from the enterprise application's SAML certificates section: ${SHAPE}.`,
      });
    } else {
      const tenant = decodeSafe(segments[0]);
      const tenantStart = layout.path.start + 1;
      const tenantSpan = part({ start: tenantStart, end: tenantStart + segments[0].length });
      if (['common', 'organizations', 'consumers'].includes(tenant.toLowerCase())) {
        report({
          span: tenantSpan,
          message: `\`${tenant}\` names no tenant: metadata for it is not your enterprise application's. Use your tenant ID (a GUID, shown in the App Federation Metadata URL) in its place.`,
        });
      } else if (!isGuid(tenant) && !isDnsName(tenant)) {
        report({
          span: tenantSpan,
          message: `\`${shown(tenant)}\` is neither a tenant ID (a GUID such as 0c8f6a2b-5d4e-4f3a-9b1c-7e6d5c4b3a29) nor a verified domain (such as contoso.onmicrosoft.com). Copy the App Federation Metadata URL again.`,
        });
      }
    }

    // appid: the enterprise application's own metadata.
    const appid = layout.params.find((p) => p.name.toLowerCase() === 'appid');
    if (!appid) {
      report({
        span: whole,
        message: `\`metadataUrl\` has no \`?appid=\`. Without it Entra returns the tenant-wide federation metadata, which carries the tenant's token-signing keys, not the enterprise application's own SAML signing certificate, so the signatures on sign-in responses do not verify. Copy the App Federation Metadata URL from the application's SAML certificates section; it ends in \`?appid=<application ID>\`.`,
      });
    } else if (!isGuid(decodeSafe(appid.value))) {
      const valueSpan =
        appid.value.length > 0 ? part({ start: appid.valueStart, end: appid.end }) : part({ start: appid.start, end: appid.end });
      report({
        span: valueSpan,
        message: `\`appid\` ${appid.value.length > 0 ? `"${shown(decodeSafe(appid.value))}" is not` : 'is empty; it must be'} an application ID (a GUID such as 8e7d6c5b-4a39-4821-b0f1-e2d3c4b5a697). Copy the App Federation Metadata URL again from the enterprise application's SAML certificates section.`,
      });
    }
  },
});

function decodeSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
