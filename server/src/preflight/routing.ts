/**
 * Routing options with curl's syntax and meaning, and the proxy settings of the environment:
 * - `--resolve HOST:PORT:ADDR[,ADDR]...`: connections to HOST on PORT use ADDR instead of a DNS answer
 *   (`*` for HOST matches any host);
 * - `--connect-to HOST:PORT:HOST2:PORT2`: connections meant for HOST:PORT go to HOST2:PORT2 instead (an empty
 *   HOST or PORT matches any; an empty HOST2 or PORT2 keeps the original). TLS still verifies the original HOST;
 * - `HTTPS_PROXY` / `HTTP_PROXY` / `NO_PROXY` (and their lower-case forms; VS Code passes `http.proxy` and
 *   `http.noProxy` the same way).
 */

export class RoutingError extends Error {}

export interface ResolveRule {
  host: string;
  port: number;
  addresses: string[];
}

export interface ConnectToRule {
  host?: string;
  port?: number;
  toHost?: string;
  toPort?: number;
}

export interface ProxySettings {
  /** For `https://` and other TLS targets. */
  https?: URL;
  /** For plain `http://` targets. */
  http?: URL;
  /** NO_PROXY entries, lower case. */
  noProxy: string[];
}

/** `[::1]` or `127.0.0.1` or `host`, then `:` and the rest. */
function splitHost(spec: string): [string, string] | undefined {
  if (spec.startsWith('[')) {
    const end = spec.indexOf(']');
    if (end < 0 || spec[end + 1] !== ':') return undefined;
    return [spec.slice(1, end), spec.slice(end + 2)];
  }
  const colon = spec.indexOf(':');
  return colon < 0 ? undefined : [spec.slice(0, colon), spec.slice(colon + 1)];
}

function port(text: string, what: string, spec: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < 1 || value > 65535) throw new RoutingError(`${what} "${spec}": "${text}" is not a port (1-65535)`);
  return value;
}

export function parseResolve(spec: string): ResolveRule {
  const first = splitHost(spec);
  const second =
    first && first[1].indexOf(':') >= 0 ? [first[1].slice(0, first[1].indexOf(':')), first[1].slice(first[1].indexOf(':') + 1)] : undefined;
  if (!first || !second || !first[0] || !second[1]) throw new RoutingError(`--resolve expects HOST:PORT:ADDRESS (got "${spec}")`);
  const addresses = second[1].split(',').map((a) => a.trim().replace(/^\[(.*)\]$/, '$1'));
  if (addresses.some((a) => a === '')) throw new RoutingError(`--resolve "${spec}": an address is empty`);
  return { host: first[0].toLowerCase(), port: port(second[0], '--resolve', spec), addresses };
}

export function parseConnectTo(spec: string): ConnectToRule {
  const first = splitHost(spec);
  const rest = first?.[1];
  const portEnd = rest?.indexOf(':') ?? -1;
  if (!first || rest === undefined || portEnd < 0)
    throw new RoutingError(`--connect-to expects HOST:PORT:CONNECT-TO-HOST:CONNECT-TO-PORT (got "${spec}")`);
  const fromPort = rest.slice(0, portEnd);
  const target = splitHost(rest.slice(portEnd + 1));
  if (!target) throw new RoutingError(`--connect-to expects HOST:PORT:CONNECT-TO-HOST:CONNECT-TO-PORT (got "${spec}")`);
  return {
    host: first[0] ? first[0].toLowerCase() : undefined,
    port: fromPort ? port(fromPort, '--connect-to', spec) : undefined,
    toHost: target[0] ? target[0].toLowerCase() : undefined,
    toPort: target[1] ? port(target[1], '--connect-to', spec) : undefined,
  };
}

/** Where a connection meant for host:port goes: the first matching `--connect-to` rule, as curl applies them. */
export function applyConnectTo(rules: readonly ConnectToRule[], host: string, port: number): { host: string; port: number } {
  const h = host.toLowerCase();
  for (const rule of rules) {
    if ((rule.host === undefined || rule.host === h) && (rule.port === undefined || rule.port === port)) {
      return { host: rule.toHost ?? h, port: rule.toPort ?? port };
    }
  }
  return { host: h, port };
}

/** The proxy settings from environment variables (lower case first, as curl reads them). */
export function proxyFromEnvironment(env: NodeJS.ProcessEnv): ProxySettings {
  const url = (name: string): URL | undefined => {
    const value = env[name.toLowerCase()] ?? env[name.toUpperCase()];
    if (!value) return undefined;
    try {
      return new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`);
    } catch {
      throw new RoutingError(`${name.toUpperCase()} is not a proxy URL (expected http://host:port)`);
    }
  };
  const noProxy = (env.no_proxy ?? env.NO_PROXY ?? '')
    .split(/[,\s]+/)
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  return { https: url('https_proxy'), http: url('http_proxy'), noProxy };
}

/** Whether NO_PROXY exempts host:port (curl's rules: `*`, a domain and its subdomains, a leading dot, `host:port`). */
export function bypassesProxy(noProxy: readonly string[], host: string, port: number): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  for (const raw of noProxy) {
    if (raw === '*') return true;
    let entry = raw;
    let entryPort: string | undefined;
    const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(raw);
    const withPort = /^([^:]+):(\d+)$/.exec(raw);
    if (bracketed) [entry, entryPort] = [bracketed[1], bracketed[2]];
    else if (withPort) [entry, entryPort] = [withPort[1], withPort[2]];
    if (entryPort !== undefined && Number(entryPort) !== port) continue;
    entry = entry.replace(/^\*?\./, '');
    if (h === entry || h.endsWith(`.${entry}`)) return true;
  }
  return false;
}

/** The proxy for a target, or undefined when it is reached directly. */
export function proxyFor(settings: ProxySettings, host: string, port: number, tls: boolean): URL | undefined {
  const proxy = tls ? settings.https : settings.http;
  if (!proxy || bypassesProxy(settings.noProxy, host, port)) return undefined;
  return proxy;
}
