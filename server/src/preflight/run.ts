/**
 * A preflight run from a parsed configuration: the families of checks the user asked for, planned from the
 * document, run by the engine over ports built from the options. The CLI and the language server both call this.
 */
import type { ConfigDocument } from '../core/document';
import { planHosts } from '../core/preflight/plan';
import { checkHost, hostTargetLabel } from './checks/host';
import { createConnector } from './connector';
import { countResults, runChecks, systemClock } from './engine';
import type { PlannedCheck } from './engine';
import { systemResolver, withOverrides } from './resolver';
import { parseConnectTo, parseResolve, proxyFromEnvironment } from './routing';
import { createTrustStore } from './trust';
import type { CheckResult, Clock, Ports, PreflightReport, Resolver } from './types';

/** `--only` names. Only `hosts` exists so far; the others are reserved for the checks that build on this engine. */
export const FAMILIES = ['hosts', 'idp', 'smtp', 'oauth', 'logo'] as const;
export type Family = (typeof FAMILIES)[number];
export const AVAILABLE_FAMILIES: readonly Family[] = ['hosts'];

type Planner = (doc: ConfigDocument, ports: Ports) => PlannedCheck[];

const PLANNERS: Partial<Record<Family, Planner>> = {
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
  signal?: AbortSignal;
  onResult?: (result: CheckResult, done: number, total: number) => void;
  onStart?: (check: PlannedCheck, total: number) => void;
}

/** The ports of a run: routing options parsed (throws RoutingError / TrustError on bad input, before anything runs). */
export function createPorts(options: PreflightOptions, base: { resolver?: Resolver; clock?: Clock } = {}): Ports {
  const resolver = withOverrides((options.resolve ?? []).map(parseResolve), base.resolver ?? systemResolver);
  const connector = createConnector({
    resolver,
    connectTo: (options.connectTo ?? []).map(parseConnectTo),
    proxy: proxyFromEnvironment(options.env ?? process.env),
  });
  return { connector, trust: createTrustStore({ caFiles: options.caFiles, env: options.env }), clock: base.clock ?? systemClock };
}

export function planChecks(doc: ConfigDocument, ports: Ports, only: readonly Family[] = AVAILABLE_FAMILIES): PlannedCheck[] {
  return only.flatMap((family) => PLANNERS[family]?.(doc, ports) ?? []);
}

export async function runPreflight(doc: ConfigDocument, file: string, options: PreflightOptions, ports: Ports): Promise<PreflightReport> {
  const started = ports.clock.now();
  const checks = planChecks(doc, ports, options.only);
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
