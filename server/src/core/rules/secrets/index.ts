import type { Rule } from '../rule';

export const SECRET_RULES: readonly Rule[] = [];
