import type { Rule } from '../rule';

export const PROOFING_RULES: readonly Rule[] = [];
