import type { Rule } from '../rule';

export const HOST_RULES: readonly Rule[] = [];
