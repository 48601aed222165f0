/**
 * Report formats: text (one line per check, then a summary), JSON (the report object as is), SARIF 2.1.0 (the
 * failed and warned checks on the YAML lines they concern), JUnit XML (one testcase per check) and Markdown (for
 * a support ticket). No format holds anything but the report: never a secret, never a server's own text.
 */
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { INFORMATION_URI, TOOL_NAME, TOOL_VERSION } from '../cli/format';
import { STATUS_WORD } from './report-markdown';
import type { CheckKind, CheckResult, PreflightReport } from './types';

export const PREFLIGHT_DOCS_URL = `${INFORMATION_URI}#preflight`;

export function checkMs(check: CheckResult): number {
  return check.steps.reduce((sum, step) => sum + step.ms, 0);
}

export function countsLine(report: PreflightReport): string {
  const { pass, warn, fail, skipped } = report.counts;
  const n = report.checks.length;
  return `${n} check${n === 1 ? '' : 's'} of ${report.file} in ${(report.durationMs / 1000).toFixed(1)} s, run from ${report.ranFrom}: ${pass} passed, ${warn} warned, ${fail} failed, ${skipped} skipped.`;
}

export function formatPreflightText(report: PreflightReport): string {
  const width = Math.max(0, ...report.checks.map((c) => c.target.length));
  const lines = report.checks.map(
    (c) => `${STATUS_WORD[c.status]}  ${c.target.padEnd(width)}  line ${String(c.line).padEnd(4)} ${c.summary}  (${checkMs(c)} ms)`,
  );
  lines.push(countsLine(report));
  return lines.join('\n') + '\n';
}

export function formatPreflightJson(report: PreflightReport): string {
  return JSON.stringify(report, null, 2) + '\n';
}

/** One SARIF rule per kind of check. */
const KIND_RULES: Record<CheckKind, { id: string; name: string; title: string; help: string }> = {
  host: {
    id: 'PREFLIGHT-HOST',
    name: 'HostReachability',
    title: 'A host the configuration needs is not reachable from this workstation.',
    help: 'The preflight resolved the host, connected over TCP, verified its TLS certificate (system, bundled and --ca authorities) and sent an HTTP request. The result names the step that failed and the likely cause: DNS failure, refused connection, timeout (typical of a firewall that drops the packets), an untrusted issuer (typical of a TLS-inspecting proxy), an expired or wrong-host certificate, or an HTTP error status. It ran from the workstation, not from the appliance.',
  },
  'idp-metadata': {
    id: 'PREFLIGHT-IDP',
    name: 'IdentityProviderMetadata',
    title: "The identity provider's SAML metadata failed a check.",
    help: "The preflight fetched the identity provider's SAML metadata over HTTPS (at most 5 redirects and 1 MiB; a DOCTYPE is refused before parsing) or read metadataFile, and checked it: one SAML 2.0 EntityDescriptor (not an aggregate) with an IDPSSODescriptor for SAML 2.0, its signing certificates (all expired: failure; rollover or expiry within 30 days: warning), validUntil, the single sign-on bindings, and for Entra ID the tenant of the URL against the entityID and the appid. The result names the certificate or the element concerned.",
  },
  smtp: {
    id: 'PREFLIGHT-SMTP',
    name: 'MailServer',
    title: 'The mail server failed a check.',
    help: 'The preflight spoke SMTP to the mail server as the appliance does: the 220 greeting, EHLO, STARTTLS offered and completed when useTls (TLS capped at 1.2, the certificate fully verified), EHLO again, the AUTH mechanisms the configured sign-in needs; on request the sign-in and a test message. Every reply code is explained in words. It ran from the workstation, not from the appliance.',
  },
  oauth2: {
    id: 'PREFLIGHT-OAUTH2',
    name: 'OAuth2Token',
    title: 'The OAuth2 token could not be obtained.',
    help: 'The preflight asked Microsoft Entra ID for a client-credentials token (scope https://outlook.office365.com/.default) and explained an AADSTS error: tenant not found (90002), application not found (700016), wrong secret (7000215: often the secret ID pasted instead of its value), expired secret (7000222). The token itself is never shown.',
  },
  logo: { id: 'PREFLIGHT-LOGO', name: 'Logo', title: 'The logo failed a check.', help: 'The preflight checked the logo file.' },
};

export function formatPreflightSarif(report: PreflightReport, baseDir: string): string {
  const kinds = Object.keys(KIND_RULES) as CheckKind[];
  const uri = path.relative(baseDir, path.resolve(report.file)).split(path.sep).join('/');
  const results = report.checks
    .filter((c) => c.status === 'fail' || c.status === 'warn')
    .map((c) => ({
      ruleId: KIND_RULES[c.kind].id,
      ruleIndex: kinds.indexOf(c.kind),
      level: c.status === 'fail' ? 'error' : 'warning',
      message: { text: sentence(c.summary) },
      locations: [{ physicalLocation: { artifactLocation: { uri, uriBaseId: '%SRCROOT%' }, region: { startLine: c.line } } }],
      partialFingerprints: { preflightCheck: c.id },
      properties: { target: c.target, steps: c.steps },
    }));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: TOOL_NAME,
            semanticVersion: TOOL_VERSION,
            informationUri: INFORMATION_URI,
            rules: kinds.map((kind) => ({
              id: KIND_RULES[kind].id,
              name: KIND_RULES[kind].name,
              shortDescription: { text: KIND_RULES[kind].title },
              fullDescription: { text: KIND_RULES[kind].help },
              helpUri: PREFLIGHT_DOCS_URL,
              help: { text: KIND_RULES[kind].help, markdown: KIND_RULES[kind].help },
              defaultConfiguration: { level: 'error' },
              properties: { tags: ['imprivata', 'preflight', kind] },
            })),
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: pathToFileURL(baseDir + path.sep).toString() } },
        properties: { ranFrom: report.ranFrom, durationMs: report.durationMs, counts: report.counts },
        results,
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}

function xml(text: string): string {
  // Characters XML 1.0 cannot hold at all are dropped; the five specials are escaped.
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

export function formatPreflightJunit(report: PreflightReport): string {
  const seconds = (ms: number) => (ms / 1000).toFixed(3);
  const { fail, skipped } = report.counts;
  const cases = report.checks.map((c) => {
    const steps = c.steps.map((s) => `${s.name}: ${s.status} in ${s.ms} ms: ${s.detail}`).join('\n');
    const open = `    <testcase classname="preflight.${c.kind}" name="${xml(c.target)}" file="${xml(report.file)}" line="${c.line}" time="${seconds(checkMs(c))}"`;
    if (c.status === 'fail') {
      return `${open}>\n      <failure message="${xml(c.summary)}" type="${c.kind}">${xml(steps)}</failure>\n    </testcase>`;
    }
    if (c.status === 'skipped') return `${open}>\n      <skipped message="${xml(c.summary)}"/>\n    </testcase>`;
    const out = c.status === 'warn' ? `warning: ${c.summary}\n${steps}` : `${c.summary}\n${steps}`;
    return `${open}>\n      <system-out>${xml(out)}</system-out>\n    </testcase>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${TOOL_NAME} preflight" tests="${report.checks.length}" failures="${fail}" errors="0" skipped="${skipped}" time="${seconds(report.durationMs)}">`,
    `  <testsuite name="${xml(`preflight ${report.file}`)}" tests="${report.checks.length}" failures="${fail}" errors="0" skipped="${skipped}" time="${seconds(report.durationMs)}">`,
    `    <properties>\n      <property name="ranFrom" value="${xml(report.ranFrom)}"/>\n    </properties>`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

function sentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}
