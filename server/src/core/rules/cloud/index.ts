import type { Rule } from '../rule';
import imp_cc_001 from './imp-cc-001';
import imp_cc_002 from './imp-cc-002';
import imp_cc_003 from './imp-cc-003';
import imp_cc_004 from './imp-cc-004';

export const CLOUD_RULES: readonly Rule[] = [imp_cc_001, imp_cc_002, imp_cc_003, imp_cc_004];
