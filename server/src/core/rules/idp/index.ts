import type { Rule } from '../rule';
import imp_idp_001 from './imp-idp-001';
import imp_idp_002 from './imp-idp-002';
import imp_idp_003 from './imp-idp-003';
import imp_idp_004 from './imp-idp-004';
import imp_idp_005 from './imp-idp-005';
import imp_idp_006 from './imp-idp-006';
import imp_idp_007 from './imp-idp-007';
import imp_idp_008 from './imp-idp-008';
import imp_idp_009 from './imp-idp-009';
import imp_idp_010 from './imp-idp-010';
import imp_idp_011 from './imp-idp-011';
import imp_idp_012 from './imp-idp-012';

export const IDP_RULES: readonly Rule[] = [
  imp_idp_001,
  imp_idp_002,
  imp_idp_003,
  imp_idp_004,
  imp_idp_005,
  imp_idp_006,
  imp_idp_007,
  imp_idp_008,
  imp_idp_009,
  imp_idp_010,
  imp_idp_011,
  imp_idp_012,
];
