/**
 * `imprivata-config preflight FILE`: the live checks from a terminal or CI. Exit status 0 when no check failed
 * (warnings allowed), 1 when one did, 2 on a usage error or unreadable input.
 */
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { ConfigDocument } from '../core/document';
import { readConfigText } from '../node/input';
import { DEFAULT_CONCURRENCY, DEFAULT_TIMEOUT_MS } from '../preflight/engine';
import { formatPreflightJson, formatPreflightJunit, formatPreflightSarif, formatPreflightText } from '../preflight/report-format';
import { RoutingError } from '../preflight/routing';
import { AVAILABLE_FAMILIES, FAMILIES, createPorts, isSendToAddress, runPreflight } from '../preflight/run';
import type { Family, PreflightOptions } from '../preflight/run';
import { TrustError } from '../preflight/trust';

export const PREFLIGHT_USAGE = `Usage: imprivata-config preflight FILE [options]

Checks, from this workstation, that what the configuration describes works on the network: every
firewall.allowlist host and the hosts the file implies (DNS, TCP, TLS with full certificate validation,
HTTP); the identity provider's SAML metadata; the mail server (SMTP, STARTTLS, AUTH); the OAuth2 token of
Exchange Online. It runs here, not on the appliance: the report says so.

Options:
  --only hosts,idp,smtp,oauth        the families of checks to run (comma-separated; default: all available)
  --format text|json|sarif|junit     report format (default: text)
  --output FILE                      write the report to FILE instead of standard output
  --timeout MS                       timeout of each network step (default: ${DEFAULT_TIMEOUT_MS})
  --concurrency N                    checks run at once (default: ${DEFAULT_CONCURRENCY})
  --resolve HOST:PORT:ADDR           use ADDR for HOST on PORT instead of DNS (repeatable; as curl)
  --connect-to HOST:PORT:HOST2:PORT2 connect to HOST2:PORT2 when HOST:PORT is meant (repeatable; as curl);
                                     TLS still verifies HOST
  --ca FILE                          also trust the CA certificates in FILE (PEM; repeatable), e.g. the CA
                                     of a TLS-inspecting proxy. Certificate checks cannot be turned off.
  --smtp-login                       also sign in to the mail server (password, or the OAuth2 token)
  --smtp-send-to ADDR                also send a test message to ADDR (signs in first when the file
                                     configures credentials); proves Send As for the From address
  --authority-host HOST              the Entra ID login host of the OAuth2 token (sovereign clouds, e.g.
                                     login.microsoftonline.us; default: login.microsoftonline.com)
  -h, --help                         show this help

Secrets (smtp.password, smtp.secret) come from the environment variables their \${env:NAME} references name;
a missing one skips the step that needs it. They are never printed, logged or written into a report.
Proxies: HTTPS_PROXY, HTTP_PROXY and NO_PROXY are honoured. NODE_EXTRA_CA_CERTS is trusted too.
Exit status: 0 no check failed (warnings allowed), 1 a check failed, 2 usage error or unreadable input.
`;

class PreflightUsageError extends Error {}

interface CliOptions extends PreflightOptions {
  file?: string;
  format: 'text' | 'json' | 'sarif' | 'junit';
  output?: string;
  help?: boolean;
}

