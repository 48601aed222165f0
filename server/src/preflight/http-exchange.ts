/**
 * HTTP over a connection the connector opened (and the TLS step verified), with undici: one request per
 * connection, the body read up to a cap, redirects followed up to a cap with a fresh connection per hop. Every
 * hop goes through the same connector, so `--resolve`, `--connect-to` and proxies apply to it too.
 */
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { Client } from 'undici';
import { StepFailure } from './steps';
import { verifiedTls } from './tls-handshake';
import type { Connection, Ports, StepRunner } from './types';

export const USER_AGENT = 'imprivata-config-preflight/0.1.0';

export interface HttpAnswer {
  status: number;
  statusText: string;
  headers: Record<string, string | string[] | undefined>;
  /** Present when the body was asked for (`maxBytes`). */
  body?: Buffer;
}

export interface ExchangeOptions {
  method?: 'GET' | 'HEAD' | 'POST';
  /** A request body (POST): never part of a step's detail, it may hold a secret. */
  body?: string;
  /** Extra request headers (`content-type` of the body). */
  headers?: Record<string, string>;
  /** Read the body up to this many bytes (more: a `too-large` failure); undefined: the body is not read. */
  maxBytes?: number;
  stepName?: string;
}

/** One request on an open (and, for https, verified) socket. */
export function exchange(
  url: URL,
  socket: Socket,
  connection: Connection,
  steps: StepRunner,
  options: ExchangeOptions = {},
): Promise<HttpAnswer> {
  return steps.run(options.stepName ?? 'http', async (signal) => {
    // Plain HTTP through a proxy: the request goes to the proxy, which fetches the absolute URL.
    const absolute = connection.proxyForHttp === true;
    const client = new Client(absolute ? 'http://proxy.invalid' : url.origin, {
      // Asynchronously: undici's client misses a connection handed back synchronously.
      connect: (_options, callback) => process.nextTick(() => callback(null, socket)),
      pipelining: 1,
      // The step's own timeout bounds the whole exchange; undici's per-phase timers would only cut it shorter.
      headersTimeout: 0,
      bodyTimeout: 0,
    });
    try {
      const response = await client.request({
        method: options.method ?? 'GET',
        path: absolute ? url.href : `${url.pathname}${url.search}`,
        headers: { host: url.host, 'user-agent': USER_AGENT, accept: '*/*', ...options.headers },
        body: options.body,
        signal,
      });
      // Destroying an unread body raises an abort error on it: expected here, so it is listened for.
      response.body.on('error', () => undefined);
      const answer: HttpAnswer = {
        status: response.statusCode,
        statusText: STATUS_CODES[response.statusCode] ?? '',
        headers: response.headers,
      };
      if (options.maxBytes === undefined) {
        // Reachability needs the status line only: the body is dropped unread, however long it is.
        response.body.destroy();
      } else {
        const chunks: Buffer[] = [];
        let total = 0;
        for await (const chunk of response.body) {
          total += (chunk as Buffer).length;
          if (total > options.maxBytes) {
            response.body.destroy();
            throw new StepFailure('too-large', `the answer is larger than ${options.maxBytes} bytes: reading stopped there`);
          }
          chunks.push(chunk as Buffer);
        }
        answer.body = Buffer.concat(chunks);
      }
      return {
        value: answer,
        detail: `${options.method ?? 'GET'} ${url.pathname}${url.search}: HTTP ${answer.status}${answer.statusText ? ` ${answer.statusText}` : ''}`,
      };
    } catch (error) {
      if (error instanceof StepFailure) throw error;
      if (signal.aborted) throw signal.reason;
      throw httpFailure(error);
    } finally {
      void client.destroy().catch(() => undefined);
      socket.destroy();
    }
  });
}

function httpFailure(error: unknown): StepFailure {
  const code = String((error as { code?: unknown }).code ?? '');
  if (code === 'UND_ERR_SOCKET' || code === 'ECONNRESET' || code === 'EPIPE') {
    return new StepFailure(
      'http',
      'the server closed the connection without an HTTP answer',
      'a firewall or proxy may cut the connection after the handshake',
    );
  }
  if (code.startsWith('HPE_') || code === 'UND_ERR_INFO') {
    return new StepFailure('http', `the answer is not HTTP (${code})`, 'check the port and protocol of the entry');
  }
  return new StepFailure('http', `the HTTP request failed (${code || 'unknown error'})`);
}

/** Redirect statuses that carry a Location. */
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

export interface FetchOptions extends ExchangeOptions {
  /** At most this many redirects are followed (default 5); one more is a `redirects` failure. */
  maxRedirects?: number;
  /** Only https:// URLs, also after a redirect. */
  httpsOnly?: boolean;
}

/**
 * GET a URL through the ports, following redirects (each hop: connector, TLS, HTTP steps). For checks that need
 * a document (the identity provider's metadata): the body capped, the redirects capped.
 */
export async function fetchUrl(
  start: URL,
  ports: Ports,
  steps: StepRunner,
  options: FetchOptions = {},
): Promise<HttpAnswer & { url: URL }> {
  const maxRedirects = options.maxRedirects ?? 5;
  let url = start;
  for (let hop = 0; ; hop++) {
    if (options.httpsOnly && url.protocol !== 'https:') {
      throw new StepFailure('http', `${url.href} is not https://`, 'the document must be served over HTTPS');
    }
    const tlsTarget = url.protocol === 'https:';
    const port = Number(url.port || (tlsTarget ? 443 : 80));
    const connection = await ports.connector.open({ host: url.hostname, port, protocol: tlsTarget ? 'tls' : 'plain-http' }, steps);
    let socket: Socket = connection.socket;
    try {
      if (tlsTarget) socket = (await verifiedTls(connection, url.hostname, ports.trust, ports.clock, steps)).socket;
    } catch (error) {
      connection.socket.destroy();
      throw error;
    }
    const answer = await exchange(url, socket, connection, steps, { ...options, stepName: hop === 0 ? 'http' : `http (redirect ${hop})` });
    const location = answer.headers.location;
    if (!REDIRECTS.has(answer.status) || typeof location !== 'string') return { ...answer, url };
    if (hop >= maxRedirects) {
      throw new StepFailure(
        'redirects',
        `more than ${maxRedirects} redirects (the last to ${new URL(location, url).href})`,
        'the server redirects in a loop, or too often',
      );
    }
    url = new URL(location, url);
  }
}
