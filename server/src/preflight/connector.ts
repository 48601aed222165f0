/**
 * The one connector every check opens its connections through: `--connect-to`, then the proxy decision, then
 * `--resolve` or DNS, then TCP (and an HTTP proxy's CONNECT tunnel). It records the `dns`, `tcp` and `proxy`
 * steps; TLS and the application protocol are the check's.
 */
import * as net from 'node:net';
import { Client } from 'undici';
import type { ConnectToRule, ProxySettings } from './routing';
import { applyConnectTo, proxyFor } from './routing';
import { StepFailure } from './steps';
import { DnsError } from './types';
import type { Connection, Connector, Resolver, StepRunner } from './types';

export interface ConnectorOptions {
  resolver: Resolver;
  connectTo?: readonly ConnectToRule[];
  proxy?: ProxySettings;
}

const USER_AGENT = 'imprivata-config-preflight';

export function createConnector(options: ConnectorOptions): Connector {
  const connectTo = options.connectTo ?? [];
  const proxySettings = options.proxy ?? { noProxy: [] };

  async function direct(host: string, port: number, steps: StepRunner, note: string): Promise<{ socket: net.Socket; address: string }> {
    const addresses = await steps.run('dns', async (signal) => {
      try {
        const found = await options.resolver.resolve(host, port, signal);
        return { value: found, detail: `${host} resolves to ${found.join(', ')}${note}` };
      } catch (error) {
        if (error instanceof DnsError) {
          throw new StepFailure(
            'dns',
            `${host} does not resolve from this workstation (${error.code})${note}`,
            'check the name, or whether this network resolves outside names only through a proxy',
          );
        }
        throw error;
      }
    });
    return steps.run('tcp', async (signal) => {
      let last: StepFailure | undefined;
      for (const address of addresses) {
        try {
          const socket = await connectTcp(address, port, signal);
          return { value: { socket, address }, detail: `connected to ${endpoint(address, port)}` };
        } catch (error) {
          if (!(error instanceof StepFailure) || signal.aborted) throw error;
          last = error;
        }
      }
      throw last ?? new StepFailure('unreachable', `no address to connect to for ${host}`);
    });
  }

  return {
    async open(target, steps): Promise<Connection> {
      const destination = applyConnectTo(connectTo, target.host, target.port);
      const rerouted = destination.host !== target.host.toLowerCase() || destination.port !== target.port;
      const note = rerouted ? ` (--connect-to: ${target.host}:${target.port} goes to ${destination.host}:${destination.port})` : '';
      // SMTP and other plain TCP do not go through an HTTP proxy: the appliance does not either.
      const proxy = target.protocol === 'tcp' ? undefined : proxyFor(proxySettings, target.host, target.port, target.protocol === 'tls');
      if (!proxy) {
        const { socket, address } = await direct(destination.host, destination.port, steps, note);
        return { socket, via: endpoint(address, destination.port), proxied: false };
      }
      const proxyPort = Number(proxy.port || (proxy.protocol === 'https:' ? 443 : 80));
      const proxyLabel = `proxy ${proxy.hostname}:${proxyPort}`;
      if (proxy.protocol !== 'http:') {
        steps.skip('proxy', `${proxyLabel}: only http:// proxies are supported`);
        throw new StepFailure('proxy', `the proxy URL of ${proxyLabel} is not http://`, 'give the proxy as http://host:port');
      }
      const { socket: proxySocket } = await direct(proxy.hostname.replace(/^\[(.*)\]$/, '$1'), proxyPort, steps, ` (${proxyLabel})`);
      if (target.protocol === 'plain-http') {
        // Plain HTTP through a proxy: the request itself goes to the proxy, in absolute form.
        return { socket: proxySocket, via: proxyLabel, proxied: true, proxyForHttp: true };
      }
      const authority = `${destination.host.includes(':') ? `[${destination.host}]` : destination.host}:${destination.port}`;
      const tunnel = await steps.run('proxy', async (signal) => {
        const client = new Client(`http://${proxy.host}`, {
          // Asynchronously: undici's client misses a connection handed back synchronously.
          connect: (_options, callback) => process.nextTick(() => callback(null, proxySocket)),
          pipelining: 0,
        });
        const headers: Record<string, string> = { host: authority, 'user-agent': USER_AGENT };
        if (proxy.username) {
          headers['proxy-authorization'] =
            `Basic ${Buffer.from(`${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`).toString('base64')}`;
        }
        try {
          const { statusCode, socket } = await client.connect({ path: authority, headers, signal });
          if (statusCode !== 200) {
            socket.destroy();
            throw new StepFailure(
              'proxy',
              `${proxyLabel} answered HTTP ${statusCode} to CONNECT ${authority}`,
              statusCode === 407
                ? 'the proxy wants credentials: put them in the proxy URL (http://user:password@host:port)'
                : 'the proxy does not let this workstation through to the host: ask for it to be allowed, or add the host to NO_PROXY if it is reachable directly',
            );
          }
          socket.on('error', ignore);
          return { value: socket, detail: `${proxyLabel} opened a tunnel to ${authority}${note}` };
        } catch (error) {
          proxySocket.destroy();
          if (error instanceof StepFailure || signal.aborted) throw error;
          throw new StepFailure('proxy', `${proxyLabel} closed the connection instead of answering CONNECT ${authority}`);
        } finally {
          void client.close().catch(() => undefined);
        }
      });
      // undici types the tunnel as a Duplex; it is the proxy's net.Socket, handed over after the CONNECT answer.
      return { socket: tunnel as net.Socket, via: proxyLabel, proxied: true };
    },
  };
}

function ignore(): void {
  /* see the callers */
}

function endpoint(address: string, port: number): string {
  return `${address.includes(':') ? `[${address}]` : address}:${port}`;
}

/** One TCP connection attempt, ended by the step's signal. */
export function connectTcp(address: string, port: number, signal: AbortSignal): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const socket = net.connect({ host: address, port });
    const onAbort = () => {
      socket.destroy();
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    socket.once('connect', () => {
      signal.removeEventListener('abort', onAbort);
      socket.removeAllListeners('error');
      // Later errors reach whoever reads the socket next; this keeps one that nobody listens for from crashing.
      socket.on('error', ignore);
      resolve(socket);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      signal.removeEventListener('abort', onAbort);
      socket.destroy();
      reject(tcpFailure(error.code, endpoint(address, port)));
    });
  });
}

function tcpFailure(code: string | undefined, where: string): StepFailure {
  switch (code) {
    case 'ECONNREFUSED':
      return new StepFailure(
        'refused',
        `the connection to ${where} was refused`,
        'nothing listens there, or a firewall rejects the connection actively',
      );
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return new StepFailure('unreachable', `no route to ${where} (${code})`, 'this workstation has no route to the address');
    case 'ECONNRESET':
      return new StepFailure('reset', `the connection to ${where} was reset`, 'a firewall or proxy closed it');
    case 'ETIMEDOUT':
      return new StepFailure('timeout', `the connection to ${where} timed out`);
    default:
      return new StepFailure('unreachable', `could not connect to ${where} (${code ?? 'unknown error'})`);
  }
}
