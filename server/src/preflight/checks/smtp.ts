/**
 * The mail server, step by step as the appliance meets it: DNS and TCP (the one connector, so `--resolve` and
 * `--connect-to` apply; never through an HTTP proxy), the 220 greeting, EHLO, STARTTLS offered and completed when
 * `useTls` (TLS capped at 1.2 as the appliance, full certificate validation), EHLO again, the AUTH mechanisms the
 * configured sign-in needs; then, only when asked, the sign-in (`--smtp-login`: the password, or for OAuth2 the
 * token from Entra ID) and a test message (`--smtp-send-to ADDR`). Every reply is reported with its code in words.
 */
import * as os from 'node:os';
import type { TLSSocket } from 'node:tls';
import { authMechanisms, describeReply, offersStartTls, parseReply, replyLines } from '../../core/preflight/smtp-replies';
import type { SmtpPlan } from '../../core/preflight/service-plan';
import type { CheckOutcome } from '../engine';
import { MAX_REPLY_BYTES, SmtpSession } from '../smtp-session';
import type { SmtpClientError } from '../smtp-session';
import { StepFailure } from '../steps';
import { distinguishedName, handshakeFailure, verifiedTls } from '../tls-handshake';
import type { StepDone, StepRunner } from '../types';
import type { CheckContext } from './check-context';
import { failureOutcome, missingOutcome } from './check-context';
import { requestToken } from './oauth2';

const IMPLICIT_TLS_PORT = 465;

export function smtpTargetLabel(plan: SmtpPlan): string {
  return `${plan.server.text}:${plan.port.text} (SMTP${plan.mode === 'oauth2' ? ', OAuth2' : ''})`;
}

