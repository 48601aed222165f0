/** Name resolution: the operating system's resolver (hosts file included), and `--resolve` overrides on top. */
import { promises as dns } from 'node:dns';
import { isIP } from 'node:net';
import type { ResolveRule } from './routing';
import { abortable } from './steps';
import { DnsError } from './types';
import type { Resolver } from './types';

/**
 * `dns.lookup`, as every other program on the workstation resolves. Names under `.invalid` fail at once without
 * a query (RFC 6761 §6.4: they never exist).
 */
export const systemResolver: Resolver = {
  async resolve(host: string, _port: number, signal: AbortSignal): Promise<string[]> {
    if (isIP(host)) return [host];
    if (/(^|\.)invalid\.?$/i.test(host)) throw new DnsError(host, 'ENOTFOUND');
    try {
      const answers = await abortable(dns.lookup(host, { all: true, verbatim: true }), signal);
      if (answers.length === 0) throw new DnsError(host, 'ENODATA');
      return answers.map((a) => a.address);
    } catch (error) {
      if (signal.aborted || error instanceof DnsError) throw error;
      const code = (error as { code?: unknown }).code;
      throw new DnsError(host, typeof code === 'string' ? code : 'ENOTFOUND');
    }
  },
};

/** `--resolve HOST:PORT:ADDR`: the rule for the exact host (or `*`) and port wins over the inner resolver. */
export function withOverrides(rules: readonly ResolveRule[], inner: Resolver): Resolver {
  if (rules.length === 0) return inner;
  return {
    resolve(host, port, signal) {
      const h = host.toLowerCase();
      const rule = rules.find((r) => r.host === h && r.port === port) ?? rules.find((r) => r.host === '*' && r.port === port);
      return rule ? Promise.resolve([...rule.addresses]) : inner.resolve(host, port, signal);
    },
  };
}
