import type { Rule } from '../rule';

export const NOTIFICATION_RULES: readonly Rule[] = [];