export async function checkSmtp(plan: SmtpPlan, context: CheckContext, steps: StepRunner): Promise<CheckOutcome> {
  const server = context.secrets.resolve(plan.server);
  if (!server.ok) return missingOutcome(steps, 'dns', server.missing, 'smtp.server', context);
  const portText = context.secrets.resolve(plan.port);
  if (!portText.ok) return missingOutcome(steps, 'dns', portText.missing, 'smtp.port', context);
  const port = Number(portText.value);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    steps.record('tcp', 'fail', `smtp.port is not a port number`);
    return { status: 'fail', summary: 'smtp.port is not a port number (1-65535): nothing was contacted.', line: plan.port.line };
  }
  const host = server.value.trim();
  const implicitTls = port === IMPLICIT_TLS_PORT;
  const notes: string[] = [];
  let session: SmtpSession | undefined;
  try {
    const connection = await context.ports.connector.open({ host, port, protocol: 'tcp' }, steps);
    let socket = connection.socket;
    if (implicitTls) {
      if (!plan.useTls) notes.push('port 465 speaks TLS from the first byte whatever useTls says');
      socket = (
        await verifiedTls(connection, host, context.ports.trust, context.ports.clock, steps, { applianceVersions: true, alpn: false })
      ).socket;
    }
    session = new SmtpSession(socket, {
      host,
      port,
      secured: implicitTls,
      requireTls: plan.useTls,
      trust: context.ports.trust,
      timeoutMs: context.timeoutMs,
      scrub: (text) => context.secrets.scrub(text),
    });
    const live = session;

    // The greeting: 220, said by the server before anything is sent.
    await steps.run(
      'banner',
      dialogue(async (signal) => {
        const { raw } = await live.reply(signal);
        const reply = parseReply(raw);
        if (reply.code !== 220) {
          throw new StepFailure(
            'error',
            `the server greeted with ${describeReply(reply)}`,
            reply.code === 554
              ? 'the server refuses this client (often a relay restricted to known addresses)'
              : 'this is not a mail server ready for the appliance',
          );
        }
        return { value: reply, detail: describeReply(reply) };
      }),
    );

    // EHLO: the extensions, STARTTLS among them.
    const starttls = !implicitTls && plan.useTls;
    let ehlo = await ehloStep('ehlo', live, steps, !starttls);
    let tls: TLSSocket | undefined;
    if (starttls) {
      if (!offersStartTls(ehlo)) {
        steps.record('starttls', 'fail', `not offered: the EHLO reply lists ${ehlo.length ? ehlo.join(', ') : 'no extension'}`);
        return {
          status: 'fail',
          summary: `STARTTLS failed: ${host}:${port} does not offer STARTTLS, so with useTls: true the appliance cannot send mail through it; enable STARTTLS on the server, or use its submission port (587) that offers it.`,
        };
      }
      await steps.run(
        'starttls',
        dialogue(async (signal) => {
          const { raw } = await live.reply(signal);
          const reply = parseReply(raw);
          if (reply.code !== 220)
            throw new StepFailure(
              'tls',
              `the server answered STARTTLS with ${describeReply(reply)}`,
              'the server offers STARTTLS but refuses to start it',
            );
          return { value: reply, detail: `offered in EHLO; ${describeReply(reply)}` };
        }),
      );
      tls = await steps.run('tls', async (signal) => {
        try {
          await live.command('EHLO', signal);
        } catch (error) {
          throw tlsFailure(error, host);
        }
        const secured = live.tlsSocket();
        if (!secured || !secured.authorized) throw new StepFailure('tls', 'the TLS session was not verified');
        return { value: secured, detail: tlsDetail(secured, host) };
      });
      ehlo = await ehloStep('ehlo after tls', live, steps, true);
    } else if (!implicitTls) {
      steps.skip('starttls', 'useTls: false: the appliance sends mail (and any password) in clear text (IMP-SMTP-003)');
      notes.push('in clear text (useTls: false)');
    }

    // AUTH: what the configured sign-in needs, from the last EHLO.
    const mechanisms = authMechanisms(ehlo);
    const wanted = plan.mode === 'oauth2' ? ['XOAUTH2'] : plan.username ? ['PLAIN', 'LOGIN'] : [];
    const advertised = mechanisms.length ? `AUTH ${mechanisms.join(' ')} advertised` : 'no AUTH advertised';
    if (wanted.length === 0) {
      steps.record('auth', 'pass', `${advertised}; no sign-in configured (smtp.username is not set): the appliance sends without one`);
    } else if (!wanted.some((m) => mechanisms.includes(m))) {
      const need = plan.mode === 'oauth2' ? 'XOAUTH2 (OAuth2)' : 'LOGIN or PLAIN (basic)';
      steps.record('auth', 'fail', `${advertised}; the configured sign-in needs ${need}`);
      const cause =
        plan.mode === 'oauth2'
          ? 'SMTP AUTH may be disabled for the tenant or the mailbox (Set-TransportConfig / Set-CASMailbox -SmtpClientAuthenticationDisabled $false)'
          : plan.useTls || implicitTls
            ? 'the server does not offer password sign-in to this client'
            : 'many servers list AUTH only after STARTTLS, and useTls is false';
      return {
        status: 'fail',
        summary: `AUTH failed: ${host} advertises ${mechanisms.length ? mechanisms.join(', ') : 'no AUTH mechanism'}, but the configured sign-in needs ${need}; ${cause}.`,
        line: plan.username?.line,
      };
    } else {
      steps.record(
        'auth',
        'pass',
        `${advertised}; the configured sign-in uses ${wanted.filter((m) => mechanisms.includes(m)).join(' or ')}`,
      );
    }

    // The sign-in and the test message, only when asked.
    const signIn = wanted.length > 0 && (context.smtpLogin || context.smtpSendTo !== undefined);
    let signedIn = false;
    if (signIn) {
      const outcome = await login(plan, context, steps, live, mechanisms);
      if (outcome) return outcome;
      signedIn = true;
    } else if (wanted.length > 0) {
      steps.skip('login', 'not asked: --smtp-login (VS Code: "Check the Mail Server" with sign-in) signs in');
    }
    if (context.smtpSendTo !== undefined) {
      const outcome = await sendTest(plan, context, steps, live, context.smtpSendTo);
      if (outcome) return outcome;
    }
    const version = tls?.getProtocol() ?? (implicitTls ? 'TLS (implicit, port 465)' : undefined);
    const legacy = /TLSv1(\.1)?$/.test(version ?? '');
    const what = [
      '220 greeting',
      'EHLO',
      ...(tls ? [`STARTTLS with ${version}`] : implicitTls ? ['implicit TLS'] : []),
      wanted.length ? `AUTH ${wanted.filter((m) => mechanisms.includes(m)).join('/')}` : undefined,
      signedIn ? 'sign-in' : undefined,
      context.smtpSendTo !== undefined ? `a test message to ${context.smtpSendTo}` : undefined,
    ].filter(Boolean);
    if (legacy) {
      return {
        status: 'warn',
        summary: `${host}:${port} works (${what.join(', ')}) but negotiates only ${version}: outdated and refused by Exchange Online; enable TLS 1.2 on the server.`,
      };
    }
    return {
      status: 'pass',
      summary: `${host}:${port} answers as the appliance needs: ${what.join(', ')}${notes.length ? `; ${notes.join('; ')}` : ''}.`,
    };
  } catch (error) {
    const failure = error instanceof StepFailure ? error : smtpFailure(error);
    return failureOutcome(failure, steps, 'mail server', (step) => timeoutCause(step, failure.detail));
  } finally {
    if (session) session.close();
  }
}

