/** The rule registry: every rule of the catalogue, in catalogue order. The coverage test reads it. */
import { CLOUD_RULES } from './cloud';
import { DOCUMENT_RULES } from './document';
import { HOST_RULES } from './hosts';
import { IDP_RULES } from './idp';
import { LOGO_RULES } from './logo';
import { NOTIFICATION_RULES } from './notifications';
import { PROOFING_RULES } from './proofing';
import type { Rule } from './rule';
import { SECRET_RULES } from './secrets';
import { SMTP_RULES } from './smtp';

export const RULES: readonly Rule[] = [
  ...DOCUMENT_RULES,
  ...HOST_RULES,
  ...CLOUD_RULES,
  ...LOGO_RULES,
  ...IDP_RULES,
  ...SMTP_RULES,
  ...SECRET_RULES,
  ...PROOFING_RULES,
  ...NOTIFICATION_RULES,
];

const BY_ID = new Map(RULES.map((r) => [r.id, r]));

export function ruleById(id: string): Rule | undefined {
  return BY_ID.get(id);
}

export const DOCS_BASE_URL = 'https://github.com/imprivata-config/imprivata-config/blob/main/docs/rules.md';

/** The rule's documentation page: its section in docs/rules.md, generated from the registry. */
export function ruleDocsUrl(id: string): string {
  return `${DOCS_BASE_URL}#${id.toLowerCase()}`;
}
