/**
 * The identity provider's SAML 2.0 metadata, judged from its bytes alone: pure (no network, no file access), so
 * every case is testable with plain strings. The preflight fetches the document (HTTPS or `metadataFile`) and
 * hands the bytes here.
 *
 * Safety first: a document over the cap, or one with a DOCTYPE (entity declarations, external entities), is
 * refused before any XML parser sees it, so no entity is ever expanded and nothing outside the document is read.
 * Comments are dropped by the parser: a certificate inside a comment does not count.
 */
import { X509Certificate } from 'node:crypto';
import { XMLParser, XMLValidator } from 'fast-xml-parser';

/** 1 MiB: Entra's metadata is about 20 KB, a large federation's single-entity document well under 200 KB. */
export const MAX_METADATA_BYTES = 1024 * 1024;
/** A signing certificate that ends within this many days is a warning: the IdP is about to roll it over. */
export const EXPIRY_WARNING_DAYS = 30;

export const NS = {
  md: 'urn:oasis:names:tc:SAML:2.0:metadata',
  ds: 'http://www.w3.org/2000/09/xmldsig#',
  saml2Protocol: 'urn:oasis:names:tc:SAML:2.0:protocol',
} as const;

const BINDING_PREFIX = 'urn:oasis:names:tc:SAML:2.0:bindings:';
const DAY_MS = 24 * 60 * 60 * 1000;
const GUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

export type MetadataStatus = 'pass' | 'warn' | 'fail';

/** One judged aspect of the document: a step of the report. */
export interface MetadataStep {
  name: string;
  status: MetadataStatus;
  /** What was found, naming the element or the certificate. */
  detail: string;
  /** For a warning or failure: the sentence the check's summary uses (what is wrong, why it matters, what to do). */
  finding?: string;
}

export interface SigningCertificate {
  /** `CN=Microsoft Azure Federated SSO Certificate` (the subject's attributes, comma-separated). */
  subject: string;
  notBefore: Date;
  notAfter: Date;
  fingerprint256: string;
}

export interface MetadataAnalysis {
  steps: MetadataStep[];
  status: MetadataStatus;
  /** One sentence: the first failure, else the first warning, else what passed. */
  summary: string;
  entityId?: string;
  certificates: SigningCertificate[];
  bindings: string[];
}

export interface MetadataContext {
  /** The date certificates and `validUntil` are judged against. */
  now: Date;
  /** `identityProvider.type`: `entra-id` adds Entra's tenant and `appid` checks. */
  idpType?: string;
  /** `identityProvider.metadataUrl`, when the document came from it (Entra's tenant and `appid` are read from it). */
  url?: string;
}

/** Whether bytes are over the cap: checked before reading further (and again here, for a file read whole). */
export function overCap(size: number): boolean {
  return size > MAX_METADATA_BYTES;
}

