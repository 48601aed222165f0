/**
 * Domain knowledge about the mail server (seed 002, 004): the SMTP modes, the keys of each (read from the JSON
 * Schema, so there is one list), the required keys, and Exchange Online's submission hosts.
 */
import type { ConfigDocument } from '../document';
import { branchKeys, branchSchema } from './schema-branches';
import type { SchemaLike } from './schema-branches';

export type SmtpMode = 'basic' | 'oauth2';
export const SMTP_MODES: readonly SmtpMode[] = ['basic', 'oauth2'];

/** Required keys of each mode (catalogue IMP-SMTP-001; seed 004: basic needs server and sender, OAuth2 all five fields). */
export const REQUIRED_KEYS: Readonly<Record<SmtpMode, readonly string[]>> = {
  basic: ['server', 'from'],
  oauth2: ['from', 'clientId', 'tenantId', 'username', 'secret'],
};

export const MODE_WORDS: Readonly<Record<SmtpMode, string>> = {
  basic: 'basic (a mail server or relay, optionally with a username and password)',
  oauth2: 'oauth2 (Exchange Online over OAuth2)',
};

/**
 * Exchange Online's SMTP client-submission hosts (domain facts §5, §5.1): the
 * current name, the older Outlook name, and the opt-in legacy-TLS endpoint.
 */
export const EXCHANGE_ONLINE_HOSTS: readonly string[] = ['smtp.office365.com', 'outlook.office365.com', 'smtp-legacy.office365.com'];

export function isExchangeOnlineHost(host: string): boolean {
  const normal = host.trim().toLowerCase().replace(/\.$/, '');
  return EXCHANGE_ONLINE_HOSTS.includes(normal);
}

/** The keys a mode knows (mode itself included). */
export function modeKeys(mode: SmtpMode): Set<string> {
  return branchKeys('smtp', 'mode', mode);
}

/** Keys that belong only to a mode (not to the other one). */
export function keysOnlyIn(mode: SmtpMode): Set<string> {
  const other = modeKeys(otherMode(mode));
  return new Set([...modeKeys(mode)].filter((k) => !other.has(k)));
}

export function otherMode(mode: SmtpMode): SmtpMode {
  return mode === 'basic' ? 'oauth2' : 'basic';
}

/** The schema node of a key in a mode's branch. */
export function keySchema(mode: SmtpMode, key: string): SchemaLike | undefined {
  return branchSchema('smtp', 'mode', mode)?.properties?.[key];
}

/** The mode when `smtp` is a mapping and `mode` is exactly `basic` or `oauth2`; otherwise undefined. */
export function smtpMode(doc: ConfigDocument): SmtpMode | undefined {
  if (!doc.map(['smtp'])) return undefined;
  const value = doc.value(['smtp', 'mode']);
  return value === 'basic' || value === 'oauth2' ? value : undefined;
}
