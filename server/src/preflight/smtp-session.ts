/**
 * One SMTP session over a socket the connector opened, spoken by nodemailer's SMTP client
 * (`nodemailer/lib/smtp-connection`) rather than by hand-written protocol code. nodemailer runs the dialogue
 * (greeting, EHLO, STARTTLS, EHLO again) on its own; its transaction log (a bunyan-style logger with
 * `transactionLog`: every reply, every command) is turned into a queue of events, so that the check can time and
 * judge each step as it happens, each under its own timeout.
 *
 * Only reply texts and command verbs are kept: the arguments of a command (credentials) never enter the queue.
 */
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import SMTPConnection from 'nodemailer/lib/smtp-connection';
import XOAuth2 from 'nodemailer/lib/xoauth2';
import type { TrustStore } from './types';

export type SessionEvent =
  | { kind: 'reply'; raw: string; to?: string }
  | { kind: 'command'; verb: string }
  | { kind: 'ready' }
  | { kind: 'error'; error: SmtpClientError };

/** nodemailer's error: a code (`ETIMEDOUT`, `ETLS`, `EPROTOCOL`, `EAUTH`, `EENVELOPE`, ...) and the server reply. */
export interface SmtpClientError extends Error {
  code?: string;
  originalCode?: string;
  response?: string;
  responseCode?: number;
  command?: string;
  timeoutType?: string;
}

const VERBS = new Set(['EHLO', 'HELO', 'LHLO', 'STARTTLS', 'AUTH', 'MAIL', 'RCPT', 'DATA', 'QUIT', 'RSET', 'NOOP']);
/** A reply longer than this never ends: an endless continuation line is cut here, well before memory matters. */
export const MAX_REPLY_BYTES = 64 * 1024;

export interface SessionOptions {
  /** The name the server is known by: STARTTLS verifies it (SNI and certificate), also under `--connect-to`. */
  host: string;
  port: number;
  /** The socket already speaks TLS (port 465, verified by the TLS step). */
  secured: boolean;
  /** `useTls`: STARTTLS is required; otherwise it is not attempted (as the appliance with TLS off). */
  requireTls: boolean;
  trust: TrustStore;
  /** nodemailer's own timers stay above the steps' timeouts: the steps name the failure. */
  timeoutMs: number;
  /** Applied to every server reply before anything reads it: a server that repeats a secret is not quoted. */
  scrub: (text: string) => string;
}

export class SmtpSession {
  readonly connection: SMTPConnection;
  private readonly events: SessionEvent[] = [];
  private readonly scrub: (text: string) => string;
  private wake: (() => void) | undefined;
  private lastVerb: string | undefined;

  constructor(socket: Socket, options: SessionOptions) {
    const generous = Math.min(options.timeoutMs * 20, 10 * 60 * 1000);
    const push = (event: SessionEvent) => {
      this.events.push(event);
      this.wake?.();
    };
    this.connection = new SMTPConnection({
      connection: socket,
      secured: options.secured,
      host: options.host,
      port: options.port,
      requireTLS: options.requireTls && !options.secured,
      ignoreTLS: !options.requireTls,
      tls: {
        // As the appliance: TLS up to 1.2, no minimum of its own.
        secureContext: options.trust.applianceContext(),
        // Node verifies the chain and the name and refuses the connection before anything is sent on it.
        rejectUnauthorized: true,
      },
      greetingTimeout: generous,
      connectionTimeout: generous,
      socketTimeout: generous,
      socketCloseTimeout: 0,
      maxResponseSize: MAX_REPLY_BYTES,
      transactionLog: true,
      logger: {
        debug: (entry: { tnx?: string } | undefined, message?: unknown) => {
          if (typeof message !== 'string') return;
          if (entry?.tnx === 'server') push({ kind: 'reply', raw: options.scrub(message), to: this.lastVerb });
          else if (entry?.tnx === 'client') {
            const words = message.trim().split(/\s+/);
            const verb = VERBS.has(words[0]?.toUpperCase()) ? words[0].toUpperCase() : 'AUTH-DATA';
            // AUTH's mechanism is not a secret; its other arguments are never kept.
            this.lastVerb = verb === 'AUTH' && words[1] && /^[A-Z0-9-]+$/i.test(words[1]) ? `AUTH ${words[1].toUpperCase()}` : verb;
            push({ kind: 'command', verb: this.lastVerb });
          }
        },
        info: () => undefined,
        warn: () => undefined,
        error: () => undefined,
        trace: () => undefined,
        fatal: () => undefined,
      },
    });
    this.scrub = options.scrub;
    this.connection.on('error', (error: SmtpClientError) => push({ kind: 'error', error: this.scrubbed(error) }));
    this.connection.connect((error?: SmtpClientError) => push(error ? { kind: 'error', error: this.scrubbed(error) } : { kind: 'ready' }));
  }

