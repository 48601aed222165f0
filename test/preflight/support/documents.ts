/**
 * SAML metadata made at test time (certificates from the test CA, valid, expired or expiring as a test needs), and
 * an HTTPS server on 127.0.0.1 that serves documents by path (with redirects, statuses and oversized bodies).
 */
import type { Issued, TestCa } from './pki';
import { LoopbackHttpsServer } from './servers';
import { days } from './pki';

export const MD = 'urn:oasis:names:tc:SAML:2.0:metadata';
export const DS = 'http://www.w3.org/2000/09/xmldsig#';
export const TENANT = '0c8f6a2b-5d4e-4f3a-9b1c-7e6d5c4b3a29';
export const APP_ID = '8e7d6c5b-4a39-4821-b0f1-e2d3c4b5a697';
export const ENTRA_HOST = 'login.microsoftonline.com';
export const ENTRA_PATH = `/${TENANT}/federationmetadata/2007-06/federationmetadata.xml`;
export const ENTRA_URL = `https://${ENTRA_HOST}${ENTRA_PATH}?appid=${APP_ID}`;

/** The base64 DER body of a PEM certificate, as `<X509Certificate>` holds it (wrapped at 64 characters). */
export function certBody(pem: string): string {
  return pem
    .replace(/-----(BEGIN|END) CERTIFICATE-----/g, '')
    .replace(/\s+/g, '')
    .replace(/(.{64})/g, '$1\n');
}

/** A signing certificate of the given validity (days from now), issued by the test CA. */
export function signingCert(ca: TestCa, name: string, fromDays: number, toDays: number): Issued {
  return ca.issue({ names: [name], notBefore: days(fromDays), notAfter: days(toDays) });
}

export interface MetadataOptions {
  entityId?: string;
  /** PEM certificates of `<KeyDescriptor use="signing">`. */
  signing?: string[];
  /** PEM certificates of a `<KeyDescriptor>` without `use`. */
  unspecified?: string[];
  /** PEM certificates of `<KeyDescriptor use="encryption">`: they do not count. */
  encryption?: string[];
  /** A certificate inside `<ds:Signature>`: does not count. */
  signatureCert?: string;
  /** A certificate inside a comment: does not count. */
  commentedCert?: string;
  validUntil?: string;
  bindings?: string[];
  protocol?: string;
  /** An SP role with this certificate, instead of (`spOnly`) or next to the IdP role. */
  spCert?: string;
  spOnly?: boolean;
}

export function metadataXml(options: MetadataOptions = {}): string {
  const entityId = options.entityId ?? `https://sts.windows.net/${TENANT}/`;
  const key = (pem: string, use?: string) =>
    `    <KeyDescriptor${use ? ` use="${use}"` : ''}>\n      <KeyInfo xmlns="${DS}"><X509Data><X509Certificate>${certBody(pem)}</X509Certificate></X509Data></KeyInfo>\n    </KeyDescriptor>`;
  const bindings = options.bindings ?? ['HTTP-Redirect', 'HTTP-POST'];
  const sso = bindings
    .map(
      (b) =>
        `    <SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:${b}" Location="https://${ENTRA_HOST}/${TENANT}/saml2"/>`,
    )
    .join('\n');
  const idp = [
    `  <IDPSSODescriptor protocolSupportEnumeration="${options.protocol ?? 'urn:oasis:names:tc:SAML:2.0:protocol'}">`,
    ...(options.commentedCert ? [`    <!-- old: ${key(options.commentedCert, 'signing')} -->`] : []),
    ...(options.signing ?? []).map((p) => key(p, 'signing')),
    ...(options.unspecified ?? []).map((p) => key(p)),
    ...(options.encryption ?? []).map((p) => key(p, 'encryption')),
    '    <NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress</NameIDFormat>',
    sso,
    '  </IDPSSODescriptor>',
  ].join('\n');
  const sp = options.spCert
    ? `  <SPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">\n${key(options.spCert, 'signing')}\n    <AssertionConsumerService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="https://access.imprivata.com/sp" index="0"/>\n  </SPSSODescriptor>`
    : '';
  const signature = options.signatureCert
    ? `  <ds:Signature xmlns:ds="${DS}"><ds:SignedInfo/><ds:SignatureValue>AAAA</ds:SignatureValue><ds:KeyInfo><ds:X509Data><ds:X509Certificate>${certBody(options.signatureCert)}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></ds:Signature>`
    : '';
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<EntityDescriptor xmlns="${MD}" ID="_m1" entityID="${entityId}"${options.validUntil ? ` validUntil="${options.validUntil}"` : ''}>`,
    signature,
    options.spOnly ? '' : idp,
    sp,
    '</EntityDescriptor>',
    '',
  ]
    .filter((l) => l !== '')
    .join('\n');
}

export function aggregateXml(entityIds: string[], inner: string): string {
  const entities = entityIds.map((id) =>
    inner
      .replace(/^<\?xml[^>]*>\n/, '')
      .replace(/entityID="[^"]*"/, `entityID="${id}"`)
      .replace(` xmlns="${MD}"`, ''),
  );
  return `<?xml version="1.0"?>\n<md:EntitiesDescriptor xmlns:md="${MD}" xmlns="${MD}" Name="federation">\n${entities.join('\n')}\n</md:EntitiesDescriptor>\n`;
}

export const BILLION_LAUGHS = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<EntityDescriptor xmlns="${MD}" entityID="&lol9;"/>
`;

/** An external entity that would read a local file (or call a host) if it were expanded. */
export function externalEntityXml(target: string): string {
  return `<?xml version="1.0"?>\n<!DOCTYPE EntityDescriptor [ <!ENTITY xxe SYSTEM "${target}"> ]>\n<EntityDescriptor xmlns="${MD}" entityID="&xxe;"/>\n`;
}

export type Route = { status?: number; body: string | Buffer; type?: string } | { redirect: string; status?: number } | { bytes: number };

/** HTTPS on 127.0.0.1 serving `routes` by path (query ignored); records every request's path. */
export class DocumentServer extends LoopbackHttpsServer {
  readonly requests: string[] = [];

  constructor(
    issued: Issued,
    readonly routes: Record<string, Route>,
  ) {
    // The handler runs per request, after the constructor: `this` is set by then.
    super(issued, (req, res) => {
      const pathname = (req.url ?? '/').split('?')[0];
      this.requests.push(pathname);
      const route = this.routes[pathname];
      res.on('error', () => undefined);
      if (!route) return void res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      if ('redirect' in route) return void res.writeHead(route.status ?? 302, { location: route.redirect }).end();
      if ('bytes' in route) {
        res.writeHead(200, { 'content-type': 'application/samlmetadata+xml' });
        const chunk = Buffer.alloc(64 * 1024, 0x20);
        let sent = 0;
        const pump = () => {
          while (sent < route.bytes && !res.destroyed) {
            sent += chunk.length;
            if (!res.write(chunk)) return;
          }
          if (sent >= route.bytes) res.end();
        };
        res.on('drain', pump);
        pump();
        return;
      }
      res.writeHead(route.status ?? 200, { 'content-type': route.type ?? 'application/samlmetadata+xml' }).end(route.body);
    });
  }
}
