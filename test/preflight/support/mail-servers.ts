/**
 * Mail servers on 127.0.0.1 for the SMTP check: real ones from the `smtp-server` library (STARTTLS, implicit TLS,
 * AUTH PLAIN/LOGIN/XOAUTH2, a TLS 1.3-only one, one without STARTTLS), and hostile ones written on raw sockets
 * (no greeting, an endless continuation line, a STARTTLS that never completes).
 */
import * as net from 'node:net';
import { SMTPServer } from 'smtp-server';
import type { SMTPServerOptions } from 'smtp-server';
import type { Issued } from './pki';

export interface Received {
  logins: { method: string; user: string }[];
  messages: { from: string; to: string[]; size: number }[];
}

export interface MailServerOptions {
  issued: Issued;
  /** Port 465 style: TLS from the first byte. */
  secure?: boolean;
  hideStartTls?: boolean;
  minVersion?: 'TLSv1.2' | 'TLSv1.3';
  authMethods?: string[];
  /** user → password (PLAIN/LOGIN) or access token (XOAUTH2). */
  accounts?: Record<string, string>;
  /** Reply to RCPT TO with this error (e.g. Exchange's SendAsDenied). */
  rejectRecipient?: { code: number; message: string };
  /** A server that echoes what it was given in its AUTH failure reply (the scrubbing must catch it). */
  echoPassword?: boolean;
  /** XOAUTH2: whether a bearer token is accepted for a user. */
  acceptToken?: (user: string, token: string) => boolean;
}

export class MailNet {
  private readonly closers: (() => void)[] = [];
  private readonly sockets = new Set<net.Socket>();

  async smtp(options: MailServerOptions): Promise<{ port: number; received: Received }> {
    const received: Received = { logins: [], messages: [] };
    const accounts = options.accounts ?? {};
    const serverOptions: SMTPServerOptions = {
      secure: options.secure ?? false,
      key: options.issued.key,
      cert: options.issued.cert,
      hideSTARTTLS: options.hideStartTls ?? false,
      authMethods: options.authMethods ?? ['PLAIN', 'LOGIN'],
      authOptional: true,
      allowInsecureAuth: false,
      disabledCommands: [],
      logger: false,
      banner: 'test mail server ready',
      onAuth(auth, _session, callback) {
        const method = String(auth.method);
        const secret = method === 'XOAUTH2' ? auth.accessToken : auth.password;
        const user = String(auth.username);
        const tokenOk = method === 'XOAUTH2' && options.acceptToken?.(user, String(secret)) === true;
        if (tokenOk || (accounts[user] !== undefined && accounts[user] === secret)) {
          received.logins.push({ method, user });
          return callback(null, { user });
        }
        if (method === 'XOAUTH2')
          return callback(null, { data: { status: '401', schemes: 'bearer', scope: 'https://outlook.office365.com/' } });
        const error = new Error(
          options.echoPassword
            ? `5.7.3 Authentication unsuccessful for ${user} with ${String(secret)}`
            : '5.7.3 Authentication unsuccessful',
        ) as Error & { responseCode: number };
        error.responseCode = 535;
        return callback(error);
      },
      onRcptTo(address, _session, callback) {
        if (options.rejectRecipient) {
          const error = new Error(options.rejectRecipient.message) as Error & { responseCode: number };
          error.responseCode = options.rejectRecipient.code;
          return callback(error);
        }
        callback();
      },
      onData(stream, session, callback) {
        let size = 0;
        stream.on('data', (chunk: Buffer) => (size += chunk.length));
        stream.on('end', () => {
          received.messages.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            size,
          });
          callback(null, 'Queued as TEST1');
        });
      },
    };
    if (options.minVersion) (serverOptions as SMTPServerOptions & { minVersion: string }).minVersion = options.minVersion;
    const server = new SMTPServer(serverOptions);
    server.on('error', () => undefined);
    const port = await new Promise<number>((resolve) =>
      server.listen(0, '127.0.0.1', () => resolve((server.server.address() as net.AddressInfo).port)),
    );
    this.closers.push(() => server.close());
    return { port, received };
  }

  /** A raw TCP server: `onConnection` speaks (or does not) as the test wants. */
  async raw(onConnection: (socket: net.Socket) => void): Promise<number> {
    const server = net.createServer((socket) => {
      this.sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => this.sockets.delete(socket));
      onConnection(socket);
    });
    const port = await new Promise<number>((resolve) =>
      server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port)),
    );
    this.closers.push(() => server.close());
    return port;
  }

  /** Accepts the connection and never greets. */
  noBanner(): Promise<number> {
    return this.raw(() => undefined);
  }

  /** Greets, then answers EHLO with continuation lines that never end (as fast as the client reads). */
  endlessContinuation(): Promise<number> {
    return this.raw((socket) => {
      socket.write('220 endless.test ESMTP\r\n');
      socket.once('data', () => {
        const line = Buffer.from(`250-${'X'.repeat(70)}\r\n`.repeat(200));
        const pump = () => {
          while (!socket.destroyed && socket.write(line));
        };
        socket.on('drain', pump);
        pump();
      });
    });
  }

  /** Offers STARTTLS, answers 220 to it, and then never speaks TLS. */
  stalledStartTls(): Promise<number> {
    return this.raw((socket) => {
      socket.write('220 stall.test ESMTP\r\n');
      let buffered = '';
      const onData = (data: Buffer) => {
        buffered += data.toString('latin1');
        if (/^EHLO/im.test(buffered)) {
          socket.write('250-stall.test\r\n250-STARTTLS\r\n250 AUTH PLAIN LOGIN\r\n');
          buffered = '';
        } else if (/^STARTTLS/im.test(buffered)) {
          socket.write('220 2.0.0 Ready to start TLS\r\n');
          // From here on, silence: the client's TLS handshake is read and never answered.
          socket.removeListener('data', onData);
          socket.resume();
        }
      };
      socket.on('data', onData);
    });
  }

  close(): void {
    for (const socket of this.sockets) socket.destroy();
    for (const close of this.closers) close();
  }
}