  /** The next event; rejects with the signal's reason when the step ends first. */
  next(signal: AbortSignal): Promise<SessionEvent> {
    return new Promise((resolve, reject) => {
      const take = () => {
        const event = this.events.shift();
        if (!event) return false;
        signal.removeEventListener('abort', onAbort);
        this.wake = undefined;
        resolve(event);
        return true;
      };
      const onAbort = () => {
        this.wake = undefined;
        reject(signal.reason);
      };
      if (signal.aborted) return reject(signal.reason);
      if (take()) return;
      signal.addEventListener('abort', onAbort, { once: true });
      this.wake = () => void take();
    });
  }

  /** The next server reply (commands in between are passed over); an error event rejects with the error. */
  async reply(signal: AbortSignal): Promise<{ raw: string; to?: string }> {
    for (;;) {
      const event = await this.next(signal);
      if (event.kind === 'reply') return event;
      if (event.kind === 'error') throw event.error;
    }
  }

  /** Waits for the client's next command `verb` (the sign that nodemailer moved on), or an error. */
  async command(verb: string, signal: AbortSignal): Promise<void> {
    for (;;) {
      const event = await this.next(signal);
      if (event.kind === 'command' && event.verb === verb) return;
      if (event.kind === 'error') throw event.error;
    }
  }

  /** Waits for the end of the opening dialogue (nodemailer's connect callback), or an error. */
  async ready(signal: AbortSignal): Promise<void> {
    for (;;) {
      const event = await this.next(signal);
      if (event.kind === 'ready') return;
      if (event.kind === 'error') throw event.error;
    }
  }

  /** The TLS socket after STARTTLS (nodemailer's public `_socket`). */
  tlsSocket(): TLSSocket | undefined {
    const socket = this.connection._socket;
    return socket && 'getProtocol' in socket ? (socket as TLSSocket) : undefined;
  }

  /** AUTH PLAIN or LOGIN with a password. */
  login(user: string, pass: string, method: 'PLAIN' | 'LOGIN', signal: AbortSignal): Promise<void> {
    return this.settle(signal, (done) => this.connection.login({ user, pass, method }, (error) => done(error ?? undefined)));
  }

  /**
   * AUTH XOAUTH2 with a token obtained beforehand (nodemailer's XOAuth2 without any way to renew it: it builds
   * `user=<mailbox>^Aauth=Bearer <token>^A^A` and answers a failure challenge as Exchange Online expects).
   */
  loginXOAuth2(user: string, accessToken: string, signal: AbortSignal): Promise<void> {
    const oauth2 = new XOAuth2({ user, accessToken });
    return this.settle(signal, (done) => this.connection.login({ type: 'OAuth2', user, oauth2 }, (error) => done(error ?? undefined)));
  }

  send(from: string, to: string, message: string, signal: AbortSignal): Promise<string> {
    return this.settle(signal, (done) =>
      this.connection.send({ from, to: [to] }, message, (error, info) => done(error ?? undefined, info?.response)),
    );
  }

  /** QUIT, then the socket is released whatever the server does. */
  close(): void {
    try {
      if (!this.connection.destroyed) this.connection.quit();
    } catch {
      /* already closed */
    }
    const timer = setTimeout(() => this.connection.close(), 500);
    timer.unref();
  }

  /** Ends the session at once (a step's timeout or cancel). */
  destroy(): void {
    this.connection.close();
    const socket = this.connection._socket;
    if (socket) socket.destroy();
  }

  private scrubbed(error: SmtpClientError): SmtpClientError {
    if (typeof error.response === 'string') error.response = this.scrub(error.response);
    return error;
  }

  private settle<T>(signal: AbortSignal, start: (done: (error?: SmtpClientError, value?: T) => void) => void): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (signal.aborted) return reject(signal.reason);
      const onAbort = () => finish(signal.reason);
      // A connection lost mid-command is an 'error' event, not always the command's callback.
      const onError = (error: SmtpClientError) => finish(error);
      const finish = (error: unknown, value?: T) => {
        signal.removeEventListener('abort', onAbort);
        this.connection.removeListener('error', onError);
        if (error) reject(error);
        else resolve(value as T);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.connection.once('error', onError);
      start((error, value) => finish(error && this.scrubbed(error), value));
    });
  }
}
