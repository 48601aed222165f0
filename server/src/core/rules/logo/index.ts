import type { Rule } from '../rule';

export const LOGO_RULES: readonly Rule[] = [];
