import type { Rule } from '../rule';
import imp_sec_001 from './imp-sec-001';

export const SECRET_RULES: readonly Rule[] = [imp_sec_001];
