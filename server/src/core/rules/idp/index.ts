import type { Rule } from '../rule';

export const IDP_RULES: readonly Rule[] = [];
