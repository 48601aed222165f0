/**
 * What the identity-provider, mail-server and OAuth2 checks need from a configuration, read from the document
 * alone: the values as written (an `${env:NAME}` reference stays a reference; the preflight resolves it where it
 * runs) and the 1-based line each concerns. Pure.
 */
import type { ConfigDocument, Path } from '../document';
import { Model } from '../model';

/** A value as written in the file, and its line. */
export interface Written {
  text: string;
  line: number;
}

export interface IdentityProviderPlan {
  type: string;
  /** `metadataUrl` (fetched over HTTPS) or `metadataFile` (relative to the configuration file). */
  source: { kind: 'url' | 'file'; value: Written };
}

export interface SmtpPlan {
  mode: 'basic' | 'oauth2';
  /** The line of `smtp.server` (basic) or `smtp.mode` (oauth2). */
  line: number;
  server: Written;
  port: Written;
  /** `useTls` (basic; default true). OAuth2 always uses STARTTLS on 587. */
  useTls: boolean;
  username?: Written;
  password?: Written;
  from?: Written;
  oauth?: OAuthPlan;
}

export interface OAuthPlan {
  /** The line of `smtp.mode`. */
  line: number;
  tenantId?: Written;
  clientId?: Written;
  secret?: Written;
  username?: Written;
}

/** Exchange Online's submission endpoint (seed 004; domain facts §5). */
export const EXCHANGE_ONLINE_SMTP = { host: 'smtp.office365.com', port: 587 } as const;
export const DEFAULT_AUTHORITY_HOST = 'login.microsoftonline.com';
export const OUTLOOK_SCOPE = 'https://outlook.office365.com/.default';

function written(doc: ConfigDocument, path: Path): Written | undefined {
  const text = doc.string(path)?.trim();
  if (text === undefined || text === '') return undefined;
  return { text, line: doc.lines.position(doc.reportSpan(path).start).line + 1 };
}

function lineOf(doc: ConfigDocument, path: Path): number {
  return doc.lines.position(doc.reportSpan(path).start).line + 1;
}

export function planIdentityProvider(doc: ConfigDocument): IdentityProviderPlan | undefined {
  const type = new Model(doc).identityProviderType;
  if (type !== 'entra-id' && type !== 'saml') return undefined;
  const url = written(doc, ['identityProvider', 'metadataUrl']);
  if (url) return { type, source: { kind: 'url', value: url } };
  const file = written(doc, ['identityProvider', 'metadataFile']);
  if (file) return { type, source: { kind: 'file', value: file } };
  return undefined;
}

export function planSmtp(doc: ConfigDocument): SmtpPlan | undefined {
  const mode = new Model(doc).smtpMode;
  if (mode === 'basic') {
    const server = written(doc, ['smtp', 'server']);
    if (!server) return undefined;
    const useTls = doc.value(['smtp', 'useTls']);
    return {
      mode,
      line: server.line,
      server,
      port: written(doc, ['smtp', 'port']) ?? { text: '587', line: server.line },
      useTls: !(useTls === false || (typeof useTls === 'string' && useTls.trim().toLowerCase() === 'false')),
      username: written(doc, ['smtp', 'username']),
      password: written(doc, ['smtp', 'password']),
      from: written(doc, ['smtp', 'from']),
    };
  }
  if (mode === 'oauth2') {
    const oauth = planOAuth(doc);
    if (!oauth) return undefined;
    const at = { line: oauth.line };
    return {
      mode,
      line: oauth.line,
      server: { text: EXCHANGE_ONLINE_SMTP.host, ...at },
      port: { text: String(EXCHANGE_ONLINE_SMTP.port), ...at },
      useTls: true,
      username: oauth.username,
      from: written(doc, ['smtp', 'from']),
      oauth,
    };
  }
  return undefined;
}

export function planOAuth(doc: ConfigDocument): OAuthPlan | undefined {
  if (new Model(doc).smtpMode !== 'oauth2') return undefined;
  return {
    line: lineOf(doc, ['smtp', 'mode']),
    tenantId: written(doc, ['smtp', 'tenantId']),
    clientId: written(doc, ['smtp', 'clientId']),
    secret: written(doc, ['smtp', 'secret']),
    username: written(doc, ['smtp', 'username']),
  };
}
