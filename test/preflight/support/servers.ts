/**
 * Real servers for the preflight tests, all on 127.0.0.1: HTTPS and HTTP servers, a CONNECT proxy, and hostile
 * ones (silent, a TLS handshake that never finishes, a byte a second, an endless body, a redirect loop). A
 * resolver that answers only for the names a test maps, and refuses (and records) any other name, so nothing
 * can reach anything but 127.0.0.1.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import * as net from 'node:net';
import * as tls from 'node:tls';
import { DnsError } from '../../../server/src/preflight/types';
import type { Resolver } from '../../../server/src/preflight/types';
import type { Issued } from './pki';

type Closable = { close(): void };

export interface Recorded {
  /** Requests that reached the application (method and path). */
  requests: string[];
}

/**
 * An HTTPS server on 127.0.0.1 that a test starts with `listen()` (an ephemeral port) and ends with `close()`,
 * which also ends the connections still open. Subclasses give the request handler.
 */
export class LoopbackHttpsServer {
  protected readonly server: https.Server;
  private readonly sockets = new Set<net.Socket>();
  port = 0;

  constructor(certificate: Issued, handler: http.RequestListener) {
    this.server = https.createServer({ cert: certificate.cert, key: certificate.key }, handler);
    this.server.on('connection', (socket: net.Socket) => {
      this.sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  listen(): Promise<number> {
    return new Promise((resolve) =>
      this.server.listen(0, '127.0.0.1', () => {
        this.port = (this.server.address() as net.AddressInfo).port;
        resolve(this.port);
      }),
    );
  }

  close(): void {
    for (const socket of this.sockets) socket.destroy();
    this.server.close();
  }
}

export class TestNet {
  private readonly servers: Closable[] = [];
  private readonly sockets = new Set<net.Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();

  private track(server: net.Server): void {
    server.on('connection', (socket: net.Socket) => {
      this.sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => this.sockets.delete(socket));
    });
    this.servers.push(server);
  }

  private listen(server: net.Server): Promise<number> {
    this.track(server);
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port));
    });
  }

  /** An HTTPS server answering every request with `status`. */
  async https(issued: Issued, status = 200, recorded: Recorded = { requests: [] }): Promise<{ port: number; recorded: Recorded }> {
    const server = https.createServer({ cert: issued.cert, key: issued.key }, (req, res) => {
      recorded.requests.push(`${req.method} ${req.url}`);
      res.writeHead(status, { 'content-type': 'text/plain' }).end('test server\n');
    });
    return { port: await this.listen(server), recorded };
  }

  /** A plain HTTP server (an OCSP responder stand-in). */
  async http(status = 200): Promise<{ port: number; recorded: Recorded }> {
    const recorded: Recorded = { requests: [] };
    const server = http.createServer((req, res) => {
      recorded.requests.push(`${req.method} ${req.url}`);
      res.writeHead(status).end();
    });
    return { port: await this.listen(server), recorded };
  }

  /** Accepts TCP connections and never sends a byte. */
  silent(): Promise<number> {
    return this.listen(net.createServer(() => undefined));
  }

  /** Reads the ClientHello, answers with the header of a TLS record whose body never comes. */
  tlsStall(): Promise<number> {
    return this.listen(
      net.createServer((socket) => {
        socket.once('data', () => socket.write(Buffer.from([0x16, 0x03, 0x03, 0x00, 0x7a])));
      }),
    );
  }

  /** TLS, then an HTTP answer sent one byte a second. */
  trickle(issued: Issued): Promise<number> {
    const answer = Buffer.from('HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n');
    const server = tls.createServer({ cert: issued.cert, key: issued.key }, (socket) => {
      socket.on('error', () => undefined);
      socket.once('data', () => {
        let sent = 0;
        const timer = setInterval(() => {
          if (socket.destroyed || sent >= answer.length) {
            clearInterval(timer);
            this.timers.delete(timer);
            return;
          }
          socket.write(answer.subarray(sent, ++sent));
        }, 1000);
        this.timers.add(timer);
      });
    });
    return this.listen(server);
  }

  /** HTTPS 200 with a body that never ends (written as fast as the client reads). */
  async endless(issued: Issued): Promise<{ port: number; sent: () => number }> {
    let sent = 0;
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    const server = https.createServer({ cert: issued.cert, key: issued.key }, (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      const pump = () => {
        while (!res.destroyed && res.write(chunk)) sent += chunk.length;
        if (!res.destroyed) sent += chunk.length;
      };
      res.on('drain', pump);
      res.on('error', () => undefined);
      pump();
    });
    return { port: await this.listen(server), sent: () => sent };
  }

  /** HTTPS that redirects every request to another path of itself, forever. */
  async redirectLoop(issued: Issued): Promise<{ port: number; recorded: Recorded }> {
    const recorded: Recorded = { requests: [] };
    const server = https.createServer({ cert: issued.cert, key: issued.key }, (req, res) => {
      recorded.requests.push(`${req.method} ${req.url}`);
      res.writeHead(302, { location: `/loop/${recorded.requests.length}` }).end();
    });
    return { port: await this.listen(server), recorded };
  }

  /** A port nothing listens on (bound, then closed). */
  async closedPort(): Promise<number> {
    const server = net.createServer();
    const port = await new Promise<number>((resolve) =>
      server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port)),
    );
    await new Promise<void>((resolve) => server.close(() => resolve()));
    return port;
  }

  /**
   * An HTTP proxy that tunnels CONNECT to the 127.0.0.1 port `routes` gives for the authority, and refuses (403)
   * anything else. Records every CONNECT authority.
   */
  async connectProxy(routes: Record<string, number>): Promise<{ port: number; connects: string[] }> {
    const connects: string[] = [];
    const server = http.createServer((_req, res) => res.writeHead(405).end());
    server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
      const authority = String(req.url);
      connects.push(authority);
      client.on('error', () => undefined);
      const port = routes[authority];
      if (port === undefined) {
        client.end('HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\n\r\n');
        return;
      }
      const upstream = net.connect(port, '127.0.0.1', () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        if (head.length) upstream.write(head);
        upstream.pipe(client);
        client.pipe(upstream);
      });
      upstream.on('error', () => client.destroy());
      this.sockets.add(upstream);
    });
    return { port: await this.listen(server), connects };
  }

  close(): void {
    for (const timer of this.timers) clearInterval(timer);
    for (const socket of this.sockets) socket.destroy();
    for (const server of this.servers) server.close();
  }
}

/**
 * Answers `names` with their addresses, fails names under `.invalid` as DNS does, and refuses every other name
 * (recorded in `refused`, which the tests assert stays empty).
 */
export function testResolver(names: Record<string, string> = {}): Resolver & { refused: string[]; asked: string[] } {
  const refused: string[] = [];
  const asked: string[] = [];
  return {
    refused,
    asked,
    async resolve(host: string): Promise<string[]> {
      asked.push(host);
      if (net.isIP(host)) {
        if (host !== '127.0.0.1') refused.push(host);
        return host === '127.0.0.1' ? [host] : Promise.reject(new DnsError(host, 'EREFUSED'));
      }
      const h = host.toLowerCase();
      if (/(^|\.)invalid$/.test(h)) throw new DnsError(host, 'ENOTFOUND');
      const address = names[h];
      if (address === '127.0.0.1') return [address];
      refused.push(host);
      throw new DnsError(host, 'EREFUSED');
    },
  };
}
