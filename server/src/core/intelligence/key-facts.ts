/**
 * What the vendor guides say about each key that the schema does not: where the value is found or set in the
 * Imprivata consoles (in the guides' own wording, seeds 000, 002 and 004), and which rules check it. Hover reads it.
 *
 * Kept here rather than in the JSON Schema: the schema is what editors without this server read, and a console
 * path there would be shown by no one. test/core/intelligence/key-facts.test.ts ties this table to the schema and
 * to the rule registry (every pattern is a schema path, every rule ID exists, every rule is listed somewhere).
 */
import type { Path } from '../document';

export interface KeyFacts {
  /** Where the value comes from or is set, in the guides' words. */
  where?: string;
  /** The rules that judge this key, in catalogue order. */
  rules: readonly string[];
}

const EMAIL = 'Imprivata Admin Console > gear icon > Settings > Email configuration > Modify';
const OAUTH = `${EMAIL} > Exchange Mail Server with OAuth2`;
const IDP_SETUP = 'Imprivata Access Management setup > Identity Provider Connect screen';
const DIRECTORY_SETUP = 'Imprivata Access Management setup > Imprivata Identity Provider Connect screen';
const INTEGRATIONS = 'Imprivata Admin Console > gear icon > Imprivata Access Management integrations';
const CLOUD_CONNECTION = 'Imprivata Admin Console > gear icon > Cloud connection';
const MESSAGES = 'Imprivata Admin Console > gear icon > Settings';
const SYNCHRONIZE = 'Imprivata Admin Console > Users > Synchronize';
const HOST_RULES = ['IMP-HOST-001', 'IMP-HOST-002', 'IMP-HOST-003', 'IMP-HOST-004', 'IMP-HOST-005', 'IMP-HOST-006', 'IMP-HOST-007'];
const LOGO_RULES = ['IMP-LOGO-001', 'IMP-LOGO-002', 'IMP-LOGO-003', 'IMP-LOGO-004'];

/**
 * By key pattern: dotted keys from the root, `*` for list items; `@value` after the last key for one branch of a
 * discriminated section (`smtp.from@oauth2`), which wins over the pattern without it.
 */
