import type { Rule } from '../rule';

export const CLOUD_RULES: readonly Rule[] = [];
