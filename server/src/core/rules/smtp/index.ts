import type { Rule } from '../rule';
import imp_smtp_001 from './imp-smtp-001';
import imp_smtp_002 from './imp-smtp-002';
import imp_smtp_003 from './imp-smtp-003';
import imp_smtp_004 from './imp-smtp-004';
import imp_smtp_005 from './imp-smtp-005';
import imp_smtp_006 from './imp-smtp-006';
import imp_smtp_007 from './imp-smtp-007';
import imp_smtp_008 from './imp-smtp-008';
import imp_smtp_009 from './imp-smtp-009';
import imp_smtp_010 from './imp-smtp-010';
import imp_smtp_011 from './imp-smtp-011';

export const SMTP_RULES: readonly Rule[] = [
  imp_smtp_001,
  imp_smtp_002,
  imp_smtp_003,
  imp_smtp_004,
  imp_smtp_005,
  imp_smtp_006,
  imp_smtp_007,
  imp_smtp_008,
  imp_smtp_009,
  imp_smtp_010,
  imp_smtp_011,
];