export function analyzeMetadata(bytes: Uint8Array, context: MetadataContext): MetadataAnalysis {
  const steps: MetadataStep[] = [];
  const result = (entityId?: string, certificates: SigningCertificate[] = [], bindings: string[] = []): MetadataAnalysis => {
    const failed = steps.find((s) => s.status === 'fail');
    const warned = steps.find((s) => s.status === 'warn');
    const worst = failed ?? warned;
    return {
      steps,
      status: failed ? 'fail' : warned ? 'warn' : 'pass',
      summary: worst ? (worst.finding ?? worst.detail) : passSummary(entityId, certificates, bindings),
      entityId,
      certificates,
      bindings,
    };
  };
  const fail = (name: string, detail: string, finding = detail) => steps.push({ name, status: 'fail', detail, finding });

  // 1. Bytes to text, and the refusals that come before any parsing.
  if (overCap(bytes.length)) {
    fail(
      'xml',
      `the document is ${bytes.length} bytes, over the ${MAX_METADATA_BYTES}-byte cap: refused without parsing`,
      `The metadata is ${formatBytes(bytes.length)}, over the 1 MiB cap, and was refused without parsing; one identity provider's metadata is a few dozen KB: check that the URL or file is that IdP's own document, not a federation aggregate.`,
    );
    return result();
  }
  const text = decode(bytes);
  if (text === undefined) {
    fail(
      'xml',
      'the document is neither UTF-8 nor UTF-16 text',
      'The metadata is not text (neither UTF-8 nor UTF-16): the URL or file does not hold SAML metadata.',
    );
    return result();
  }
  const refusal = refuse(text);
  if (refusal) {
    fail('xml', refusal.detail, refusal.finding);
    return result();
  }
  const validation = XMLValidator.validate(text);
  if (validation !== true) {
    const { line, col } = validation.err;
    const json = /^\s*[[{]/.test(text);
    fail(
      'xml',
      `not well-formed XML (line ${line}, column ${col})${json ? '; it looks like JSON' : ''}`,
      `The metadata is not XML (not well-formed at line ${line}, column ${col}${json ? '; it looks like JSON' : ''}): the URL or file does not hold SAML metadata.`,
    );
    return result();
  }
  let tree: XmlNode[];
  try {
    tree = new XMLParser(PARSER_OPTIONS).parse(text) as XmlNode[];
  } catch {
    // The parser's limits (nesting depth) or a construct it refuses: said in our words, never its own.
    fail(
      'xml',
      'the XML could not be read (nested too deeply or malformed)',
      'The metadata could not be read as XML (nested too deeply or malformed).',
    );
    return result();
  }
  const roots = elements(tree, new Map());
  steps.push({ name: 'xml', status: 'pass', detail: `well-formed XML, ${formatBytes(bytes.length)}, no DOCTYPE` });

  // 2. The root: one SAML 2.0 EntityDescriptor.
  const root = roots[0];
  if (!root) {
    fail('root', 'the document holds no XML element', 'The metadata holds no XML element.');
    return result();
  }
  if (root.local === 'EntitiesDescriptor' && root.ns === NS.md) {
    const ids = entityIds(root);
    const listed = ids.slice(0, 10).map((id) => `\`${id}\``);
    const more = ids.length > 10 ? ` and ${ids.length - 10} more` : '';
    fail(
      'root',
      `<EntitiesDescriptor> (an aggregate) holding ${ids.length} entities: ${listed.join(', ') || 'none'}${more}`,
      `The metadata is an aggregate (<EntitiesDescriptor>) of ${ids.length} entities (${listed.join(', ') || 'none'}${more}), but Imprivata takes one identity provider's metadata: point to that IdP's own <EntityDescriptor> document.`,
    );
    return result();
  }
  if (root.local !== 'EntityDescriptor' || root.ns !== NS.md) {
    const what = root.local.toLowerCase() === 'html' ? 'an HTML page' : `<${root.local}>${root.ns ? ` in the namespace ${root.ns}` : ''}`;
    fail(
      'root',
      `the root element is ${what}, not a SAML 2.0 <EntityDescriptor> (${NS.md})`,
      `The document is not SAML 2.0 metadata: its root element is ${what}, not an <EntityDescriptor> of ${NS.md}.`,
    );
    return result();
  }
  const entityId = root.attributes.entityID?.trim();
  if (!entityId) {
    fail(
      'root',
      '<EntityDescriptor> has no entityID',
      "The metadata's <EntityDescriptor> has no entityID attribute, which SAML 2.0 requires.",
    );
    return result();
  }
  steps.push({ name: 'root', status: 'pass', detail: `<EntityDescriptor entityID="${entityId}">` });

  // 3. validUntil on the document (and on the IdP role, below).
  const validUntil = validUntilStep('<EntityDescriptor>', root.attributes.validUntil, context.now);
  if (validUntil) steps.push(validUntil);

  // 4. The IdP role supporting SAML 2.0.
  const roles = root.children.filter((c) => c.ns === NS.md && c.local === 'IDPSSODescriptor');
  const idps = roles.filter((r) => (r.attributes.protocolSupportEnumeration ?? '').split(/\s+/).includes(NS.saml2Protocol));
  if (idps.length === 0) {
    const sp = root.children.some((c) => c.ns === NS.md && c.local === 'SPSSODescriptor');
    if (roles.length > 0) {
      fail(
        'idp',
        `<IDPSSODescriptor> does not list ${NS.saml2Protocol} in protocolSupportEnumeration`,
        `The identity provider's <IDPSSODescriptor> does not support SAML 2.0 (protocolSupportEnumeration lacks ${NS.saml2Protocol}): Imprivata signs in with SAML 2.0 only.`,
      );
    } else if (sp) {
      fail(
        'idp',
        'no <IDPSSODescriptor>; the document describes a service provider (<SPSSODescriptor>)',
        `The metadata of \`${entityId}\` describes a service provider (<SPSSODescriptor>), not an identity provider: the URL or file points at the wrong document (perhaps Imprivata's own SP metadata); use the IdP's federation metadata.`,
      );
    } else {
      fail(
        'idp',
        'no <IDPSSODescriptor>',
        `The metadata of \`${entityId}\` holds no <IDPSSODescriptor>: it does not describe a SAML identity provider.`,
      );
    }
    return result(entityId);
  }
  steps.push({ name: 'idp', status: 'pass', detail: `<IDPSSODescriptor> supporting SAML 2.0 (${NS.saml2Protocol})` });
  for (const idp of idps) {
    const roleValidity = validUntilStep('<IDPSSODescriptor>', idp.attributes.validUntil, context.now);
    if (roleValidity) steps.push(roleValidity);
  }

  // 5. Signing certificates: KeyDescriptor use="signing" or no use, of the IdP role only.
  const certificates: SigningCertificate[] = [];
  let index = 0;
  for (const idp of idps) {
    for (const key of idp.children.filter((c) => c.ns === NS.md && c.local === 'KeyDescriptor')) {
      const use = key.attributes.use?.trim();
      if (use !== undefined && use !== 'signing') continue;
      for (const x509 of descendants(key, NS.ds, 'X509Certificate', ['KeyInfo', 'X509Data'])) {
        index++;
        const parsed = readCertificate(x509.text);
        if (!parsed) {
          fail(
            `certificate ${index}`,
            `<X509Certificate> ${index} of the signing <KeyDescriptor> cannot be read as an X.509 certificate`,
            `Signing certificate ${index} in the metadata of \`${entityId}\` cannot be read as an X.509 certificate (<KeyDescriptor${use ? ' use="signing"' : ''}>/<X509Certificate>): the document is damaged.`,
          );
          continue;
        }
        certificates.push(parsed);
      }
    }
  }
  if (index === 0) {
    fail(
      'certificates',
      'no signing certificate: no <KeyDescriptor use="signing"> (or without use) holds an <X509Certificate>',
      `The metadata of \`${entityId}\` publishes no signing certificate (<KeyDescriptor use="signing"> with an <X509Certificate>): the appliance could not verify any SAML response.`,
    );
  } else {
    steps.push(...certificateSteps(certificates, context.now, entityId));
  }

  // 6. Single sign-on endpoints.
  const services = idps.flatMap((idp) => idp.children.filter((c) => c.ns === NS.md && c.local === 'SingleSignOnService'));
  const bindings = [...new Set(services.map((s) => shortBinding(s.attributes.Binding ?? '')))];
  if (services.length === 0) {
    fail(
      'sso',
      'no <SingleSignOnService>',
      `The metadata of \`${entityId}\` has no <SingleSignOnService>: there is no endpoint to send administrators to for sign-in.`,
    );
  } else {
    const listed = services
      .map((s) => `${shortBinding(s.attributes.Binding ?? '')} ${s.attributes.Location ?? '(no Location)'}`)
      .join('; ');
    const browser = bindings.some((b) => b === 'HTTP-Redirect' || b === 'HTTP-POST');
    steps.push(
      browser
        ? { name: 'sso', status: 'pass', detail: `<SingleSignOnService>: ${listed}` }
        : {
            name: 'sso',
            status: 'warn',
            detail: `<SingleSignOnService>: ${listed}`,
            finding: `The metadata of \`${entityId}\` offers single sign-on only over ${bindings.join(', ')}; a browser sign-in needs HTTP-Redirect or HTTP-POST.`,
          },
    );
  }

  // 7. Entra ID: the tenant of the URL is the tenant of the entityID, and the URL names the application.
  if (context.idpType === 'entra-id') steps.push(entraStep(entityId, context.url));

  return result(entityId, certificates, bindings);
}

function passSummary(entityId: string | undefined, certificates: SigningCertificate[], bindings: string[]): string {
  const latest = certificates.reduce<SigningCertificate | undefined>((a, c) => (!a || c.notAfter > a.notAfter ? c : a), undefined);
  const certs = `${certificates.length} signing certificate${certificates.length === 1 ? '' : 's'}${latest ? ` (valid until ${day(latest.notAfter)})` : ''}`;
  return `SAML 2.0 metadata of \`${entityId ?? '?'}\`: an identity provider with ${certs} and single sign-on over ${bindings.join(', ') || 'no binding'}.`;
}

function certificateSteps(certificates: SigningCertificate[], now: Date, entityId: string): MetadataStep[] {
  const valid = certificates.filter((c) => c.notBefore <= now && now <= c.notAfter);
  const name = (c: SigningCertificate) => `"${c.subject}" (not after ${day(c.notAfter)})`;
  return certificates.map((c, i) => {
    const stepName = `certificate ${i + 1}`;
    const detail = `${name(c)}, SHA-256 ${c.fingerprint256.slice(0, 23)}…`;
    if (c.notAfter < now) {
      if (valid.length === 0) {
        const all = certificates.length === 1 ? 'Its only signing certificate' : `All ${certificates.length} of its signing certificates`;
        return {
          name: stepName,
          status: 'fail',
          detail: `expired: ${detail}`,
          finding: `${all} expired: ${certificates.map(name).join(', ')}; the IdP signs with a certificate the metadata of \`${entityId}\` no longer vouches for, so sign-in fails: renew the certificate at the IdP (or fetch fresh metadata).`,
        };
      }
      return {
        name: stepName,
        status: 'warn',
        detail: `expired: ${detail}`,
        finding: `Certificate rollover: the signing certificate ${name(c)} expired, next to ${valid.map(name).join(', ')}, which is valid; remove the expired one at the IdP and make sure the appliance has the new one (a metadataFile is never refreshed).`,
      };
    }
    if (c.notBefore > now) {
      return {
        name: stepName,
        status: valid.length ? 'pass' : 'fail',
        detail: `not valid before ${day(c.notBefore)}: ${detail}`,
        finding: valid.length
          ? undefined
          : `No signing certificate of \`${entityId}\` is valid today: ${name(c)} only becomes valid on ${day(c.notBefore)}; check the IdP's certificate and this workstation's clock.`,
      };
    }
    const daysLeft = Math.floor((c.notAfter.getTime() - now.getTime()) / DAY_MS);
    if (daysLeft < EXPIRY_WARNING_DAYS) {
      const successor = valid.find((v) => v !== c && v.notAfter > c.notAfter);
      return {
        name: stepName,
        status: 'warn',
        detail: `expires in ${daysLeft} day${daysLeft === 1 ? '' : 's'}: ${detail}`,
        finding: `The signing certificate ${name(c)} expires in ${daysLeft} day${daysLeft === 1 ? '' : 's'}${successor ? `; its successor ${name(successor)} is already published` : ''}: plan the rollover at the IdP now, and with a metadataFile replace the file once it is done.`,
      };
    }
    return { name: stepName, status: 'pass', detail: `valid: ${detail}` };
  });
}

function validUntilStep(element: string, raw: string | undefined, now: Date): MetadataStep | undefined {
  if (raw === undefined) return undefined;
  const when = new Date(raw.trim());
  if (Number.isNaN(when.getTime())) {
    return {
      name: 'validUntil',
      status: 'warn',
      detail: `${element} validUntil is not a date`,
      finding: `The metadata's ${element} validUntil is not an xs:dateTime: the appliance may reject the document.`,
    };
  }
  if (when < now) {
    return {
      name: 'validUntil',
      status: 'fail',
      detail: `${element} validUntil ${when.toISOString()} is in the past`,
      finding: `The metadata is stale: ${element} validUntil ${when.toISOString()} is in the past, so a SAML service provider must not use it; fetch fresh metadata from the IdP.`,
    };
  }
  return { name: 'validUntil', status: 'pass', detail: `${element} valid until ${when.toISOString()}` };
}

function entraStep(entityId: string, rawUrl: string | undefined): MetadataStep {
  const entityTenant = /^https:\/\/sts\.windows\.net\/([^/]+)\/?$/i.exec(entityId)?.[1] ?? GUID.exec(entityId)?.[0];
  if (!entityTenant) {
    return {
      name: 'entra',
      status: 'warn',
      detail: `entityID \`${entityId}\` is not Entra ID's https://sts.windows.net/<tenant-id>/`,
      finding: `identityProvider.type is entra-id, but the metadata's entityID \`${entityId}\` is not Entra ID's https://sts.windows.net/<tenant-id>/: is the IdP really Entra ID?`,
    };
  }
  if (rawUrl === undefined) return { name: 'entra', status: 'pass', detail: `Entra ID tenant ${entityTenant} (entityID)` };
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return { name: 'entra', status: 'pass', detail: `Entra ID tenant ${entityTenant} (entityID)` };
  }
  const urlTenant = url.pathname.split('/').filter(Boolean)[0] ?? '';
  const appid = [...url.searchParams.entries()].find(([k]) => k.toLowerCase() === 'appid')?.[1];
  if (GUID.test(urlTenant) && urlTenant.toLowerCase() !== entityTenant.toLowerCase()) {
    return {
      name: 'entra',
      status: 'fail',
      detail: `the URL names tenant ${urlTenant}; the entityID ${entityId} names tenant ${entityTenant}`,
      finding: `The metadata URL names tenant ${urlTenant}, but the document's entityID \`${entityId}\` is tenant ${entityTenant}: SAML responses would come from another tenant than configured; use the App Federation Metadata URL of the Imprivata application in your tenant.`,
    };
  }
  const tenantNote = GUID.test(urlTenant)
    ? `the URL and the entityID name tenant ${entityTenant}`
    : `tenant ${entityTenant} (entityID; the URL names ${urlTenant || 'no tenant'})`;
  if (!appid) {
    return {
      name: 'entra',
      status: 'warn',
      detail: `${tenantNote}; the URL has no appid`,
      finding: `The Entra ID metadata URL has no ?appid=: the document then carries the tenant's keys, not the Imprivata application's SAML signing certificate, and signatures will not match; copy the App Federation Metadata URL of the application.`,
    };
  }
  return { name: 'entra', status: 'pass', detail: `${tenantNote}; appid ${appid}` };
}

function readCertificate(base64: string): SigningCertificate | undefined {
  const compact = base64.replace(/\s+/g, '');
  if (!compact || !/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) return undefined;
  try {
    const cert = new X509Certificate(Buffer.from(compact, 'base64'));
    return {
      subject: cert.subject.split('\n').join(', '),
      notBefore: new Date(cert.validFrom),
      notAfter: new Date(cert.validTo),
      fingerprint256: cert.fingerprint256,
    };
  } catch {
    return undefined;
  }
}

function shortBinding(binding: string): string {
  return binding.startsWith(BINDING_PREFIX) ? binding.slice(BINDING_PREFIX.length) : binding || '(no Binding)';
}

/** BOM-aware decoding; strict UTF-8 otherwise (an XML declaration naming another encoding is honoured). */
function decode(bytes: Uint8Array): string | undefined {
  try {
    if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le', { fatal: true }).decode(bytes.subarray(2));
    if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be', { fatal: true }).decode(bytes.subarray(2));
    const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
    const head = Buffer.from(bytes.subarray(start, start + 200)).toString('latin1');
    const declared = /^<\?xml[^>]*\bencoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head)?.[1]?.toLowerCase();
    const encoding = declared && declared !== 'utf-8' && declared !== 'utf8' && !declared.startsWith('utf-16') ? declared : 'utf-8';
    return new TextDecoder(encoding, { fatal: true }).decode(bytes.subarray(start));
  } catch {
    return undefined;
  }
}

