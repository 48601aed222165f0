import { isMap, isScalar, isSeq } from 'yaml';
import type { Node } from 'yaml';
import { keyName } from '../../document';
import { closest, hasEnvReference } from '../../values';
import type { FixSpec } from '../rule';
import { defineRule } from '../rule';
import { IDP, IDP_TYPES, TYPE_LABEL, idpKeySpan, isIdpType, keysOfType, metadataHost } from '../../domain/idp';
import type { IdpType } from '../../domain/idp';
import { shown } from '../../value-words';
import { pairLinesSpan, prependToMapEdit, replaceScalarEdit } from '../../yaml/edits';
import { trimmedSpan } from '../../yaml/spans';

/** Names people write for a type, normalised (lower case, `_` and spaces as `-`). */
const ALIASES: Readonly<Record<string, IdpType>> = {
  entra: 'entra-id',
  entraid: 'entra-id',
  'microsoft-entra-id': 'entra-id',
  'microsoft-entra': 'entra-id',
  'azure-ad': 'entra-id',
  azuread: 'entra-id',
  'azure-active-directory': 'entra-id',
  aad: 'entra-id',
  azure: 'entra-id',
  okta: 'saml',
  ping: 'saml',
  pingone: 'saml',
  pingfederate: 'saml',
  'ping-identity': 'saml',
  saml2: 'saml',
  'saml-2': 'saml',
  'saml-2.0': 'saml',
  'generic-saml': 'saml',
  imprivata: 'imprivata-directory',
  directory: 'imprivata-directory',
  'imprivata-dir': 'imprivata-directory',
  imprivatadirectory: 'imprivata-directory',
  internal: 'imprivata-directory',
};

const ALLOWED = IDP_TYPES.map((t) => `\`${t}\``).join(', ');

function suggestType(raw: string): IdpType | undefined {
  const normalised = raw
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, '-');
  if (isIdpType(normalised)) return normalised;
  const alias = ALIASES[normalised] ?? ALIASES[normalised.replace(/-/g, '')];
  if (alias) return alias;
  const near = closest(normalised, IDP_TYPES, Math.min(3, Math.max(1, Math.floor(normalised.length / 3))));
  return near && isIdpType(near) ? near : undefined;
}

