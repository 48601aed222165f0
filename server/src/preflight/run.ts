/**
 * A preflight run from a parsed configuration: the families of checks the user asked for, planned from the
 * document, run by the engine over ports built from the options. The CLI and the language server both call this.
 */
import type { ConfigDocument } from '../core/document';
import { planHosts } from '../core/preflight/plan';
import { DEFAULT_AUTHORITY_HOST, planIdentityProvider, planOAuth, planSmtp } from '../core/preflight/service-plan';
import type { CheckContext } from './checks/check-context';
import { checkHost, hostTargetLabel } from './checks/host';
import { checkIdpMetadata, idpTargetLabel } from './checks/idp-metadata';
import { checkOAuthToken, oauthTargetLabel } from './checks/oauth2';
import { checkSmtp, smtpTargetLabel } from './checks/smtp';
import { createConnector } from './connector';
import { DEFAULT_TIMEOUT_MS, countResults, runChecks, systemClock } from './engine';
import type { CheckOutcome, PlannedCheck } from './engine';
import { systemResolver, withOverrides } from './resolver';
import { RoutingError, parseConnectTo, parseResolve, proxyFromEnvironment } from './routing';
import { SecretValues } from './secrets';
import type { StepRecorder } from './steps';
import { createTrustStore } from './trust';
import type { CheckResult, Clock, Ports, PreflightReport, Resolver } from './types';

/** `--only` names. `logo` is reserved (the static rules check the logo file). */
export const FAMILIES = ['hosts', 'idp', 'smtp', 'oauth', 'logo'] as const;
export type Family = (typeof FAMILIES)[number];
export const AVAILABLE_FAMILIES: readonly Family[] = ['hosts', 'idp', 'smtp', 'oauth'];

type Planner = (doc: ConfigDocument, ports: Ports, context: CheckContext) => PlannedCheck[];

/** Every text a check reports is scrubbed of the secrets it used (and of anything a server echoed of them). */
function scrubbed(
  context: CheckContext,
  run: (steps: StepRecorder) => Promise<CheckOutcome>,
): (steps: StepRecorder) => Promise<CheckOutcome> {
  return async (steps) => {
    try {
      const outcome = await run(steps);
      return { ...outcome, summary: context.secrets.scrub(outcome.summary) };
    } finally {
      for (const step of steps.steps) step.detail = context.secrets.scrub(step.detail);
    }
  };
}

const PLANNERS: Partial<Record<Family, Planner>> = {
  idp: (doc, _ports, context) => {
    const plan = planIdentityProvider(doc);
    if (!plan) return [];
    return [
      {
        id: `idp-metadata:${plan.source.kind}`,
        kind: 'idp-metadata',
        target: idpTargetLabel(plan),
        line: plan.source.value.line,
        run: scrubbed(context, (steps) => checkIdpMetadata(plan, context, steps)),
      },
    ];
  },
  smtp: (doc, _ports, context) => {
    const plan = planSmtp(doc);
    if (!plan) return [];
    return [
      {
        id: `smtp:${plan.server.text}:${plan.port.text}`,
        kind: 'smtp',
        target: smtpTargetLabel(plan),
        line: plan.line,
        run: scrubbed(context, (steps) => checkSmtp(plan, context, steps)),
      },
    ];
  },
  oauth: (doc, _ports, context) => {
    const plan = planOAuth(doc);
    if (!plan) return [];
    return [
      {
        id: `oauth2:${context.authorityHost}`,
        kind: 'oauth2',
        target: oauthTargetLabel(plan, context.authorityHost),
        line: plan.tenantId?.line ?? plan.line,
        run: scrubbed(context, (steps) => checkOAuthToken(plan, context, steps)),
      },
    ];
  },
  hosts: (doc, ports) => {
    const plan = planHosts(doc);
    const skipped: PlannedCheck[] = plan.skipped.map((s, index) => ({
      id: `host:skipped:${index}`,
      kind: 'host',
      target: s.text,
      line: s.line,
      skip: `\`${s.text}\` was not checked: ${s.reason}.`,
    }));
    const checks: PlannedCheck[] = plan.targets.map((target) => ({
      id: `host:${target.probe}:${target.port}:${target.protocol}`,
      kind: 'host',
      target: hostTargetLabel(target),
      line: target.line,
      run: (steps) => checkHost(target, ports, steps),
    }));
    return [...checks, ...skipped];
  },
};

export const RAN_FROM = 'this workstation, not the appliance: a path open here may still be closed from the appliance, and the reverse';