export const KEY_FACTS: Readonly<Record<string, KeyFacts>> = {
  version: { rules: ['IMP-DOC-004'] },
  enterprise: { rules: [] },
  'enterprise.name': {
    where: 'Imprivata Access Management setup: "enter information about your organization".',
    rules: [],
  },
  'enterprise.region': {
    where:
      'The region of your Imprivata Cloud Platform tenant. "For non-US regions, replace the .com with the appropriate domain suffix for your region, for example, *.sys.imprivata.eu."',
    rules: ['IMP-HOST-001', 'IMP-HOST-004', 'IMP-IDP-007'],
  },
  'enterprise.tenantId': {
    where:
      'Imprivata Services creates the Imprivata Cloud Platform tenant for your enterprise and sends a Welcome email with a link to the Imprivata Access Management setup. It is the `<tenantID>` of `<tenantID>.sys.imprivata.com`.',
    rules: ['IMP-HOST-001', 'IMP-HOST-002', 'IMP-HOST-003', 'IMP-IDP-002'],
  },
  'enterprise.environment': {
    where: '`ocsptest.digicert.com` is for "test computers in a non-production enterprise" only.',
    rules: ['IMP-HOST-009'],
  },
  'enterprise.hasInstitutionalDeaNumber': {
    where:
      '"For organizations with no institutional DEA number, a Certificate Authority (CA) such as DigiCert must perform identity proofing."',
    rules: ['IMP-PROOF-001'],
  },
  appliances: { where: `${CLOUD_CONNECTION}: "Every appliance host is listed with its status."`, rules: ['IMP-CC-001'] },
  'appliances.*': { rules: ['IMP-CC-001'] },
  'appliances.*.host': { where: `${CLOUD_CONNECTION}: "Every appliance host is listed with its status."`, rules: [] },
  'appliances.*.site': { where: 'The site the appliance belongs to (Cloud connection lists "every appliance at every site").', rules: [] },
  'appliances.*.cloudConnect': {
    where:
      'Imprivata Appliance Console > System > Operations > Imprivata Cloud Connect > Stop/restart options. "By default, the Imprivata Cloud Connect service is disabled."',
    rules: ['IMP-CC-001'],
  },
  cloudPlatform: {
    where:
      'Imprivata Admin Console, Status panel: "A green check mark for Access Management integration indicates a connection has been configured."',
    rules: ['IMP-CC-002'],
  },
  'cloudPlatform.integrationId': { where: `${INTEGRATIONS}: copy the enterprise integration ID.`, rules: ['IMP-CC-002'] },
  'cloudPlatform.integrationToken': {
    where: `Created in the Imprivata Access Management setup (Connect to Enterprise Access Management screen > Create integration token) or portal (gear icon > Integrations); pasted in ${INTEGRATIONS} > Integrate.`,
    rules: ['IMP-CC-002', 'IMP-SEC-001'],
  },
  'cloudPlatform.adminConsoleSso': {
    where: `${INTEGRATIONS} > "Administrator console single sign-on using SAML".`,
    rules: ['IMP-CC-003'],
  },
  'cloudPlatform.logo': {
    where:
      'Imprivata Access Management setup: "Optional — a PNG, JPG, or GIF of your organization logo (200 x 100 pixels or smaller, max 100KB)."',
    rules: LOGO_RULES,
  },
  firewall: { where: 'Your firewall policy: "Add the Required Hosts to Your Firewall Allowlist".', rules: [] },
  'firewall.allowlist': {
    where: 'Your firewall policy: "Add the Required Hosts to Your Firewall Allowlist" (seed 000) and "Outbound Communication" (seed 002).',
    rules: [...HOST_RULES, 'IMP-HOST-008', 'IMP-HOST-009', 'IMP-HOST-010'],
  },
  'firewall.allowlist.*': { rules: [...HOST_RULES, 'IMP-HOST-008', 'IMP-HOST-009', 'IMP-HOST-010'] },
  'firewall.allowlist.*.host': { rules: [...HOST_RULES, 'IMP-HOST-008', 'IMP-HOST-009'] },
  'firewall.allowlist.*.port': { rules: ['IMP-HOST-010'] },
  'firewall.allowlist.*.protocol': { rules: ['IMP-HOST-010'] },
  identityProvider: { where: IDP_SETUP, rules: ['IMP-IDP-001'] },
  'identityProvider.type': { where: IDP_SETUP, rules: ['IMP-IDP-001'] },
  'identityProvider.directoryDomain': {
    where: `${DIRECTORY_SETUP}: "Enter a domain for the Imprivata Directory." It "must be unique and cannot be reused across multiple tenants".`,
    rules: ['IMP-IDP-002', 'IMP-IDP-003'],
  },
  'identityProvider.adminUsername': {
    where: `${DIRECTORY_SETUP}: the initial administrator; "note the complete Imprivata username, which includes the Imprivata Directory domain".`,
    rules: ['IMP-IDP-003'],
  },
  'identityProvider.adminPassword': { where: `${DIRECTORY_SETUP}: the initial administrator's password.`, rules: ['IMP-SEC-001'] },
  'identityProvider.organizationDomain': { where: `${IDP_SETUP}: "Enter your organization's domain".`, rules: ['IMP-IDP-004'] },
  'identityProvider.displayName': { where: `${IDP_SETUP}: "a user-friendly display name".`, rules: ['IMP-IDP-004'] },
  'identityProvider.metadataUrl@entra-id': {
    where: `Entra ID: Enterprise application > SAML certificates > App Federation Metadata URL; entered in ${IDP_SETUP} > SAML IdP metadata URL. "The system automatically polls the URL at regular intervals."`,
    rules: ['IMP-IDP-005', 'IMP-IDP-006'],
  },
  'identityProvider.metadataUrl': {
    where: `Your IdP's SAML metadata URL, entered in ${IDP_SETUP} > SAML IdP metadata URL. "The system automatically polls the URL at regular intervals."`,
    rules: ['IMP-IDP-005', 'IMP-IDP-006', 'IMP-IDP-012'],
  },
  'identityProvider.metadataFile': {
    where: 'Imprivata Access Management portal: "you must edit the configuration to replace the file manually or switch to a URL".',
    rules: ['IMP-IDP-005'],
  },
  'identityProvider.signOnUrl@entra-id': {
    where: 'Entra ID: Enterprise application > Set up single sign-on > SAML > Basic SAML Configuration > Edit > Sign on URL.',
    rules: ['IMP-HOST-004', 'IMP-IDP-007'],
  },
  'identityProvider.signOnUrl': {
    where: 'Your IdP\'s application: "Specify https://access.imprivata.com for the single sign-on URL."',
    rules: ['IMP-HOST-004', 'IMP-IDP-007'],
  },
  'identityProvider.nameIdFormat': {
    where: 'Your IdP\'s application: "Recommended: configure email address as the NameID format for user identity."',
    rules: ['IMP-IDP-008'],
  },
  'identityProvider.adminGroups': {
    where: `${IDP_SETUP}: "the SAML name/value pair that identifies users with administrative access".`,
    rules: ['IMP-IDP-009', 'IMP-IDP-010', 'IMP-IDP-011', 'IMP-IDP-012'],
  },
  'identityProvider.adminGroups.attributeName@entra-id': {
    where: `Entra ID: Enterprise application > Attributes & Claims > Edit: "copy the claim name for the user groups value"; entered in ${IDP_SETUP} > SAML attribute name.`,
    rules: ['IMP-IDP-009'],
  },
  'identityProvider.adminGroups.attributeName': { where: `${IDP_SETUP} > SAML attribute name.`, rules: ['IMP-IDP-009'] },
  'identityProvider.adminGroups.attributeValue@entra-id': {
    where: `Entra ID: Manage > Groups > All groups: "Locate the admin group and copy its object ID"; entered in ${IDP_SETUP} > SAML attribute value. "If you are specifying multiple admin groups, the object IDs must be comma-separated."`,
    rules: ['IMP-IDP-010', 'IMP-IDP-011', 'IMP-IDP-012'],
  },
  'identityProvider.adminGroups.attributeValue': {
    where: `${IDP_SETUP} > SAML attribute value.`,
    rules: ['IMP-IDP-010', 'IMP-IDP-011', 'IMP-IDP-012'],
  },
  'identityProvider.adminGroups.source@entra-id': {
    where:
      'Entra ID: Attributes & Claims, the groups claim: "select Groups assigned to the application and use Group ID as the source attribute".',
    rules: ['IMP-IDP-012'],
  },
  'identityProvider.adminGroups.source': {
    where: 'Your IdP: "Recommended: configure Group ID (rather than group name) as the source attribute for group claims."',
    rules: ['IMP-IDP-012'],
  },
  smtp: { where: EMAIL, rules: ['IMP-SMTP-001', 'IMP-SMTP-009', 'IMP-PROOF-002'] },
  'smtp.mode': {
    where: `${EMAIL}: the SMTP Server fields (basic), or "Select Exchange Mail Server with OAuth2" (oauth2).`,
    rules: ['IMP-SMTP-001', 'IMP-SMTP-006'],
  },
  'smtp.server': {
    where: `${EMAIL} > SMTP Server ("the IP address or FQDN of the mail server").`,
    rules: ['IMP-SMTP-002', 'IMP-SMTP-006', 'IMP-SMTP-010'],
  },
  'smtp.port': {
    where: "The guide's Email configuration has no port field: the mail server's submission port.",
    rules: ['IMP-SMTP-002', 'IMP-SMTP-010'],
  },
  'smtp.useTls': {
    where: `${EMAIL} > Use TLS. "By default, the Imprivata appliance secures outgoing email using TLS."`,
    rules: ['IMP-SMTP-003', 'IMP-SMTP-010'],
  },
  'smtp.minTlsVersion': {
    where: 'Not a console field: "Imprivata supports TLS versions up to 1.2, but does not enforce any specific version."',
    rules: ['IMP-SMTP-004'],
  },
  'smtp.username@basic': { where: `${EMAIL} > SMTP Server Account Username.`, rules: ['IMP-SMTP-005'] },
  'smtp.password': { where: `${EMAIL} > SMTP Server Account Password.`, rules: ['IMP-SMTP-005', 'IMP-SEC-001'] },
  'smtp.from@basic': { where: `${EMAIL} > "Email messages are from".`, rules: ['IMP-SMTP-008'] },
  'smtp.from@oauth2': { where: `${OAUTH} > From Address.`, rules: ['IMP-SMTP-007', 'IMP-SMTP-008'] },
  'smtp.from': { where: `${EMAIL}: the sender address.`, rules: ['IMP-SMTP-007', 'IMP-SMTP-008'] },
  'smtp.clientId': { where: `${OAUTH} > Client ID ("the registered application's client ID").`, rules: ['IMP-SMTP-007'] },
  'smtp.tenantId': { where: `${OAUTH} > Tenant ID ("the registered application's tenant ID").`, rules: ['IMP-SMTP-007'] },
  'smtp.username@oauth2': {
    where: `${OAUTH} > Username ("the user account that can send email from the mailbox you specified").`,
    rules: ['IMP-SMTP-007'],
  },
  'smtp.username': { where: EMAIL, rules: ['IMP-SMTP-005', 'IMP-SMTP-007'] },
  'smtp.secret': { where: `${OAUTH} > Secret ("the registered application's client secret").`, rules: ['IMP-SMTP-011', 'IMP-SEC-001'] },
  identityProofing: { rules: ['IMP-PROOF-001', 'IMP-PROOF-002'] },
  'identityProofing.mode': {
    where:
      'Individual identity proofing with DigiCert (a CA), or institutional proofing "within your organization with Enrollment Supervisors".',
    rules: ['IMP-HOST-008', 'IMP-CC-004', 'IMP-PROOF-001', 'IMP-PROOF-002', 'IMP-DIR-003', 'IMP-NOTE-001'],
  },
  'identityProofing.cloudConnection': {
    where: `${CLOUD_CONNECTION}: "Imprivata Services will enter the Enterprise ID and one-time cloud provisioning code"; then Establish trust.`,
    rules: ['IMP-CC-004'],
  },
  'identityProofing.cloudConnection.enterpriseId': {
    where: `${CLOUD_CONNECTION}: the Enterprise ID, entered by Imprivata Services.`,
    rules: ['IMP-CC-004'],
  },
  'identityProofing.cloudConnection.trustEstablished': { where: `${CLOUD_CONNECTION} > Establish trust.`, rules: ['IMP-CC-004'] },
  'identityProofing.providers': {
    where: 'The User details page of the Imprivata Admin Console (name, email, phone), synchronized from Active Directory.',
    rules: ['IMP-PHONE-001', 'IMP-PHONE-002', 'IMP-PROV-001'],
  },
  'identityProofing.providers.*': { rules: ['IMP-PHONE-002', 'IMP-PROV-001'] },
  'identityProofing.providers.*.name': { where: 'Active Directory: the legal First Name and Last Name.', rules: ['IMP-PROV-001'] },
  'identityProofing.providers.*.email': {
    where: 'Active Directory: "the user must be able to receive a message at this address during identity proofing".',
    rules: ['IMP-PROV-001'],
  },
  'identityProofing.providers.*.mobile': { where: 'Active Directory: the `mobile` attribute.', rules: ['IMP-PHONE-001', 'IMP-PHONE-002'] },
  'identityProofing.providers.*.homePhone': {
    where: 'Active Directory: the `homePhone` attribute.',
    rules: ['IMP-PHONE-001', 'IMP-PHONE-002'],
  },
  directory: { where: SYNCHRONIZE, rules: [] },
  'directory.domain': { where: `${SYNCHRONIZE}: "Select the domain or file that holds the user records".`, rules: [] },
  'directory.extendedAttributes': { where: `${SYNCHRONIZE} > Extended User Attributes > Add.`, rules: ['IMP-DIR-003'] },
  'directory.extendedAttributes.*': { rules: ['IMP-DIR-001', 'IMP-DIR-002'] },
  'directory.extendedAttributes.*.name': {
    where: `${SYNCHRONIZE} > Extended User Attributes > Extended User Attribute Name.`,
    rules: ['IMP-DIR-001'],
  },
  'directory.extendedAttributes.*.meaning': {
    where: `${SYNCHRONIZE} > Extended User Attributes > Imprivata Meaning.`,
    rules: ['IMP-DIR-002'],
  },
  licenses: { rules: [] },
  'licenses.selfServicePasswordReset': { where: 'The Self-Service Password Reset licensed feature.', rules: ['IMP-NOTE-002'] },
  notifications: { where: `${MESSAGES}: Configuring User Messages and Configuring Administrator Messages.`, rules: ['IMP-SMTP-009'] },
  'notifications.enrollNotification': { where: `${MESSAGES} > Enroll Notification > Modify.`, rules: [] },
  'notifications.enrollNotification.enabled': {
    where: `${MESSAGES} > Enroll Notification > Modify > "Notify the user when an authentication method is enrolled".`,
    rules: [],
  },
  'notifications.identityProofingReminder': {
    where: `${MESSAGES} > Confirm ID Individual Identity Proofing Reminder.`,
    rules: ['IMP-NOTE-001'],
  },
  'notifications.identityProofingReminder.enabled': {
    where: `${MESSAGES} > Confirm ID Individual Identity Proofing Reminder.`,
    rules: ['IMP-NOTE-001'],
  },
  'notifications.identityProofingReminder.schedule': {
    where: `${MESSAGES} > Confirm ID Individual Identity Proofing Reminder: "a single email reminder or weekly email reminders".`,
    rules: ['IMP-NOTE-001'],
  },
  'notifications.installAgent': { where: `${MESSAGES} > Installing the Imprivata Agent > View/Edit.`, rules: [] },
  'notifications.installAgent.enabled': { where: `${MESSAGES} > Installing the Imprivata Agent.`, rules: [] },
  'notifications.securityQuestions': { where: `${MESSAGES} > Enrolling Security Questions > View/Edit.`, rules: ['IMP-NOTE-002'] },
  'notifications.securityQuestions.enabled': { where: `${MESSAGES} > Enrolling Security Questions.`, rules: ['IMP-NOTE-002'] },
  'notifications.firstEpcsEnrollment': {
    where: `${MESSAGES} > Confirm ID first-time enroll notification > Modify.`,
    rules: ['IMP-NOTE-003'],
  },
  'notifications.firstEpcsEnrollment.enabled': {
    where: `${MESSAGES} > Confirm ID first-time enroll notification > Modify > "Notify when a user's first EPCS-compliant authentication method is enrolled".`,
    rules: ['IMP-NOTE-003'],
  },
  'notifications.firstEpcsEnrollment.to': {
    where: `${MESSAGES} > Confirm ID first-time enroll notification > Modify > To.`,
    rules: ['IMP-NOTE-003'],
  },
  'notifications.firstEpcsEnrollment.to.*': { rules: ['IMP-NOTE-003'] },
};

/** The dotted pattern of a path: `firewall.allowlist.*.host`. */
export function patternOf(path: Path): string {
  return path.map((segment) => (typeof segment === 'number' ? '*' : segment)).join('.');
}

/** The facts of a key, for the branch chosen above it (the innermost choice), if any. */
export function factsOf(path: Path, branch?: string): KeyFacts | undefined {
  const pattern = patternOf(path);
  if (branch !== undefined) {
    const specific = KEY_FACTS[`${pattern}@${branch}`];
    if (specific) return specific;
  }
  return Object.prototype.hasOwnProperty.call(KEY_FACTS, pattern) ? KEY_FACTS[pattern] : undefined;
}
