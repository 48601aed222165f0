/**
 * A local Entra ID token endpoint (HTTPS on 127.0.0.1): `POST /<tenant>/oauth2/v2.0/token` with client
 * credentials answers a token (a JWT-shaped string with the SMTP.SendAsApp role) or the AADSTS error Entra ID
 * would send, with Entra's JSON error shape.
 */
import type { Issued } from './pki';
import { LoopbackHttpsServer } from './servers';

export const TOKEN_TENANT = '0c8f6a2b-5d4e-4f3a-9b1c-7e6d5c4b3a29';
export const CLIENT_ID = '2d4f6a8c-1b3d-4e5f-9a7b-0c2e4f6a8b1d';
export const CLIENT_SECRET = 'Qx~8Q~test.Secret-Value_0123456789abcdefGH';
export const EXPIRED_SECRET = 'Zz~8Q~expired.Secret-Value_0123456789abcd';
/** An application whose token carries no roles (admin consent missing). */
export const NO_CONSENT_CLIENT = '3e5a7b9c-2c4e-4f60-8b8c-1d3f5a7b9c2e';
/** An application Entra answers with a code the preflight does not know (shown as sent). */
export const ODD_CLIENT = '4f6b8cad-3d5f-4071-9c9d-2e4a6b8cad3f';

export interface TokenRequest {
  tenant: string;
  clientId: string;
  scope: string;
  grantType: string;
}

function jwt(payload: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ typ: 'JWT', alg: 'RS256' })}.${part(payload)}.${Buffer.from('signature-not-checked').toString('base64url')}`;
}

function entraError(
  res: { writeHead: (s: number, h: Record<string, string>) => { end: (b: string) => void } },
  status: number,
  code: number,
  error: string,
  description: string,
): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(
    JSON.stringify({
      error,
      error_description: `AADSTS${code}: ${description} Trace ID: 0000 Correlation ID: 1111 Timestamp: 2026-01-01 00:00:00Z`,
      error_codes: [code],
      timestamp: '2026-01-01 00:00:00Z',
      trace_id: '0000',
      correlation_id: '1111',
      error_uri: 'https://login.microsoftonline.com/error?code=' + code,
    }),
  );
}

export class TokenEndpoint extends LoopbackHttpsServer {
  readonly requests: TokenRequest[] = [];
  /** Every access token handed out (the secret grep looks for them). */
  readonly issued: string[] = [];

  constructor(certificate: Issued) {
    // The handler runs per request, after the constructor: `this` is set by then.
    super(certificate, (req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => {
        const match = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(req.url ?? '');
        if (req.method !== 'POST' || !match) return void res.writeHead(404).end();
        const form = new URLSearchParams(body);
        const request: TokenRequest = {
          tenant: decodeURIComponent(match[1]),
          clientId: form.get('client_id') ?? '',
          scope: form.get('scope') ?? '',
          grantType: form.get('grant_type') ?? '',
        };
        this.requests.push(request);
        const secret = form.get('client_secret') ?? '';
        if (request.tenant !== TOKEN_TENANT) {
          return entraError(
            res,
            400,
            90002,
            'invalid_request',
            `Tenant '${request.tenant}' not found. Check to make sure you have the correct tenant ID.`,
          );
        }
        if (request.clientId === ODD_CLIENT) {
          return entraError(res, 401, 700027, 'invalid_client', 'Client assertion failed signature validation. More text here.');
        }
        if (request.clientId !== CLIENT_ID && request.clientId !== NO_CONSENT_CLIENT) {
          return entraError(
            res,
            400,
            700016,
            'unauthorized_client',
            `Application with identifier '${request.clientId}' was not found in the directory.`,
          );
        }
        if (secret === EXPIRED_SECRET) {
          return entraError(res, 401, 7000222, 'invalid_client', 'The provided client secret keys for app are expired.');
        }
        if (secret !== CLIENT_SECRET) {
          return entraError(
            res,
            401,
            7000215,
            'invalid_client',
            'Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.',
          );
        }
        const token = jwt({
          aud: 'https://outlook.office365.com',
          tid: request.tenant,
          appid: request.clientId,
          ...(request.clientId === NO_CONSENT_CLIENT ? {} : { roles: ['SMTP.SendAsApp'] }),
          nonce: Math.random().toString(36).slice(2),
        });
        this.issued.push(token);
        res
          .writeHead(200, { 'content-type': 'application/json; charset=utf-8' })
          .end(JSON.stringify({ token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: token }));
      });
    });
  }
}
