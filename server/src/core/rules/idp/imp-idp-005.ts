import { isScalar } from 'yaml';
import type { Node } from 'yaml';
import type { ConfigDocument } from '../../document';
import type { FixSpec, RuleContext } from '../rule';
import { defineRule } from '../rule';
import { hasEnvReference, hasPlaceholder, isDnsName } from '../../values';
import { findPair, isEmptyValue } from '../../document';
import { IDP, idpKeySpan, samlIdpType } from '../../domain/idp';
import { parseUrl, urlLayout } from '../../url-layout';
import { shown } from '../../value-words';
import { emptyValueText, pairLinesSpan } from '../../yaml/edits';
import { exactSubSpan, trimmedSpan } from '../../yaml/spans';

export default defineRule({
  id: 'IMP-IDP-005',
  title: 'Exactly one of metadataUrl and metadataFile; the URL is https',
  severity: 'error',
  docs: `An Entra ID or SAML identity provider is described by its SAML metadata, given either as \`metadataUrl\` or
as \`metadataFile\`, never both and never neither (error).

- The URL must be an absolute \`https://\` URL (error): the metadata carries the certificate that signs every
  sign-in, so it must not travel unprotected.
- A file works, but seed 000 warns that it is never refreshed: when the IdP rolls over its signing certificate,
  sign-in breaks until someone uploads the new file by hand. A URL is polled at regular intervals. So a file gets
  an information note.

Decisions: with both keys set, the error is on \`metadataFile\` (the URL is the one to keep), with a quick fix
removing it. The information note's quick fix replaces \`metadataFile: <file>\` with an empty \`metadataUrl: \` for
you to paste the IdP's metadata URL into (for Entra ID: the App Federation Metadata URL from the enterprise
application's SAML certificates section). It does not write a template with \`<placeholders>\`, which would itself
be an error; the empty value is reported until it is filled in. \`http://\` gets a fix to \`https://\`, and a URL
written without a scheme gets \`https://\` prepended. \`\${env:NAME}\` references and \`<placeholders>\` are not judged.`,
  fix: 'Switch `http://` to `https://`; prepend `https://`; remove `metadataFile` when both are set; replace `metadataFile` with `metadataUrl: ` (information note).',
  fixKind: 'safe',
  check(ctx) {
    const { doc, report } = ctx;
    if (!samlIdpType(ctx.doc, ctx.model)) return;
    const map = doc.map(IDP);
    if (!map) return;
    const urlPath = [...IDP, 'metadataUrl'];
    const filePath = [...IDP, 'metadataFile'];
    const urlNode = doc.node(urlPath);
    const fileNode = doc.node(filePath);
    const hasUrl = doc.has(urlPath) && !isEmptyValue(urlNode);
    const hasFile = doc.has(filePath) && !isEmptyValue(fileNode);

    if (!hasUrl && !hasFile) {
      const emptyKey = doc.keySpan(urlPath) ?? doc.keySpan(filePath);
      report({
        span: emptyKey ?? idpKeySpan(doc),
        message: emptyKey
          ? `\`${doc.has(urlPath) ? 'metadataUrl' : 'metadataFile'}\` is empty. The identity provider's SAML metadata is required: paste its metadata URL into \`metadataUrl\` (preferred, it is polled for certificate changes) or name a saved file in \`metadataFile\`.`
          : "`identityProvider` has neither `metadataUrl` nor `metadataFile`. The identity provider's SAML metadata is required: add `metadataUrl` with its metadata URL (preferred, it is polled for certificate changes) or `metadataFile` with a saved file.",
      });
      return;
    }

    if (hasUrl && hasFile) {
      const filePair = findPair(map, 'metadataFile');
      const lines = filePair ? pairLinesSpan(doc, map, filePair) : undefined;
      const urlKey = doc.keySpan(urlPath);
      report({
        span: doc.keySpan(filePath) ?? idpKeySpan(doc),
        message:
          'Both `metadataUrl` and `metadataFile` are set, but the identity provider takes exactly one. Keep `metadataUrl` (it is polled, so certificate changes are picked up) and remove `metadataFile`.',
        related: urlKey ? [{ span: urlKey, message: '`metadataUrl` is set here' }] : undefined,
        fixes: lines
          ? [{ title: 'Remove `metadataFile`', edits: [{ span: lines, newText: '' }], preferred: true, kind: 'unsafe' }]
          : undefined,
      });
    }

    if (hasUrl) checkUrl(ctx.doc, urlNode, report);

    if (hasFile && !hasUrl && isScalar(fileNode) && typeof fileNode.value === 'string') {
      const filePair = findPair(map, 'metadataFile');
      const keySpan = doc.keySpan(filePath);
      const fixes: FixSpec[] = [];
      if (filePair && keySpan && !map.flow && fileNode.type !== 'BLOCK_LITERAL' && fileNode.type !== 'BLOCK_FOLDED') {
        fixes.push({
          title: 'Switch to `metadataUrl` (then paste the metadata URL)',
          edits: [
            {
              span: { start: keySpan.start, end: doc.span(fileNode).end },
              newText: `metadataUrl: ${emptyValueText(doc, doc.span(fileNode).end)}`,
            },
          ],
          preferred: true,
          // Leaves the URL to be pasted: never unattended.
          kind: 'unsafe',
        });
      }
      report({
        span: keySpan ?? doc.span(fileNode),
        severity: 'information',
        message: `\`metadataFile\` works, but a metadata file is never refreshed: when the identity provider rolls over its signing certificate, sign-in to the Access Management portal breaks until the file is replaced by hand. Prefer \`metadataUrl\`, which is polled at regular intervals.`,
        fixes,
      });
    }
  },
});

