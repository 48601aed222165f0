/**
 * Imprivata Cloud Platform regions: the one table that maps a region to the
 * domain suffix its hosts end in. Seed 000 documents `.com` for the US and
 * gives `.eu` as the example for non-US regions; no other suffix is published,
 * so other regions are "unknown" (a warning), never assumed.
 */
export const REGION_SUFFIX: Readonly<Record<string, string>> = {
  us: 'com',
  eu: 'eu',
};

export const IMPRIVATA_DOMAIN = 'imprivata';

/** The six Imprivata Cloud Platform hosts of the firewall allowlist, `{tenant}` and `{sfx}` filled in. */
export const CLOUD_PLATFORM_HOSTS = [
  '{tenant}.sys.imprivata.{sfx}',
  'astra.sys.imprivata.{sfx}',
  'access.imprivata.{sfx}',
  'metadata.app.imprivata.{sfx}',
  'file-access.app.imprivata.{sfx}',
  'idp.app.imprivata.{sfx}',
] as const;

export function cloudPlatformHosts(tenant: string, suffix: string): string[] {
  return CLOUD_PLATFORM_HOSTS.map((h) => h.replace('{tenant}', tenant).replace('{sfx}', suffix));
}

/** The suffix after `imprivata.` of a cloud host such as `astra.sys.imprivata.eu`, or undefined. */
export function imprivataSuffix(host: string): string | undefined {
  const match = /(?:^|\.)imprivata\.([a-z0-9.-]+)$/i.exec(host);
  return match ? match[1].toLowerCase() : undefined;
}

/** Whether a host is one of the region-bound cloud platform hosts (not cloud.imprivata.com, which is global). */
export function isCloudPlatformHost(host: string): boolean {
  const h = host.toLowerCase();
  return /^(?:[a-z0-9-]+\.sys|access|metadata\.app|file-access\.app|idp\.app)\.imprivata\.[a-z0-9.-]+$/.test(h);
}

export interface HostRequirement {
  host: string;
  port: number;
  protocol: 'https' | 'http';
  why: string;
}

/** DigiCert individual identity proofing outbound hosts (seed 002). */
export const DIGICERT_HOSTS: readonly HostRequirement[] = [
  { host: 'api.digicert.com', port: 443, protocol: 'https', why: 'DigiCert individual identity proofing API' },
  { host: 'ocsp.digicert.com', port: 80, protocol: 'http', why: 'OCSP revocation checking (plain HTTP by design)' },
  { host: 'www.digicert.com', port: 443, protocol: 'https', why: 'token URL opened by the enrollment utility' },
  { host: '*.amazonaws.com', port: 443, protocol: 'https', why: 'Amazon S3: DigiCert metadata updates for new users' },
  { host: 'cloud.imprivata.com', port: 443, protocol: 'https', why: 'Imprivata Cloud (SMS / voice during proofing)' },
];

export const OCSP_TEST_HOST: HostRequirement = {
  host: 'ocsptest.digicert.com',
  port: 80,
  protocol: 'http',
  why: 'non-production OCSP, test enterprises only',
};