/** DOCTYPE and entity declarations: refused, never parsed. An HTML page is named as such (it starts with one). */
function refuse(text: string): { detail: string; finding: string } | undefined {
  // Comments and CDATA may mention anything harmlessly; a DOCTYPE is only ever markup outside them.
  const markup = text.replace(/<!--[\s\S]*?-->/g, '').replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, '');
  if (/^\s*<!DOCTYPE\s+html\b/i.test(markup.replace(/^\s*<\?xml[^>]*\?>/, '')) || /^\s*<html\b/i.test(markup)) {
    return {
      detail: 'an HTML page, not XML metadata',
      finding:
        "The answer is an HTML page, not SAML metadata: often a sign-in or error page, so the URL is wrong or needs a signed-in browser; use the IdP's public federation metadata URL.",
    };
  }
  const doctype = /<!DOCTYPE/i.test(markup);
  const entity = /<!ENTITY/i.test(markup);
  if (!doctype && !entity) return undefined;
  const external = /<!ENTITY[^>]*\b(SYSTEM|PUBLIC)\b/i.test(markup) || /<!DOCTYPE[^>[]*\b(SYSTEM|PUBLIC)\b/i.test(markup);
  const what = external ? 'a DOCTYPE that refers to external entities' : entity ? 'a DOCTYPE with entity declarations' : 'a DOCTYPE';
  return {
    detail: `${what}: refused before parsing (no entity is expanded, nothing external is read)`,
    finding: `The metadata holds ${what}, which SAML metadata never needs and which can expand into gigabytes or read files: it was refused before parsing; get the IdP's metadata without a DOCTYPE.`,
  };
}