export default defineRule({
  id: 'IMP-IDP-001',
  title: 'Identity provider type and the keys it uses',
  severity: 'error',
  docs: `\`identityProvider.type\` selects who signs administrators in to the Imprivata Access Management portal:
\`imprivata-directory\` (Imprivata as the internal IdP), \`entra-id\` (Microsoft Entra ID) or \`saml\` (any other
SAML 2.0 IdP such as Okta or Ping Identity). The type decides which other keys mean anything, so a missing or
misspelt type leaves the whole block unchecked. Common names are recognised and suggested: \`entra\`/\`azure-ad\` →
\`entra-id\`, \`okta\`/\`ping\` → \`saml\`, \`imprivata\`/\`directory\` → \`imprivata-directory\`.

Keys that belong to another type (\`directoryDomain\`, \`adminUsername\`, \`adminPassword\` under \`entra-id\` or \`saml\`;
\`metadataUrl\`, \`signOnUrl\`, \`adminGroups\`, … under \`imprivata-directory\`) are not used and are reported as
warnings, shown faded. The JSON Schema does not report them; this rule does. Keys unknown to every type are
IMP-DOC-002's. While \`type\` itself is wrong, stray keys are not judged (it is unknown which type was meant).

Decisions: an \`\${env:NAME}\` reference as the type is not judged. A missing \`type\` is an error on
\`identityProvider\`; its quick fixes insert each type, the preferred one guessed from the keys present
(directory keys → \`imprivata-directory\`, a Microsoft login host in \`metadataUrl\` → \`entra-id\`).`,
  fix: 'Replace the type with the suggested one (or insert it when missing); remove the line(s) of a key the type does not use, one at a time or all at once.',
  fixKind: 'unsafe',
  check(ctx) {
    const { doc, report } = ctx;
    const map = doc.map(IDP);
    if (!map) return;
    const typePair = doc.pair([...IDP, 'type']);

    if (!typePair) {
      const guess = guessFromKeys(
        doc
          .entries(map)
          .map(keyName)
          .filter((k): k is string => k !== undefined),
        metadataHost(ctx.doc),
      );
      const fixes: FixSpec[] = [];
      for (const type of orderBy(guess)) {
        const edit = prependToMapEdit(doc, map, `type: ${type}`);
        if (edit) fixes.push({ title: `Insert \`type: ${type}\``, edits: [edit], preferred: type === guess });
      }
      report({
        span: idpKeySpan(doc),
        message: `\`identityProvider\` has no \`type\`. Set it to ${ALLOWED}: the type decides which keys are used, so without it nothing else in this block can be checked.`,
        fixes,
      });
      return;
    }

    const typeNode = doc.resolve(typePair.value as Node | null | undefined);
    if (isScalar(typeNode) && typeof typeNode.value === 'string' && hasEnvReference(typeNode.value)) return;
    const raw = isScalar(typeNode) && typeNode.value !== null && typeNode.value !== undefined ? String(typeNode.value) : undefined;
    const value = raw?.trim();

    if (!isIdpType(value) || typeof (typeNode as { value?: unknown } | undefined)?.value !== 'string') {
      const span =
        isScalar(typeNode) && raw !== undefined ? trimmedSpan(doc, typeNode) : (doc.keySpan([...IDP, 'type']) ?? idpKeySpan(doc));
      const suggestion = raw !== undefined ? suggestType(raw) : undefined;
      const fixes: FixSpec[] = [];
      if (isScalar(typeNode)) {
        for (const type of orderBy(suggestion)) {
          const edit = replaceScalarEdit(doc, typeNode, type);
          if (edit) fixes.push({ title: `Change to \`${type}\``, edits: [edit], preferred: type === suggestion });
        }
      }
      let message: string;
      if (isMap(typeNode) || isSeq(typeNode)) {
        message = `\`type\` should be one word, one of ${ALLOWED}, not a ${isMap(typeNode) ? 'mapping' : 'list'}.`;
      } else if (raw === undefined) {
        message = `\`type\` is empty. Set it to ${ALLOWED}: it decides which keys of \`identityProvider\` are used.`;
      } else if (suggestion) {
        const why = suggestion === 'saml' && !/saml/i.test(raw) ? ` (${shown(raw)} is configured as a generic SAML identity provider)` : '';
        message = `\`type\` is "${shown(raw)}", which is not an identity provider type: did you mean \`${suggestion}\`${why}? Allowed: ${ALLOWED}.`;
      } else {
        message = `\`type\` is "${shown(raw)}", which is not an identity provider type. Allowed: ${ALLOWED}; the type decides which keys of \`identityProvider\` are used.`;
      }
      report({ span, message, fixes });
      return;
    }

    // A known type: keys of the other types are not used by it.
    const own = keysOfType(value);
    const stray: { key: string; keySpan: { start: number; end: number }; lines?: { start: number; end: number }; owner: IdpType[] }[] = [];
    for (const pair of map.items) {
      const key = keyName(pair);
      if (key === undefined || own.has(key)) continue;
      const owners = IDP_TYPES.filter((t) => t !== value && keysOfType(t).has(key));
      if (owners.length === 0) continue; // unknown to every type: IMP-DOC-002
      const keyNode = pair.key as Node;
      stray.push({ key, keySpan: doc.span(keyNode), lines: pairLinesSpan(doc, map, pair), owner: owners });
    }
    const allLines = stray.map((s) => s.lines).filter((l): l is { start: number; end: number } => l !== undefined);
    for (const s of stray) {
      const ownerText = s.owner.map((t) => `\`type: ${t}\``).join(' and ');
      const label = s.owner.length === 1 ? TYPE_LABEL[s.owner[0]] : 'an external identity provider';
      const fixes: FixSpec[] = [];
      if (s.lines) fixes.push({ title: `Remove \`${s.key}\``, edits: [{ span: s.lines, newText: '' }], preferred: true });
      if (stray.length > 1 && allLines.length === stray.length) {
        fixes.push({
          title: `Remove all ${stray.length} keys not used by \`type: ${value}\``,
          edits: allLines.map((span) => ({ span, newText: '' })),
        });
      }
      report({
        span: s.keySpan,
        severity: 'warning',
        unnecessary: true,
        message: `\`${s.key}\` belongs to ${ownerText}; it is not used with \`type: ${value}\` and is ignored. Remove it, or change \`type\` if administrators sign in through ${label}.`,
        fixes,
      });
    }
  },
});

/** The suggestion first, then the other types in catalogue order. */
function orderBy(first: IdpType | undefined): IdpType[] {
  return first ? [first, ...IDP_TYPES.filter((t) => t !== first)] : [...IDP_TYPES];
}

const DIRECTORY_ONLY = ['directoryDomain', 'adminUsername', 'adminPassword'];
const SAML_ONLY = ['organizationDomain', 'displayName', 'metadataUrl', 'metadataFile', 'signOnUrl', 'nameIdFormat', 'adminGroups'];
const MICROSOFT_LOGIN = /^login\.(?:microsoftonline\.(?:com|us|de)|partner\.microsoftonline\.cn|chinacloudapi\.cn)$/;

/** The type the keys present point to, when they point to exactly one. */
function guessFromKeys(keys: string[], host: string | undefined): IdpType | undefined {
  const directory = keys.some((k) => DIRECTORY_ONLY.includes(k));
  const saml = keys.some((k) => SAML_ONLY.includes(k));
  if (directory && !saml) return 'imprivata-directory';
  if (saml && !directory) return host !== undefined && MICROSOFT_LOGIN.test(host) ? 'entra-id' : host !== undefined ? 'saml' : undefined;
  return undefined;
}