/** A dialogue step's work: nodemailer's errors become named failures (never its own text). */
function dialogue<T>(work: (signal: AbortSignal) => Promise<StepDone<T>>): (signal: AbortSignal) => Promise<StepDone<T>> {
  return async (signal) => {
    try {
      return await work(signal);
    } catch (error) {
      if (error instanceof StepFailure || signal.aborted) throw error;
      throw smtpFailure(error);
    }
  };
}

/** An EHLO step; the last one also waits for nodemailer to finish the opening dialogue (`final`). */
async function ehloStep(name: string, session: SmtpSession, steps: StepRunner, final: boolean): Promise<string[]> {
  return steps.run(
    name,
    dialogue(async (signal) => {
      let answered = await session.reply(signal);
      let reply = parseReply(answered.raw);
      if (answered.to === 'EHLO' && reply.code >= 500) {
        // nodemailer falls back to HELO, as RFC 5321 allows: no extensions then (no STARTTLS, no AUTH).
        const helo = await session.reply(signal);
        answered = helo;
        reply = parseReply(helo.raw);
        if (reply.code === 250) {
          await session.ready(signal);
          return { value: [], detail: `EHLO refused; HELO: ${describeReply(reply)} (no extensions: no STARTTLS, no AUTH)`, warn: true };
        }
      }
      if (reply.code !== 250) throw new StepFailure('error', `the server answered ${answered.to ?? 'EHLO'} with ${describeReply(reply)}`);
      const lines = replyLines(answered.raw);
      if (final) await session.ready(signal);
      return { value: lines, detail: `${describeReply(reply)}; extensions: ${lines.length ? lines.join(', ') : 'none'}` };
    }),
  );
}

async function login(
  plan: SmtpPlan,
  context: CheckContext,
  steps: StepRunner,
  session: SmtpSession,
  mechanisms: string[],
): Promise<CheckOutcome | undefined> {
  let user: string;
  let pass: string;
  let method: 'PLAIN' | 'LOGIN' | 'XOAUTH2';
  if (plan.mode === 'oauth2') {
    const oauth = plan.oauth;
    const username = plan.username && context.secrets.resolve(plan.username);
    if (!oauth || !username) {
      steps.skip('login', 'smtp.username is not set');
      return { status: 'skipped', summary: 'The sign-in was not tried: smtp.username is not set.' };
    }
    if (!username.ok) return { ...missingOutcome(steps, 'login', username.missing, 'smtp.username', context), status: 'warn' };
    const token = await requestToken(oauth, context, steps);
    if (!token.ok) {
      steps.skip('login', 'no OAuth2 token');
      return { ...token.outcome, summary: `The sign-in was not tried: ${token.outcome.summary}` };
    }
    user = username.value;
    pass = token.token;
    method = 'XOAUTH2';
  } else {
    if (!plan.username) return undefined;
    const username = context.secrets.resolve(plan.username);
    if (!username.ok) return { ...missingOutcome(steps, 'login', username.missing, 'smtp.username', context), status: 'warn' };
    if (!plan.password) {
      steps.skip('login', 'smtp.password is not set (IMP-SMTP-005)');
      return {
        status: 'warn',
        summary: 'The sign-in was not tried: smtp.username is set without smtp.password (IMP-SMTP-005).',
        line: plan.username.line,
      };
    }
    const password = context.secrets.resolve(plan.password, true);
    if (!password.ok) {
      const outcome = missingOutcome(steps, 'login', password.missing, 'smtp.password', context);
      return {
        status: 'warn',
        summary: `The mail server answers, but the sign-in was skipped: ${outcome.summary.replace(/^Not checked: /, '')}`,
        line: plan.password.line,
      };
    }
    user = username.value;
    pass = password.value;
    method = mechanisms.includes('PLAIN') ? 'PLAIN' : 'LOGIN';
  }
  try {
    await steps.run('login', async (signal) => {
      try {
        if (method === 'XOAUTH2') await session.loginXOAuth2(user, pass, signal);
        else await session.login(user, pass, method, signal);
      } catch (error) {
        if (error instanceof StepFailure || signal.aborted) throw error;
        const reply = parseReply((error as SmtpClientError).response ?? '');
        throw new StepFailure(
          'error',
          `AUTH ${method} as ${user}: ${reply.code ? describeReply(reply) : 'the server closed the connection'}`,
        );
      }
      return { value: undefined, detail: `signed in as ${user} with AUTH ${method}` };
    });
  } catch (error) {
    if (!(error instanceof StepFailure)) throw error;
    return {
      ...failureOutcome(error, steps, 'sign-in'),
      line: plan.mode === 'oauth2' ? plan.username?.line : (plan.password?.line ?? plan.username?.line),
    };
  }
  return undefined;
}

