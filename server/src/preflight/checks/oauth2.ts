/**
 * The OAuth2 client-credentials token of `smtp.mode: oauth2`: POST to
 * `https://<authority>/<tenantId>/oauth2/v2.0/token` with scope `https://outlook.office365.com/.default`, through
 * the one connector and the verified TLS step. Success, or the AADSTS code in words. The token is never printed,
 * logged or stored: it is registered with the secrets (scrubbed from every text) and handed to the SMTP sign-in only.
 */
import { OUTLOOK_SCOPE } from '../../core/preflight/service-plan';
import type { OAuthPlan, Written } from '../../core/preflight/service-plan';
import { explainTokenError } from '../../core/preflight/token-errors';
import { isGuid } from '../../core/values';
import type { CheckOutcome } from '../engine';
import { exchange } from '../http-exchange';
import { StepFailure } from '../steps';
import { verifiedTls } from '../tls-handshake';
import type { StepRunner } from '../types';
import type { CheckContext } from './check-context';
import { failureOutcome, missingOutcome } from './check-context';

/** A token answer is a few KB; an error answer too. */
const MAX_TOKEN_ANSWER_BYTES = 64 * 1024;
/** The application permission an SMTP client-credentials token must carry. */
const SEND_ROLE = 'SMTP.SendAsApp';

export function oauthTargetLabel(plan: OAuthPlan, authorityHost: string): string {
  return `${authorityHost}/${plan.tenantId?.text ?? '?'} (OAuth2 token)`;
}

export type TokenResult = { ok: true; token: string; outcome: CheckOutcome } | { ok: false; outcome: CheckOutcome };

export async function checkOAuthToken(plan: OAuthPlan, context: CheckContext, steps: StepRunner): Promise<CheckOutcome> {
  return (await requestToken(plan, context, steps)).outcome;
}

/** Asks for the token; also the SMTP check's first step of an OAuth2 sign-in. */
export async function requestToken(plan: OAuthPlan, context: CheckContext, steps: StepRunner): Promise<TokenResult> {
  const needed: [keyof OAuthPlan, string][] = [
    ['tenantId', 'smtp.tenantId'],
    ['clientId', 'smtp.clientId'],
    ['secret', 'smtp.secret'],
  ];
  const values: Record<string, string> = {};
  for (const [field, key] of needed) {
    const written = plan[field] as Written | undefined;
    if (!written) {
      steps.skip('token', `${key} is not set`);
      return { ok: false, outcome: { status: 'skipped', summary: `Not checked: ${key} is not set.`, line: plan.line } };
    }
    const resolved = context.secrets.resolve(written, field === 'secret');
    if (!resolved.ok)
      return { ok: false, outcome: { ...missingOutcome(steps, 'token', resolved.missing, key, context), line: written.line } };
    values[field] = resolved.value;
  }
  const authority = context.authorityHost;
  let url: URL;
  try {
    url = new URL(`https://${authority}/${encodeURIComponent(values.tenantId)}/oauth2/v2.0/token`);
  } catch {
    steps.record('token', 'fail', `the authority host ${authority} does not make a URL`);
    return { ok: false, outcome: { status: 'fail', summary: `The authority host ${authority} is not a host name.` } };
  }
  const port = Number(url.port || 443);
  let socket;
  try {
    const connection = await context.ports.connector.open({ host: url.hostname, port, protocol: 'tls' }, steps);
    socket = connection.socket;
    try {
      socket = (await verifiedTls(connection, url.hostname, context.ports.trust, context.ports.clock, steps)).socket;
    } catch (error) {
      connection.socket.destroy();
      throw error;
    }
    const body = new URLSearchParams({
      client_id: values.clientId,
      client_secret: values.secret,
      scope: OUTLOOK_SCOPE,
      grant_type: 'client_credentials',
    }).toString();
    const answer = await exchange(url, socket, connection, steps, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      maxBytes: MAX_TOKEN_ANSWER_BYTES,
      stepName: 'token',
    });
    const text = (answer.body ?? Buffer.alloc(0)).toString('utf8');
    if (answer.status !== 200) {
      const explained = explainTokenError(answer.status, context.secrets.scrub(text), {
        tenantId: values.tenantId,
        clientId: values.clientId,
        secretLooksLikeId: isGuid(values.secret.trim()),
        authorityHost: authority,
      });
      // On the key the error is about; an unknown code stays on the planned line.
      const line = explained.field ? plan[explained.field]?.line : undefined;
      return { ok: false, outcome: { status: 'fail', summary: `No token: ${explained.finding}`, line } };
    }
    let token: string | undefined;
    let expires: number | undefined;
    try {
      const parsed = JSON.parse(text) as { access_token?: unknown; expires_in?: unknown };
      token = typeof parsed.access_token === 'string' ? parsed.access_token : undefined;
      expires = typeof parsed.expires_in === 'number' ? parsed.expires_in : Number(parsed.expires_in) || undefined;
    } catch {
      token = undefined;
    }
    if (!token) {
      steps.record('claims', 'fail', 'the answer holds no access_token');
      return {
        ok: false,
        outcome: {
          status: 'fail',
          summary: `The token endpoint at ${authority} answered HTTP 200 without an access token: a proxy may have answered in its place.`,
        },
      };
    }
    context.secrets.remember(token);
    const claims = tokenClaims(token);
    const roles = Array.isArray(claims?.roles) ? claims.roles.filter((r): r is string => typeof r === 'string') : [];
    const where = `tenant ${values.tenantId}, application ${values.clientId}${expires ? `, valid ${expires} s` : ''}`;
    if (!roles.includes(SEND_ROLE)) {
      steps.record('claims', 'warn', `the token carries ${roles.length ? `the roles ${roles.join(', ')}` : 'no roles'}, not ${SEND_ROLE}`);
      return {
        ok: true,
        token,
        outcome: {
          status: 'warn',
          summary: `A token was issued (${where}), but it carries no ${SEND_ROLE} role: grant the application the Office 365 Exchange Online application permission ${SEND_ROLE} and an admin's consent, or Exchange will refuse the sign-in.`,
          line: plan.clientId?.line ?? plan.line,
        },
      };
    }
    steps.record('claims', 'pass', `the token carries the role ${SEND_ROLE}`);
    return {
      ok: true,
      token,
      outcome: {
        status: 'pass',
        summary: `Entra ID issued a token for Exchange Online (${where}, role ${SEND_ROLE}); the token itself is never shown.`,
      },
    };
  } catch (error) {
    if (!(error instanceof StepFailure)) throw error;
    return { ok: false, outcome: failureOutcome(error, steps, 'token endpoint') };
  }
}

/** The payload of a JWT, read without verifying it (only to name the roles); undefined when it is not one. */
function tokenClaims(token: string): { roles?: unknown } | undefined {
  const payload = token.split('.')[1];
  if (!payload) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    return value && typeof value === 'object' ? (value as { roles?: unknown }) : undefined;
  } catch {
    return undefined;
  }
}
