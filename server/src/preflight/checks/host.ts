/**
 * Host reachability: DNS, TCP, TLS (SNI, full validation) and an HTTP(S) request, from this workstation. OCSP
 * hosts on port 80 are plain HTTP; a mail server is DNS and TCP only (its dialogue is the SMTP check's).
 */
import type { Socket } from 'node:net';
import type { HostTarget } from '../../core/preflight/plan';
import { exchange } from '../http-exchange';
import { StepFailure } from '../steps';
import { verifiedTls } from '../tls-handshake';
import type { CheckStatus, Ports, StepRunner } from '../types';

export interface CheckOutcome {
  status: CheckStatus;
  summary: string;
}

const STEP_LABEL: Record<string, string> = { dns: 'DNS', tcp: 'TCP', proxy: 'Proxy', tls: 'TLS', http: 'HTTP' };

export function hostTargetLabel(target: HostTarget): string {
  return `${target.probe}:${target.port} (${target.protocol.toUpperCase()})`;
}

export async function checkHost(target: HostTarget, ports: Ports, steps: StepRunner): Promise<CheckOutcome> {
  // The summary sits next to the target in every view; a wildcard says which name stood for it.
  const wildcard = target.host !== target.probe ? `Checked on ${target.probe}, the representative name of \`${target.host}\`: ` : '';
  const say = (text: string) => (wildcard ? `${wildcard}${text}` : `${text[0].toUpperCase()}${text.slice(1)}`);
  let socket: Socket | undefined;
  try {
    const protocol = target.protocol === 'https' ? 'tls' : target.protocol === 'http' ? 'plain-http' : 'tcp';
    const connection = await ports.connector.open({ host: target.probe, port: target.port, protocol }, steps);
    socket = connection.socket;
    if (target.protocol === 'smtp') {
      steps.skip('smtp', 'the mail dialogue (banner, STARTTLS, AUTH) is the SMTP check');
      return { status: 'pass', summary: say(`accepts TCP connections from this workstation (via ${connection.via}).`) };
    }
    if (target.protocol === 'https') {
      const verified = await verifiedTls(connection, target.probe, ports.trust, ports.clock, steps);
      socket = verified.socket;
    } else {
      steps.skip('tls', 'plain HTTP by design (OCSP answers are signed; HTTPS would make revocation checking circular)');
    }
    const url = new URL(`${target.protocol}://${target.probe.includes(':') ? `[${target.probe}]` : target.probe}:${target.port}/`);
    const answer = await exchange(url, socket, connection, steps);
    if (answer.status >= 500) {
      return {
        status: 'fail',
        summary: say(
          `HTTP failed: the server answered HTTP ${answer.status}${answer.statusText ? ` ${answer.statusText}` : ''}, an error status; the network path is open but the service behind it (or a proxy in front of it) is failing.`,
        ),
      };
    }
    if (answer.status === 407) {
      return {
        status: 'fail',
        summary: say(`HTTP failed: a proxy asks for credentials (HTTP 407); put them in the proxy URL (http://user:password@host:port).`),
      };
    }
    const how = target.protocol === 'https' ? 'DNS, TCP, TLS (trusted certificate, name matches) and HTTPS' : 'DNS, TCP and HTTP';
    return {
      status: 'pass',
      summary: say(
        `reachable from this workstation: ${how} answered (HTTP ${answer.status}${connection.proxied ? `, through the ${connection.via}` : ''}).`,
      ),
    };
  } catch (error) {
    socket?.destroy();
    if (!(error instanceof StepFailure)) throw error;
    const failed = steps.steps[steps.steps.length - 1];
    const label = STEP_LABEL[failed?.name ?? ''] ?? failed?.name ?? 'a step';
    if (error.reason === 'cancelled') return { status: 'skipped', summary: say(`cancelled during ${label}.`) };
    if (error.reason === 'timeout')
      return { status: 'fail', summary: say(`${label} timed out: ${timeoutCause(failed?.name, error.detail)}.`) };
    return {
      status: 'fail',
      summary: say(`${label} failed: ${error.detail}${error.advice ? `; ${error.advice}` : ''}.`),
    };
  } finally {
    socket?.destroy();
  }
}

function timeoutCause(step: string | undefined, detail: string): string {
  switch (step) {
    case 'dns':
      return `${detail} from the resolver; the DNS server is slow or unreachable`;
    case 'tcp':
      return `${detail} to the connection attempt, typical of a firewall that drops the packets: ask for outbound TCP to this host and port to be opened`;
    case 'proxy':
      return `${detail} from the proxy to CONNECT`;
    case 'tls':
      return `the connection opened but the TLS handshake did not finish (${detail}); a firewall or proxy that accepts connections and then drops them does this`;
    case 'http':
      return `the server did not send a complete HTTP answer (${detail})`;
    default:
      return detail;
  }
}