async function sendTest(
  plan: SmtpPlan,
  context: CheckContext,
  steps: StepRunner,
  session: SmtpSession,
  to: string,
): Promise<CheckOutcome | undefined> {
  const fromWritten = plan.from ?? plan.username;
  const from = fromWritten && context.secrets.resolve(fromWritten);
  if (!from || !from.ok) {
    steps.skip('send', from ? `the From address needs ${from.missing.join(', ')}` : 'smtp.from is not set');
    return { status: 'warn', summary: 'The test message was not sent: smtp.from is not set or not resolvable.' };
  }
  const message = testMessage(from.value, to);
  try {
    await steps.run('send', async (signal) => {
      let response: string;
      try {
        response = await session.send(from.value, to, message, signal);
      } catch (error) {
        if (error instanceof StepFailure || signal.aborted) throw error;
        const e = error as SmtpClientError;
        const reply = parseReply(e.response ?? '');
        const command = e.command ?? 'the message';
        throw new StepFailure(
          'error',
          `${command} from ${from.value} to ${to}: ${reply.code ? describeReply(reply) : 'the server closed the connection'}`,
          reply.enhanced === '5.2.252' ? `grant ${plan.username?.text ?? 'the account'} Send As on ${from.value}` : undefined,
        );
      }
      return {
        value: undefined,
        detail: `a test message from ${from.value} to ${to} was accepted: ${describeReply(parseReply(response))}`,
      };
    });
  } catch (error) {
    if (!(error instanceof StepFailure)) throw error;
    return { ...failureOutcome(error, steps, 'test message'), line: plan.from?.line };
  }
  return undefined;
}

function testMessage(from: string, to: string): string {
  const date = new Date().toUTCString().replace('GMT', '+0000');
  const id = `<preflight.${Date.now()}.${Math.random().toString(36).slice(2)}@imprivata-config.invalid>`;
  return [
    `From: ${from}`,
    `To: ${to}`,
    'Subject: Imprivata preflight test message',
    `Date: ${date}`,
    `Message-ID: ${id}`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    `This message was sent by imprivata-config preflight from ${os.hostname()} to check that the mail server`,
    'configured for the Imprivata appliance accepts mail from its From address. It needs no answer.',
    '',
  ].join('\r\n');
}

function tlsDetail(socket: TLSSocket, host: string): string {
  const peer = socket.getPeerCertificate();
  const protocol = socket.getProtocol() ?? 'TLS';
  return `${protocol} (capped at TLS 1.2, as the appliance), certificate ${distinguishedName(peer.subject)} issued by ${distinguishedName(peer.issuer)}, trusted, valid until ${new Date(peer.valid_to).toISOString().slice(0, 10)}, name matches ${host}`;
}

