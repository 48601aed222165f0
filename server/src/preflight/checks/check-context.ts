/**
 * What the identity-provider, mail-server and OAuth2 checks share: their context (ports, secrets, where the
 * configuration lives, what the user asked for) and how a failed step becomes the check's one-sentence summary.
 */
import type { CheckOutcome } from '../engine';
import { missingVariables } from '../secrets';
import type { SecretValues } from '../secrets';
import type { StepFailure } from '../steps';
import type { Ports, StepRunner } from '../types';

export interface CheckContext {
  ports: Ports;
  secrets: SecretValues;
  /** The configuration file's path: `metadataFile` is relative to it. */
  configFile?: string;
  /** Messages about a missing secret mention VS Code's SecretStorage command. */
  inVsCode?: boolean;
  /** Per network step (the SMTP client's own timers stay above it). */
  timeoutMs: number;
  /** `--authority-host` (default login.microsoftonline.com). */
  authorityHost: string;
  /** `--smtp-login`: sign in to the mail server. */
  smtpLogin: boolean;
  /** `--smtp-send-to ADDR`: send a test message there (signs in first when credentials are configured). */
  smtpSendTo?: string;
}

const STEP_LABEL: Record<string, string> = {
  dns: 'DNS',
  tcp: 'TCP',
  proxy: 'Proxy',
  tls: 'TLS',
  http: 'HTTP',
  banner: 'The greeting',
  ehlo: 'EHLO',
  starttls: 'STARTTLS',
  'ehlo after tls': 'EHLO after STARTTLS',
  auth: 'AUTH',
  token: 'The token request',
  login: 'Sign-in',
  send: 'The test message',
};

export function stepLabel(name: string | undefined): string {
  if (!name) return 'A step';
  return STEP_LABEL[name] ?? (name.startsWith('http (redirect') ? 'A redirect' : name);
}

/** A failed step as the check's summary: "<Step> failed: <detail>; <advice>." or "<Step> timed out: ...". */
export function failureOutcome(
  error: StepFailure,
  steps: StepRunner,
  what: string,
  timeoutCause?: (step: string | undefined) => string,
): CheckOutcome {
  const failed = [...steps.steps].reverse().find((s) => s.status === 'fail' || s.status === 'skipped');
  const label = stepLabel(failed?.name);
  if (error.reason === 'cancelled') return { status: 'skipped', summary: `Cancelled during ${label}.` };
  if (error.reason === 'timeout') {
    const cause = timeoutCause?.(failed?.name) ?? `${error.detail} (${what})`;
    return { status: 'fail', summary: `${label} timed out: ${cause}.` };
  }
  return { status: 'fail', summary: `${label} failed: ${error.detail}${error.advice ? `; ${error.advice}` : ''}.` };
}

/** A value whose `${env:...}` variable is not set: the step that needs it is skipped, naming the variable. */
export function missingOutcome(
  steps: StepRunner,
  step: string,
  missing: readonly string[],
  key: string,
  context: CheckContext,
): CheckOutcome {
  const why = missingVariables(missing, key, context.inVsCode);
  steps.skip(step, why);
  return { status: 'skipped', summary: `Not checked: ${why}.` };
}
