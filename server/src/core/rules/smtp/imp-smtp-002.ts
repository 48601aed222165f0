import { defineRule, fixSpec, fixSpecs } from '../rule';
import type { RuleContext } from '../rule';
import { dnsNameProblem, hasEnvReference, isIpAddress } from '../../values';
import { smtpMode } from '../../domain/smtp';
import { describeScalar } from '../../value-words';
import { replaceStateValue, valueState } from '../../yaml/value-state';

export default defineRule({
  id: 'IMP-SMTP-002',
  title: 'SMTP server and port',
  severity: 'error',
  docs: `In mode \`basic\`, \`smtp.server\` is what the console calls "SMTP Server": an IPv4 or IPv6 address, or a
fully qualified domain name (\`smtp.example.org\`). A single-label name (\`mailhost\`) is reported too: it only
resolves through the appliance's DNS search suffix, if at all, so write the FQDN. A URL (\`smtp://…\`), a
port glued to the host (\`smtp.example.org:587\`) or spaces are errors with a hint on how to write it.

\`smtp.port\` is optional (587, submission with STARTTLS, is the usual value) and must be a whole number from 1 to
65535. A quoted whole number such as \`"587"\` is unambiguous: it is read as the number, with a hint and an "unquote" fix; an \`\${env:NAME}\` reference is
accepted and not checked.

Values that contain an \`\${env:NAME}\` reference are not checked, an empty \`server\` is reported by IMP-SMTP-001,
and in mode \`oauth2\` these keys are stray (IMP-SMTP-001) and not checked here.`,
  fix: 'Unquote a port written as text.',
  fixKind: 'safe',
  check(ctx) {
    const { doc } = ctx;
    if (!doc.map(['smtp']) || smtpMode(doc) === 'oauth2') return;
    checkServer(ctx);
    checkPort(ctx);
  },
});

function checkServer({ doc, report }: RuleContext): void {
  const state = valueState(doc, ['smtp', 'server']);
  if (state.kind === 'container') {
    report({
      span: state.keySpan,
      message: '`smtp.server` must be a single value: the IP address or FQDN of the mail server, not a list or mapping.',
    });
    return;
  }
  if (state.kind !== 'scalar') return;
  if (typeof state.value !== 'string') {
    report({
      span: state.span,
      message: `\`smtp.server\` is ${describeScalar(state.value, state.text)}: write the IP address or FQDN of the mail server, such as \`smtp.example.org\`.`,
    });
    return;
  }
  const server = state.value;
  if (server.trim() === '' || hasEnvReference(server)) return;
  const problem = serverProblem(server);
  if (problem) report({ span: state.span, message: `\`smtp.server\` ${problem}` });
}

/** Why a server value is not an IP address or FQDN, as the rest of a sentence; undefined when it is fine. */
export function serverProblem(server: string): string | undefined {
  const value = server.trim();
  if (value !== server) return 'has spaces around it: write only the host name or IP address.';
  if (isIpAddress(value)) return undefined;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    return 'is a URL: write only the host name (for example `smtp.example.org`), without a scheme or path; the port goes in `port`.';
  }
  if (/^\[[0-9a-f:.]+\]$/i.test(value) && isIpAddress(value.slice(1, -1)))
    return 'is an IPv6 address in brackets: write it without the brackets.';
  const hostPort = /^(.+):(\d+)$/.exec(value);
  if (hostPort && !value.includes('::') && (isIpAddress(hostPort[1]) || dnsNameProblem(hostPort[1]) === undefined)) {
    return `includes a port: write only the host (\`${hostPort[1]}\`) and put \`${hostPort[2]}\` in \`port\`.`;
  }
  if (/^[\d.]+$/.test(value)) return 'looks like an IPv4 address but is not a valid one (four numbers from 0 to 255, separated by dots).';
  if (value.includes(':')) return 'is not a valid IPv6 address, and a host name cannot contain `:`.';
  const dns = dnsNameProblem(value);
  if (dns) return `is not a valid IP address or host name: ${dns}.`;
  if (!value.replace(/\.$/, '').includes('.')) {
    return `is a single-label name: the appliance needs a fully qualified domain name (such as \`${value}.example.org\`) or an IP address, since a short name only resolves through a DNS search suffix, if at all.`;
  }
  return undefined;
}

function checkPort({ doc, report }: RuleContext): void {
  const state = valueState(doc, ['smtp', 'port']);
  const advice = 'write a whole number from 1 to 65535, usually 587 (submission with STARTTLS), or remove `port` to use 587.';
  if (state.kind === 'absent') return;
  if (state.kind === 'empty') {
    report({ span: state.keySpan, message: `\`smtp.port\` is empty: ${advice}` });
    return;
  }
  if (state.kind === 'container') {
    report({ span: state.keySpan, message: `\`smtp.port\` must be a single number, not a list or mapping: ${advice}` });
    return;
  }
  const value = state.value;
  if (typeof value === 'number' || typeof value === 'bigint') {
    const n = Number(value);
    if (Number.isInteger(n) && n >= 1 && n <= 65535) return;
    const why = Number.isInteger(n) ? 'outside the range of TCP ports' : 'not a whole number';
    report({ span: state.span, message: `\`smtp.port\` is \`${state.text}\`, ${why}: ${advice}` });
    return;
  }
  if (typeof value === 'string') {
    if (hasEnvReference(value)) return;
    if (/^\s*\d+\s*$/.test(value)) {
      const n = Number(value.trim());
      if (n >= 1 && n <= 65535) {
        report({
          span: state.span,
          severity: 'hint',
          message: `\`smtp.port\` is written in quotes ("${value}"); it is read as the port ${n}. Writing it without quotes says the same more plainly.`,
          fixes: fixSpecs(fixSpec(`Write \`${n}\` as a number`, [replaceStateValue(doc, state, String(n))], true)),
        });
        return;
      }
    }
  }
  report({ span: state.span, message: `\`smtp.port\` is ${describeScalar(value, state.text)}, which is not a port number: ${advice}` });
}
