/** Configuration files for the mail-server and OAuth2 checks: `basic` (a relay with a password) and `oauth2`. */
import { CLIENT_ID, TOKEN_TENANT } from './token-endpoint';

export function basicYaml(overrides: Record<string, string> = {}): string {
  const fields: Record<string, string> = {
    mode: 'basic',
    server: 'smtp.example.org',
    port: '587',
    useTls: 'true',
    username: 'relay@example.org',
    password: '${env:IMPRIVATA_SMTP_PASSWORD}',
    from: 'imprivata-noreply@example.org',
    ...overrides,
  };
  return [
    'version: 1',
    'smtp:',
    ...Object.entries(fields)
      .filter(([, v]) => v !== '')
      .map(([k, v]) => `  ${k}: ${v}`),
    '',
  ].join('\n');
}

export function oauthYaml(overrides: Record<string, string> = {}): string {
  const fields: Record<string, string> = {
    mode: 'oauth2',
    from: 'imprivata-noreply@example.org',
    clientId: CLIENT_ID,
    tenantId: TOKEN_TENANT,
    username: 'svc-imprivata-mail@example.org',
    secret: '${env:IMPRIVATA_SMTP_CLIENT_SECRET}',
    ...overrides,
  };
  return ['version: 1', 'smtp:', ...Object.entries(fields).map(([k, v]) => `  ${k}: ${v}`), ''].join('\n');
}