// ---- a small namespace-aware view of fast-xml-parser's ordered output ----

interface XmlNode {
  [tag: string]: XmlNode[] | string | Record<string, string> | undefined;
}

interface Element {
  ns: string | undefined;
  local: string;
  attributes: Record<string, string>;
  children: Element[];
  /** The concatenated text directly inside. */
  text: string;
}

const PARSER_OPTIONS = {
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  // Only XML's five predefined entities and character references: a DOCTYPE was refused before parsing.
  processEntities: true,
  htmlEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
} as const;

function elements(nodes: XmlNode[], scope: Map<string, string>): Element[] {
  const out: Element[] = [];
  for (const node of nodes) {
    const tag = Object.keys(node).find((k) => k !== ':@' && k !== '#text');
    if (!tag) continue;
    const attributes = (node[':@'] as Record<string, string> | undefined) ?? {};
    const inner = new Map(scope);
    for (const [name, value] of Object.entries(attributes)) {
      if (name === 'xmlns') inner.set('', value);
      else if (name.startsWith('xmlns:')) inner.set(name.slice(6), value);
    }
    const colon = tag.indexOf(':');
    const prefix = colon < 0 ? '' : tag.slice(0, colon);
    const childNodes = (node[tag] as XmlNode[] | undefined) ?? [];
    out.push({
      ns: inner.get(prefix),
      local: colon < 0 ? tag : tag.slice(colon + 1),
      attributes: Object.fromEntries(
        Object.entries(attributes)
          .filter(([k]) => k !== 'xmlns' && !k.startsWith('xmlns:'))
          .map(([k, v]) => [k.includes(':') ? k.slice(k.indexOf(':') + 1) : k, v]),
      ),
      children: elements(childNodes, inner),
      text: childNodes.map((c) => (typeof c['#text'] === 'string' ? c['#text'] : '')).join(''),
    });
  }
  return out;
}

/** Elements `local` of `ns` reached from `from` through the named intermediate elements (of the same namespace). */
function descendants(from: Element, ns: string, local: string, path: string[]): Element[] {
  let level = [from];
  for (const step of path) level = level.flatMap((e) => e.children.filter((c) => c.ns === ns && c.local === step));
  return level.flatMap((e) => e.children.filter((c) => c.ns === ns && c.local === local));
}

function entityIds(aggregate: Element): string[] {
  return aggregate.children.flatMap((c) => {
    if (c.ns !== NS.md) return [];
    if (c.local === 'EntityDescriptor') return [c.attributes.entityID ?? '(no entityID)'];
    if (c.local === 'EntitiesDescriptor') return entityIds(c);
    return [];
  });
}

function day(date: Date): string {
  return Number.isNaN(date.getTime()) ? 'an unknown date' : date.toISOString().slice(0, 10);
}

function formatBytes(n: number): string {
  return n < 1024 ? `${n} bytes` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KB` : `${(n / (1024 * 1024)).toFixed(1)} MiB`;
}