function checkUrl(doc: ConfigDocument, node: Node | undefined, report: RuleContext['report']): void {
  if (!isScalar(node)) return;
  const span = trimmedSpan(doc, node);
  if (typeof node.value !== 'string') {
    report({
      span,
      message: `\`metadataUrl\` is \`${String(node.value)}\`, which is not a URL. Paste the identity provider's SAML metadata URL (https://…).`,
    });
    return;
  }
  const raw = node.value;
  if (hasEnvReference(raw) || hasPlaceholder(raw)) return;
  const url = raw.trim();
  const lead = raw.indexOf(url);
  if (/\s/.test(url)) {
    report({
      span,
      message:
        "`metadataUrl` contains whitespace, so it is not one URL. Paste the identity provider's SAML metadata URL as a single line without spaces.",
    });
    return;
  }
  const layout = urlLayout(url);
  if (!layout) {
    const firstPart = url.split(/[/?#]/)[0];
    const looksLikeHost = isDnsName(firstPart);
    const insertAt = exactSubSpan(doc, node, lead, lead);
    report({
      span,
      message: `\`metadataUrl\` "${shown(url)}" is not a complete URL: it must start with \`https://\`.`,
      fixes:
        looksLikeHost && insertAt
          ? [{ title: 'Prepend `https://`', edits: [{ span: insertAt, newText: 'https://' }], preferred: true }]
          : undefined,
    });
    return;
  }
  const parsed = parseUrl(url);
  if (!parsed) {
    report({ span, message: `\`metadataUrl\` "${shown(url)}" is not a valid URL. Copy the identity provider's SAML metadata URL again.` });
    return;
  }
  if (parsed.protocol !== 'https:') {
    const schemeSpan = exactSubSpan(doc, node, lead + layout.scheme.start, lead + layout.scheme.end);
    const isHttp = parsed.protocol === 'http:';
    report({
      span: schemeSpan ?? span,
      message: isHttp
        ? '`metadataUrl` uses `http`. The metadata carries the certificate that signs every sign-in, so it must be fetched over `https`; use the https URL of the metadata.'
        : `\`metadataUrl\` uses \`${parsed.protocol.replace(/:$/, '')}\`; the metadata must be fetched from an \`https://\` URL.`,
      fixes:
        isHttp && schemeSpan ? [{ title: 'Use `https`', edits: [{ span: schemeSpan, newText: 'https' }], preferred: true }] : undefined,
    });
  }
}
