/**
 * Completion and hover positions, shared by the pure tests (test/core/intelligence) and the same positions over a
 * real stdio connection (test/lsp/features.test.ts). `|` marks the cursor.
 */

export interface CompletionCase {
  name: string;
  text: string;
  /** Labels that must be offered. */
  includes?: string[];
  /** Labels that must not be offered. */
  excludes?: string[];
  /** The first labels, in order, as the editor sorts them (sortText). */
  first?: string[];
  /** Nothing is offered. */
  none?: boolean;
  /** Accepting the item labelled `label` gives exactly `result` (snippet defaults filled in). */
  accept?: { label: string; result: string };
}

const EU = 'enterprise:\n  name: Acme\n  region: eu\n  tenantId: acme\n';

export const COMPLETION_CASES: CompletionCase[] = [
  {
    name: 'an empty file: the whole skeleton first, then the top-level keys',
    text: '|',
    first: ['Imprivata enterprise skeleton'],
    includes: ['version', 'enterprise', 'firewall', 'identityProvider', 'smtp'],
  },
  {
    name: 'a partial key (`  cli|`) under smtp.mode: oauth2: the oauth2 keys only',
    text: 'smtp:\n  mode: oauth2\n  cli|\n',
    includes: ['clientId', 'tenantId', 'secret', 'from', 'username'],
    excludes: ['server', 'port', 'useTls', 'password', 'mode'],
    accept: { label: 'clientId', result: 'smtp:\n  mode: oauth2\n  clientId: \n' },
  },
  {
    name: 'a value (`  mode: |`): the SMTP modes',
    text: 'smtp:\n  mode: |\n',
    includes: ['basic', 'oauth2'],
    accept: { label: 'oauth2', result: 'smtp:\n  mode: oauth2\n' },
  },
  {
    name: 'right after the colon (`  mode:|`): the value comes with its space',
    text: 'smtp:\n  mode:|\n',
    accept: { label: 'basic', result: 'smtp:\n  mode: basic\n' },
  },
  {
    name: 'a list item (`    - |`) in the allowlist: the missing cloud hosts with the tenant and the eu suffix, none already listed',
    text: `${EU}firewall:\n  allowlist:\n    - astra.sys.imprivata.eu\n    - |\n`,
    first: [
      'acme.sys.imprivata.eu',
      'access.imprivata.eu',
      'metadata.app.imprivata.eu',
      'file-access.app.imprivata.eu',
      'idp.app.imprivata.eu',
    ],
    excludes: ['astra.sys.imprivata.eu', 'acme.sys.imprivata.com', 'api.digicert.com'],
    accept: {
      label: 'acme.sys.imprivata.eu',
      result: `${EU}firewall:\n  allowlist:\n    - astra.sys.imprivata.eu\n    - acme.sys.imprivata.eu\n`,
    },
  },
  {
    name: 'the allowlist with individual proofing: the DigiCert hosts, OCSP with its port and protocol',
    text: 'identityProofing:\n  mode: individual\nfirewall:\n  allowlist:\n    - api.digicert.com\n    - |\n',
    includes: ['ocsp.digicert.com', 'www.digicert.com', '*.amazonaws.com', 'cloud.imprivata.com', 'DigiCert outbound hosts'],
    excludes: ['api.digicert.com', 'ocsptest.digicert.com'],
    accept: {
      label: 'ocsp.digicert.com',
      result:
        'identityProofing:\n  mode: individual\nfirewall:\n  allowlist:\n    - api.digicert.com\n    - host: ocsp.digicert.com\n      port: 80\n      protocol: http\n',
    },
  },
  {
    name: 'the DigiCert host set leaves out what is listed',
    text: 'identityProofing:\n  mode: individual\nfirewall:\n  allowlist:\n    - api.digicert.com\n    - "*.amazonaws.com"\n    - |\n',
    accept: {
      label: 'DigiCert outbound hosts',
      result:
        'identityProofing:\n  mode: individual\nfirewall:\n  allowlist:\n    - api.digicert.com\n    - "*.amazonaws.com"\n    - host: ocsp.digicert.com\n      port: 80\n      protocol: http\n    - www.digicert.com\n    - cloud.imprivata.com\n',
    },
  },
  {
    name: 'institutional proofing: no DigiCert hosts',
    text: 'identityProofing:\n  mode: institutional\nfirewall:\n  allowlist:\n    - |\n',
    excludes: ['api.digicert.com', 'ocsp.digicert.com', 'DigiCert outbound hosts'],
    includes: ['astra.sys.imprivata.com'],
  },
  {
    name: 'an entry read as a variant (another suffix) comes after the missing hosts',
    text: 'enterprise:\n  region: us\nfirewall:\n  allowlist:\n    - astra.sys.imprivata.eu\n    - |\n',
    first: [
      'access.imprivata.com',
      'metadata.app.imprivata.com',
      'file-access.app.imprivata.com',
      'idp.app.imprivata.com',
      'astra.sys.imprivata.com',
    ],
  },
  {
    name: 'a list item started on an empty line under the list',
    text: 'firewall:\n  allowlist:\n    - astra.sys.imprivata.com\n    |\n',
    accept: {
      label: 'access.imprivata.com',
      result: 'firewall:\n  allowlist:\n    - astra.sys.imprivata.com\n    - access.imprivata.com\n',
    },
  },
  {
    name: 'signOnUrl: the Access Management portal of the region',
    text: `${EU}identityProvider:\n  type: entra-id\n  signOnUrl: |\n`,
    first: ['https://access.imprivata.eu'],
    excludes: ['https://access.imprivata.com'],
  },
  {
    name: 'Entra ID adminGroups.attributeName: the groups claim URI',
    text: 'identityProvider:\n  type: entra-id\n  adminGroups:\n    attributeName: |\n',
    accept: {
      label: 'http://schemas.microsoft.com/ws/2008/06/identity/claims/groups',
      result:
        'identityProvider:\n  type: entra-id\n  adminGroups:\n    attributeName: http://schemas.microsoft.com/ws/2008/06/identity/claims/groups\n',
    },
  },
  {
    name: 'a SAML IdP (not Entra ID): no Entra groups claim',
    text: 'identityProvider:\n  type: saml\n  adminGroups:\n    attributeName: |\n',
    none: true,
  },
  {
    name: 'a secret value: an ${env:IMPRIVATA_...} reference',
    text: 'smtp:\n  mode: basic\n  password: |\n',
    accept: { label: '${env:IMPRIVATA_SMTP_PASSWORD}', result: 'smtp:\n  mode: basic\n  password: ${env:IMPRIVATA_SMTP_PASSWORD}\n' },
  },
  {
    name: 'a secret key inserts its reference',
    text: 'smtp:\n  mode: oauth2\n  sec|\n',
    accept: { label: 'secret', result: 'smtp:\n  mode: oauth2\n  secret: ${env:IMPRIVATA_SMTP_CLIENT_SECRET}\n' },
  },
  {
    name: 'identityProvider.type: saml: no Imprivata Directory keys',
    text: 'identityProvider:\n  type: saml\n  |\n',
    includes: ['organizationDomain', 'metadataUrl', 'adminGroups'],
    excludes: ['directoryDomain', 'adminUsername', 'adminPassword', 'type'],
  },
  {
    name: 'a boolean: true and false, the default first',
    text: 'smtp:\n  mode: basic\n  useTls: |\n',
    first: ['true', 'false'],
  },
  {
    name: 'an empty mapping: the discriminator first, and the section snippets without their key',
    text: 'smtp:\n  |\n',
    first: ['mode'],
    accept: {
      label: 'SMTP over OAuth2 (Exchange Online)',
      result:
        'smtp:\n  mode: oauth2\n  from: imprivata-noreply@example.org\n  clientId: 00000000-0000-0000-0000-000000000000\n  tenantId: 00000000-0000-0000-0000-000000000000\n  username: svc-imprivata-mail@example.org\n  secret: ${env:IMPRIVATA_SMTP_CLIENT_SECRET}\n',
    },
  },
  {
    name: 'an empty line under a list of mappings starts an item',
    text: 'appliances:\n  - host: imp-01.example.org\n  |\n',
    includes: ['host', 'Appliance'],
    accept: { label: 'host', result: 'appliances:\n  - host: imp-01.example.org\n  - host: \n' },
  },
  {
    name: 'after a typed dash in a list of mappings: the item keys and the appliance snippet',
    text: 'appliances:\n  - |\n',
    includes: ['host', 'site', 'cloudConnect'],
    accept: {
      label: 'Appliance',
      result: 'appliances:\n  - host: imp-appliance-01.example.org\n    site: Main\n    cloudConnect: running\n',
    },
  },
  {
    name: 'the second line of a mapping item: its keys not yet written',
    text: 'appliances:\n  - host: imp-01.example.org\n    |\n',
    includes: ['site', 'cloudConnect'],
    excludes: ['host'],
    accept: { label: 'cloudConnect', result: 'appliances:\n  - host: imp-01.example.org\n    cloudConnect: running\n' },
  },
  {
    name: 'a partial key with an enum: a choice of its values',
    text: 'enterprise:\n  env|\n',
    accept: { label: 'environment', result: 'enterprise:\n  environment: production\n' },
  },
  {
    name: 'a nested block: firewall inserts its allowlist',
    text: 'firew|\n',
    accept: { label: 'firewall', result: 'firewall:\n  allowlist:\n    - \n' },
  },
  {
    name: 'a discriminated section inserts its discriminator as a choice',
    text: 'version: 1\n|\n',
    accept: { label: 'identityProvider', result: 'version: 1\nidentityProvider:\n  type: imprivata-directory\n' },
  },
  {
    name: 'keys already present are not offered',
    text: 'enterprise:\n  name: Acme\n  tenantId: acme\n  |\n',
    includes: ['region', 'environment'],
    excludes: ['name', 'tenantId'],
  },
  {
    name: 'keys merged in with << count as present',
    text: 'x-smtp: &smtp\n  mode: basic\n  server: mail.example.org\nsmtp:\n  <<: *smtp\n  |\n',
    includes: ['port', 'from'],
    excludes: ['mode', 'server'],
  },
  {
    name: 'a section snippet at the top level, with the region applied',
    text: `${EU}|\n`,
    includes: ['Identity provider: Microsoft Entra ID', 'SMTP with basic authentication'],
    excludes: ['enterprise'],
  },
  {
    name: 'a document indented by four spaces: inserted blocks are too',
    text: 'enterprise:\n    name: Acme\nsmtp:\n    |\n',
    accept: {
      label: 'SMTP with basic authentication',
      result:
        'enterprise:\n    name: Acme\nsmtp:\n    mode: basic\n    server: smtp.example.org\n    port: 587\n    useTls: true\n    from: imprivata-noreply@example.org\n',
    },
  },
  {
    name: 'four spaces: a nested block key',
    text: 'enterprise:\n    name: Acme\nfire|\n',
    accept: { label: 'firewall', result: 'enterprise:\n    name: Acme\nfirewall:\n    allowlist:\n        - \n' },
  },
  {
    name: 'an extended attribute meaning: the one that pairs with the name first',
    text: 'directory:\n  extendedAttributes:\n    - name: mobile\n      meaning: |\n',
    first: ['Phone (mobile)', 'Phone (home)'],
  },
  { name: 'in a comment: nothing', text: 'smtp: # the mail |server\n', none: true },
  { name: 'in a flow list: nothing', text: 'firewall:\n  allowlist: [astra.sys.imprivata.com, |]\n', none: true },
  { name: 'in a block scalar: nothing', text: 'enterprise:\n  name: >\n    Acme |\n', none: true },
];

