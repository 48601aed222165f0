/**
 * Microsoft Entra ID's token endpoint answers, in words: the AADSTS codes a client-credentials request for SMTP
 * meets, each with the setting it points at. Microsoft warns the codes and texts may change, so unknown codes are
 * shown as sent. Pure.
 */

/** The `smtp` key an error is about: the check's diagnostic goes on that line. */
export type TokenField = 'tenantId' | 'clientId' | 'secret';

export interface TokenError {
  /** `AADSTS7000215`, or undefined when the answer carries no code. */
  code?: string;
  /** One sentence: what is wrong, and what to do. */
  finding: string;
  field?: TokenField;
}

export interface TokenErrorContext {
  tenantId: string;
  clientId: string;
  /** The configured secret is a GUID: the classic mix-up of a secret's ID with its value. */
  secretLooksLikeId: boolean;
  authorityHost: string;
}

interface EntraErrorBody {
  error?: unknown;
  error_description?: unknown;
  error_codes?: unknown;
}

/** Reads the error answer (`{ error, error_description, error_codes }`); anything else is described by its status. */
export function explainTokenError(status: number, body: string, context: TokenErrorContext): TokenError {
  let parsed: EntraErrorBody | undefined;
  try {
    const value: unknown = JSON.parse(body);
    if (value && typeof value === 'object') parsed = value as EntraErrorBody;
  } catch {
    parsed = undefined;
  }
  const description = typeof parsed?.error_description === 'string' ? parsed.error_description : '';
  const fromCodes =
    Array.isArray(parsed?.error_codes) && typeof parsed.error_codes[0] === 'number' ? String(parsed.error_codes[0]) : undefined;
  const number = fromCodes ?? /AADSTS(\d+)/.exec(description)?.[1];
  if (!parsed || (number === undefined && typeof parsed.error !== 'string')) {
    return {
      finding: `The token endpoint at ${context.authorityHost} answered HTTP ${status} without an Entra ID error: check the authority host (a sovereign cloud has its own) and any proxy in between.`,
    };
  }
  const code = number !== undefined ? `AADSTS${number}` : undefined;
  switch (number) {
    case '90002':
    case '900023':
      return {
        code,
        field: 'tenantId',
        finding: `${code}: tenant not found: Entra ID at ${context.authorityHost} knows no tenant \`${context.tenantId}\`; check smtp.tenantId (the Directory (tenant) ID of the app registration), or the authority host for a sovereign cloud.`,
      };
    case '700016':
      return {
        code,
        field: 'clientId',
        finding: `${code}: application not found: no application \`${context.clientId}\` in tenant \`${context.tenantId}\`; check smtp.clientId (the Application (client) ID) and that the app is registered in this tenant.`,
      };
    case '7000215':
      return {
        code,
        field: 'secret',
        finding: context.secretLooksLikeId
          ? `${code}: wrong client secret: the secret's ID was pasted instead of its value (the configured secret is a GUID); copy the Value column of Certificates & secrets (shown only when the secret is created), or create a new secret.`
          : `${code}: wrong client secret: Entra ID rejected the secret of application \`${context.clientId}\`; copy the secret's Value (not its ID) again, or create a new secret.`,
      };
    case '7000222':
      return {
        code,
        field: 'secret',
        finding: `${code}: the client secret has expired: create a new secret for application \`${context.clientId}\` and store its value.`,
      };
    case '7000218':
      return { code, field: 'secret', finding: `${code}: the request carried no client secret: set smtp.secret.` };
    case '53003':
      return {
        code,
        finding: `${code}: blocked by Conditional Access: a policy of the tenant refuses this sign-in (from this workstation, or for this application).`,
      };
    default: {
      const sent = firstSentence(description) || (typeof parsed.error === 'string' ? parsed.error : '');
      return { code, finding: `${code ?? 'Entra ID error'}: ${sent || `HTTP ${status}`} (as sent by Entra ID).` };
    }
  }
}

/** `AADSTS50011: The reply URL ... Trace ID: ...` → its first sentence, without the code and the trace lines. */
function firstSentence(description: string): string {
  const withoutCode = description.replace(/^AADSTS\d+:\s*/, '');
  const line = withoutCode.split(/\r?\n/)[0] ?? '';
  // eslint-disable-next-line no-control-regex
  const sentence = (/^(.*?[.!?])(\s|$)/.exec(line)?.[1] ?? line).replace(/[\u0000-\u001f]/g, ' ').trim();
  return sentence.length > 200 ? `${sentence.slice(0, 197)}...` : sentence;
}
