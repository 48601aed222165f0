import type { Rule } from '../rule';
import imp_logo_001 from './imp-logo-001';
import imp_logo_002 from './imp-logo-002';
import imp_logo_003 from './imp-logo-003';
import imp_logo_004 from './imp-logo-004';

export const LOGO_RULES: readonly Rule[] = [imp_logo_001, imp_logo_002, imp_logo_003, imp_logo_004];