export interface HoverCase {
  name: string;
  text: string;
  /** Substrings the hover must hold. */
  contains: string[];
  /** Substrings it must not hold. */
  lacks?: string[];
  /** The hovered text. */
  over?: string;
}

export const HOVER_CASES: HoverCase[] = [
  {
    name: 'smtp.username under mode oauth2: the oauth2 description and console field',
    text: 'smtp:\n  mode: oauth2\n  user|name: svc@example.org\n',
    contains: [
      'The user account that can send email from the From mailbox',
      'Under `smtp.mode: oauth2`',
      'Exchange Mail Server with OAuth2',
      'IMP-SMTP-007',
    ],
    lacks: ['SMTP Server Account Username'],
    over: 'username',
  },
  {
    name: 'smtp.username under mode basic: the basic description',
    text: 'smtp:\n  mode: basic\n  user|name: relay\n',
    contains: ['SMTP Server Account Username', 'Under `smtp.mode: basic`', 'IMP-SMTP-005'],
    lacks: ['From mailbox'],
  },
  {
    name: 'a key: allowed values, default, where it is set in the console (seed wording), the rules with links',
    text: 'smtp:\n  mode: basic\n  server: smtp.example.org\n  use|Tls: true\n',
    contains: [
      'Default: `true`',
      'Admin Console > gear icon > Settings > Email configuration',
      '[IMP-SMTP-003](https://github.com/imprivata-config/imprivata-config/blob/main/docs/rules.md#imp-smtp-003)',
    ],
  },
  {
    name: 'a discriminator: its values',
    text: 'smtp:\n  mo|de: basic\n',
    contains: ['Allowed values: `basic`, `oauth2`', 'IMP-SMTP-001'],
  },
  {
    name: 'a notification default (IMP-NOTE-004)',
    text: 'notifications:\n  identityProofingReminder:\n    ena|bled: true\n',
    contains: ['Default: `false` (off) (IMP-NOTE-004)', 'Confirm ID Individual Identity Proofing Reminder'],
  },
  {
    name: 'the region: the known regions and their suffixes',
    text: 'enterprise:\n  region: e|u\n',
    contains: ['`us` (hosts end in `.com`)', '`eu` (hosts end in `.eu`)', 'Default: `us`'],
  },
  {
    name: 'a secret value is never shown',
    text: 'smtp:\n  mode: basic\n  password: hunter|2-literal\n',
    contains: ['SMTP Server Account Password', '${env:IMPRIVATA_SMTP_PASSWORD}'],
    lacks: ['hunter2'],
  },
  {
    name: 'an allowlist host: what it is for, its documented port and protocol',
    text: 'firewall:\n  allowlist:\n    - ocsp.digi|cert.com\n',
    contains: ['OCSP revocation checking', 'HTTP on port 80', 'IMP-HOST-008'],
    over: 'ocsp.digicert.com',
  },
  {
    name: 'the tenant host',
    text: 'enterprise:\n  tenantId: acme\nfirewall:\n  allowlist:\n    - acme.sys.imp|rivata.com\n',
    contains: ["tenant's own host", 'HTTPS on port 443', 'IMP-HOST-001'],
  },
  {
    name: 'a misspelt host says what it looks like',
    text: 'firewall:\n  allowlist:\n    - api.digicret.c|om\n',
    contains: ['misspelling of `api.digicert.com`', 'IMP-HOST-006'],
  },
  {
    name: 'an unknown host',
    text: 'firewall:\n  allowlist:\n    - updates.example.o|rg\n',
    contains: ['Not one of the hosts the Imprivata guides list'],
  },
  {
    name: 'one group ID: which item, and a valid object ID',
    text: 'identityProvider:\n  type: entra-id\n  adminGroups:\n    attributeValue: 6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f, 9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7|c6d, Admins\n',
    contains: ['Admin group 2 of 3', 'A valid object ID'],
    over: '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d',
  },
  {
    name: 'a group name where an object ID belongs',
    text: 'identityProvider:\n  type: entra-id\n  adminGroups:\n    attributeValue: 6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f, Adm|ins\n',
    contains: ['Admin group 2 of 2', 'Not an object ID', 'IMP-IDP-011'],
    over: 'Admins',
  },
  {
    name: 'identityProvider keys without a type say which types use them',
    text: 'identityProvider:\n  directory|Domain: acme\n',
    contains: ['Used when `type` is `imprivata-directory`', 'Imprivata Identity Provider Connect screen'],
  },
];