export interface PreflightOptions {
  only?: readonly Family[];
  timeoutMs?: number;
  concurrency?: number;
  /** `--resolve` specs. */
  resolve?: readonly string[];
  /** `--connect-to` specs. */
  connectTo?: readonly string[];
  caFiles?: readonly string[];
  /** Proxy variables and NODE_EXTRA_CA_CERTS are read from here (default: process.env). */
  env?: NodeJS.ProcessEnv;
  /** `--smtp-login`: sign in to the mail server with the configured credentials. */
  smtpLogin?: boolean;
  /** `--smtp-send-to ADDR`: send a test message to ADDR (signs in first when credentials are configured). */
  smtpSendTo?: string;
  /** `--authority-host`: the Entra ID login host (sovereign clouds); default login.microsoftonline.com. */
  authorityHost?: string;
  /** Secret values by variable name (VS Code's SecretStorage): they win over `env` for `${env:NAME}`. */
  secrets?: Readonly<Record<string, string>>;
  /** Messages about a missing secret mention VS Code's command that stores one. */
  inVsCode?: boolean;
  signal?: AbortSignal;
  onResult?: (result: CheckResult, done: number, total: number) => void;
  onStart?: (check: PlannedCheck, total: number) => void;
}

/** The ports of a run: routing options parsed (throws RoutingError / TrustError on bad input, before anything runs). */
export function createPorts(options: PreflightOptions, base: { resolver?: Resolver; clock?: Clock } = {}): Ports {
  if (options.authorityHost !== undefined) parseAuthorityHost(options.authorityHost);
  if (options.smtpSendTo !== undefined && !isSendToAddress(options.smtpSendTo)) {
    throw new RoutingError(`--smtp-send-to expects an email address (got "${options.smtpSendTo}")`);
  }
  const resolver = withOverrides((options.resolve ?? []).map(parseResolve), base.resolver ?? systemResolver);
  const connector = createConnector({
    resolver,
    connectTo: (options.connectTo ?? []).map(parseConnectTo),
    proxy: proxyFromEnvironment(options.env ?? process.env),
  });
  return { connector, trust: createTrustStore({ caFiles: options.caFiles, env: options.env }), clock: base.clock ?? systemClock };
}

/** `--authority-host HOST[:PORT]`: a host name, nothing else (it becomes https://HOST/<tenant>/oauth2/v2.0/token). */
export function parseAuthorityHost(value: string): string {
  const host = value.trim().toLowerCase();
  if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:\d{1,5})?$/.test(host)) {
    throw new RoutingError(`--authority-host expects a host name such as login.microsoftonline.us (got "${value}")`);
  }
  return host;
}

/** The address goes into RCPT TO: a plain mailbox, no angle brackets, spaces or line breaks. */
export function isSendToAddress(address: string): boolean {
  return /^[^\s<>@,;"]+@[^\s<>@,;".]+(\.[^\s<>@,;".]+)+$/.test(address);
}

export function checkContext(doc: ConfigDocument, ports: Ports, options: PreflightOptions): CheckContext {
  return {
    ports,
    secrets: new SecretValues(options.env ?? process.env, options.secrets),
    configFile: doc.filePath,
    inVsCode: options.inVsCode,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    authorityHost: options.authorityHost ? parseAuthorityHost(options.authorityHost) : DEFAULT_AUTHORITY_HOST,
    smtpLogin: options.smtpLogin === true,
    smtpSendTo: options.smtpSendTo,
  };
}

export function planChecks(
  doc: ConfigDocument,
  ports: Ports,
  only: readonly Family[] = AVAILABLE_FAMILIES,
  options: PreflightOptions = {},
): PlannedCheck[] {
  const context = checkContext(doc, ports, options);
  return only.flatMap((family) => PLANNERS[family]?.(doc, ports, context) ?? []);
}

export async function runPreflight(doc: ConfigDocument, file: string, options: PreflightOptions, ports: Ports): Promise<PreflightReport> {
  const started = ports.clock.now();
  const checks = planChecks(doc, ports, options.only, options);
  const results = await runChecks(checks, {
    clock: ports.clock,
    timeoutMs: options.timeoutMs,
    concurrency: options.concurrency,
    signal: options.signal,
    onResult: options.onResult,
    onStart: (check) => options.onStart?.(check, checks.length),
  });
  return {
    file,
    durationMs: Math.round(ports.clock.now() - started),
    ranFrom: RAN_FROM,
    checks: results,
    counts: countResults(results),
  };
}
