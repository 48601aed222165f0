/**
 * SMTP replies in words (RFC 5321, 3207, 4954, 3463 and the Exchange Online replies of the domain notes): every
 * reply the preflight reports carries its code, the server's first line, and what it means for the appliance.
 * Pure.
 */

export interface SmtpReply {
  code: number;
  /** RFC 3463 enhanced status code (`5.7.139`), when the server sends one. */
  enhanced?: string;
  /** The server's first line after the codes: control characters removed, at most 160 characters. */
  text: string;
}

/** `250-first line\n250 last` → code 250, the enhanced code, the first line's text. */
export function parseReply(raw: string): SmtpReply {
  const first = raw.split(/\r?\n/)[0] ?? '';
  const match = /^(\d{3})[ -]?(?:([245]\.\d{1,3}\.\d{1,3})\s*)?(.*)$/.exec(first);
  if (!match) return { code: 0, text: clean(first) };
  return { code: Number(match[1]), enhanced: match[2], text: clean(match[3]) };
}

/** The lines after the first of a multi-line reply (EHLO's extensions), without their codes. */
export function replyLines(raw: string): string[] {
  return raw
    .split(/\r?\n/)
    .slice(1)
    .map((l) => clean(l.replace(/^\d{3}[ -]?/, '')))
    .filter(Boolean);
}

/** Exchange Online and other well-known enhanced codes: more precise than the basic code. */
const ENHANCED: Record<string, string> = {
  '5.7.139':
    'authentication unsuccessful: SMTP AUTH is disabled for the tenant or the mailbox (Set-TransportConfig / Set-CASMailbox -SmtpClientAuthenticationDisabled $false), or basic authentication is blocked',
  '5.7.3':
    "authentication unsuccessful: wrong credentials; with OAuth2, often the application's service principal is not registered in Exchange (New-ServicePrincipal) or has no permission on the mailbox",
  '5.7.57': 'the client was not authenticated to send mail: the server wants a sign-in before MAIL FROM',
  '5.7.30': 'basic authentication is not supported for client submission: switch to OAuth2 (smtp.mode: oauth2)',
  '5.2.252': 'SendAsDenied: the account may not send as this From address; grant it Send As on the mailbox',
  '4.7.66': 'TLS 1.0 and 1.1 are not supported by this server',
  '5.7.8': 'authentication credentials invalid',
  '5.7.9': 'the authentication mechanism is too weak for this server',
  '5.7.11': 'the server requires encryption before this authentication mechanism',
  '5.7.0': "authentication required, or refused by the server's security policy",
  '5.1.1': 'the recipient mailbox does not exist',
  '5.1.8': 'the sender address is refused',
};

const BASIC: Record<number, string> = {
  211: 'system status',
  214: 'help message',
  220: 'the service is ready',
  221: 'the server closes the connection',
  235: 'authentication succeeded',
  250: 'the request completed',
  251: 'the user is not local; the server forwards the message',
  252: 'the server cannot verify the user but accepts the message',
  334: 'the server waits for authentication data',
  354: 'the server waits for the message',
  421: 'the service is not available and the server closes the connection (overloaded, or refusing this client)',
  432: 'a password transition is needed',
  450: 'the mailbox is unavailable for now (busy, or blocked by policy): try again later',
  451: 'the server aborted the request on a local error: try again later',
  452: 'the server has not enough storage, or too many recipients',
  454: 'TLS or authentication is temporarily unavailable',
  455: 'the server cannot accommodate the parameters now',
  500: 'syntax error: the server does not recognise the command',
  501: 'syntax error in the parameters',
  502: 'the command is not implemented by this server',
  503: 'bad sequence of commands',
  504: 'the parameter (for AUTH: the mechanism) is not implemented',
  521: 'the server does not accept mail',
  530: 'authentication required',
  534: 'the authentication mechanism is too weak',
  535: 'authentication failed: the credentials were rejected',
  538: 'encryption is required for the requested authentication mechanism',
  550: 'the mailbox is unavailable, or the action is refused by policy',
  551: 'the user is not local',
  552: 'the message exceeds the storage allocation',
  553: 'the mailbox name is not allowed',
  554: 'the transaction failed (for a greeting: no SMTP service for this client)',
  555: 'MAIL FROM or RCPT TO parameters not recognised',
};

/** What a reply means, in words: the enhanced code's meaning when known, else the basic code's. */
export function explainReply(reply: SmtpReply): string {
  const enhanced = reply.enhanced ? ENHANCED[reply.enhanced] : undefined;
  if (enhanced) return enhanced;
  const basic = BASIC[reply.code];
  if (basic) return basic;
  const klass = Math.floor(reply.code / 100);
  if (klass === 2) return 'success';
  if (klass === 3) return 'the server waits for more input';
  if (klass === 4) return 'a temporary failure: try again later';
  if (klass === 5) return 'a permanent failure';
  return 'not an SMTP reply';
}

/** `535 5.7.3 "Authentication unsuccessful": authentication unsuccessful: wrong credentials; ...`. */
export function describeReply(reply: SmtpReply): string {
  if (reply.code === 0) return `an answer that is not an SMTP reply${reply.text ? ` ("${reply.text}")` : ''}`;
  const codes = reply.enhanced ? `${reply.code} ${reply.enhanced}` : String(reply.code);
  return `${codes}${reply.text ? ` "${reply.text}"` : ''}: ${explainReply(reply)}`;
}

/** The SASL mechanisms of an EHLO reply's `AUTH` line(s) (`AUTH=LOGIN` of old servers too), upper case. */
export function authMechanisms(ehloLines: readonly string[]): string[] {
  const found = new Set<string>();
  for (const line of ehloLines) {
    const match = /^AUTH[\s=](.*)$/i.exec(line);
    if (match) for (const m of match[1].split(/[\s=]+/).filter(Boolean)) found.add(m.toUpperCase());
  }
  return [...found];
}

export function offersStartTls(ehloLines: readonly string[]): boolean {
  return ehloLines.some((l) => /^STARTTLS\b/i.test(l));
}

function clean(text: string): string {
  // eslint-disable-next-line no-control-regex
  const printable = text.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ').trim();
  return printable.length > 160 ? `${printable.slice(0, 157)}...` : printable;
}