function parseArgs(args: readonly string[]): CliOptions {
  const options: CliOptions = { format: 'text', resolve: [], connectTo: [], caFiles: [] };
  const resolve: string[] = [];
  const connectTo: string[] = [];
  const caFiles: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const value = (): string => {
      if (eq > 0) return arg.slice(eq + 1);
      const next = args[++i];
      if (next === undefined) throw new PreflightUsageError(`${flag} needs a value`);
      return next;
    };
    const integer = (min: number, max: number): number => {
      const text = value();
      const n = Number(text);
      if (!/^\d+$/.test(text) || n < min || n > max)
        throw new PreflightUsageError(`${flag} expects a whole number from ${min} to ${max} (got "${text}")`);
      return n;
    };
    switch (flag) {
      case '-h':
      case '--help':
        options.help = true;
        break;
      case '--only': {
        const names = value()
          .split(',')
          .map((s) => s.trim().toLowerCase())
          .filter(Boolean);
        for (const name of names) {
          if (!(FAMILIES as readonly string[]).includes(name))
            throw new PreflightUsageError(`--only: unknown check "${name}" (${FAMILIES.join(', ')})`);
          if (!AVAILABLE_FAMILIES.includes(name as Family)) {
            throw new PreflightUsageError(
              `--only: the "${name}" checks are not available in this version yet (available: ${AVAILABLE_FAMILIES.join(', ')})`,
            );
          }
        }
        if (names.length === 0) throw new PreflightUsageError('--only needs at least one name');
        options.only = names as Family[];
        break;
      }
      case '--format': {
        const format = value();
        if (format !== 'text' && format !== 'json' && format !== 'sarif' && format !== 'junit') {
          throw new PreflightUsageError(`unknown format "${format}" (text, json, sarif or junit)`);
        }
        options.format = format;
        break;
      }
      case '--output':
      case '-o':
        options.output = value();
        break;
      case '--timeout':
        options.timeoutMs = integer(100, 600_000);
        break;
      case '--concurrency':
        options.concurrency = integer(1, 64);
        break;
      case '--resolve':
        resolve.push(value());
        break;
      case '--connect-to':
        connectTo.push(value());
        break;
      case '--ca':
        caFiles.push(value());
        break;
      case '--smtp-login':
        if (eq > 0) throw new PreflightUsageError('--smtp-login takes no value');
        options.smtpLogin = true;
        break;
      case '--smtp-send-to': {
        const address = value().trim();
        if (!isSendToAddress(address)) throw new PreflightUsageError(`--smtp-send-to expects an email address (got "${address}")`);
        options.smtpSendTo = address;
        break;
      }
      case '--authority-host':
        options.authorityHost = value();
        break;
      default:
        if (flag.startsWith('-') && flag !== '-') throw new PreflightUsageError(`unknown option ${flag}`);
        if (options.file !== undefined) throw new PreflightUsageError('preflight checks one file at a time');
        options.file = arg;
    }
  }
  return { ...options, resolve, connectTo, caFiles };
}

/** The progress line on standard error, rewritten in place; only when it is a terminal. */
function progress(stream: NodeJS.WriteStream): { update(text: string): void; clear(): void } {
  if (!stream.isTTY) return { update: () => undefined, clear: () => undefined };
  const columns = () => Math.max(20, (stream.columns || 80) - 1);
  return {
    update: (text) => stream.write(`\r\x1b[K${text.slice(0, columns())}`),
    clear: () => stream.write('\r\x1b[K'),
  };
}

export async function preflightCommand(args: readonly string[], cwd = process.cwd()): Promise<number> {
  try {
    return await preflight(args, cwd);
  } catch (error) {
    // Never a stack trace to a user: the error's class is enough for a bug report.
    process.stderr.write(
      `imprivata-config: internal error in preflight (${error instanceof Error ? error.name : 'unknown'}); please report it.\n`,
    );
    return 2;
  }
}

async function preflight(args: readonly string[], cwd: string): Promise<number> {
  const fail = (message: string, usage: boolean): number => {
    process.stderr.write(`imprivata-config: ${message}\n${usage ? `\n${PREFLIGHT_USAGE}` : ''}`);
    return 2;
  };
  let options: CliOptions;
  try {
    options = parseArgs(args);
  } catch (error) {
    if (error instanceof PreflightUsageError) return fail(error.message, true);
    throw error;
  }
  if (options.help) {
    process.stdout.write(PREFLIGHT_USAGE);
    return 0;
  }
  if (options.file === undefined) return fail('no file given', true);
  const read = readConfigText(options.file);
  if (!read.ok) return fail(`${options.file}: ${read.reason}`, false);
  const text = read.text;
  const doc = new ConfigDocument(text, path.resolve(options.file));
  if (!doc.root)
    return fail(`${options.file}: not a configuration (no YAML mapping at the top); run imprivata-config lint on it first`, false);
  let ports;
  try {
    ports = createPorts(options);
  } catch (error) {
    if (error instanceof RoutingError || error instanceof TrustError) return fail(error.message, true);
    throw error;
  }
  const line = progress(process.stderr);
  const running = new Set<string>();
  const report = await runPreflight(
    doc,
    options.file,
    {
      ...options,
      onStart: (check, total) => {
        running.add(check.target);
        line.update(`preflight: ${total} checks, running ${[...running].join(', ')}`);
      },
      onResult: (result, done, total) => {
        running.delete(result.target);
        line.update(`preflight: ${done}/${total} done${running.size ? `, running ${[...running].join(', ')}` : ''}`);
      },
    },
    ports,
  );
  line.clear();
  const output =
    options.format === 'json'
      ? formatPreflightJson(report)
      : options.format === 'sarif'
        ? formatPreflightSarif(report, cwd)
        : options.format === 'junit'
          ? formatPreflightJunit(report)
          : formatPreflightText(report);
  if (options.output) {
    try {
      writeFileSync(options.output, output);
    } catch {
      return fail(`${options.output}: cannot write the report`, false);
    }
  } else {
    process.stdout.write(output);
  }
  return report.counts.fail > 0 ? 1 : 0;
}