const UNTRUSTED =
  /UNABLE_TO_GET_ISSUER_CERT|UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED_CERT_IN_CHAIN|DEPTH_ZERO_SELF_SIGNED_CERT|CERT_UNTRUSTED|INVALID_CA|CERT_SIGNATURE_FAILURE/;

/** Why the STARTTLS handshake failed, from Node's verdict (which refused the connection before anything was sent). */
function tlsFailure(error: unknown, host: string): StepFailure {
  if (error instanceof StepFailure) return error;
  const e = error as SmtpClientError & { reason?: string };
  const code = e.originalCode ?? e.code ?? '';
  if (e.code === 'ETIMEDOUT') return new StepFailure('timeout', 'the TLS handshake did not finish');
  if (code === 'CERT_HAS_EXPIRED')
    return new StepFailure(
      'expired',
      `the mail server's certificate has expired (${code})`,
      'the certificate of the server must be renewed',
    );
  if (code === 'CERT_NOT_YET_VALID')
    return new StepFailure(
      'not-yet-valid',
      `the mail server's certificate is not valid yet (${code})`,
      "check this workstation's clock, or the server's certificate",
    );
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID')
    return new StepFailure(
      'wrong-host',
      `the mail server's certificate is not for ${host}`,
      'the server (or a device in between) presents a certificate for another name',
    );
  if (UNTRUSTED.test(code)) {
    return new StepFailure(
      'untrusted',
      `the mail server's certificate chain is not trusted (${code})`,
      'a private CA or a TLS-inspecting device: add its CA certificate with --ca (VS Code: imprivata.preflight.caFiles)',
    );
  }
  if (/PROTOCOL_VERSION|UNSUPPORTED_PROTOCOL|NO_PROTOCOLS_AVAILABLE|VERSION_TOO_LOW|TLSV1_ALERT_PROTOCOL/.test(code)) {
    return new StepFailure(
      'tls',
      `the server and a client capped at TLS 1.2 share no TLS version (${code})`,
      'the server accepts only TLS 1.3, which the appliance cannot negotiate (it stops at TLS 1.2): enable TLS 1.2 on the server',
    );
  }
  if (e.code === 'ECONNECTION' || code === 'ECONNRESET') return handshakeFailure('ECONNRESET');
  return handshakeFailure(code || undefined);
}

/** A nodemailer error outside a judged reply: named by what happened, never with its own text. */
function smtpFailure(error: unknown): StepFailure {
  const e = error as SmtpClientError;
  if (e?.code === 'EPROTOCOL' && !e.response) {
    return new StepFailure(
      'error',
      `the server's answer grew past ${MAX_REPLY_BYTES / 1024} KB without ending (an endless continuation line)`,
      'this is not a well-behaved SMTP server',
    );
  }
  if (e?.code === 'ECONNECTION' || e?.code === 'ESOCKET')
    return new StepFailure('reset', 'the server closed the connection', 'a firewall, or a server that refuses this client');
  if (e?.code === 'ETIMEDOUT') return new StepFailure('timeout', 'no answer');
  if (e?.response) return new StepFailure('error', describeReply(parseReply(e.response)));
  return new StepFailure('error', `the SMTP dialogue failed (${e?.code ?? 'unexpected error'})`);
}

function timeoutCause(step: string | undefined, detail: string): string {
  switch (step) {
    case 'tcp':
      return `${detail} to the connection attempt, typical of a firewall that drops the packets: ask for outbound TCP to this host and port`;
    case 'banner':
      return `the connection opened but the server sent no 220 greeting (${detail}): it may expect TLS from the first byte (port 465), not speak SMTP, or hold clients that a firewall or anti-spam device delays`;
    case 'ehlo':
    case 'ehlo after tls':
      return `no complete answer to EHLO (${detail}): the server stalls, or sends a reply that never ends`;
    case 'starttls':
      return `no answer to STARTTLS (${detail})`;
    case 'tls':
      return `the server accepted STARTTLS but the TLS handshake did not finish (${detail}); a firewall or device that inspects SMTP often does this`;
    case 'login':
      return `no answer to the sign-in (${detail})`;
    case 'send':
      return `no answer to the test message (${detail})`;
    default:
      return detail;
  }
}
