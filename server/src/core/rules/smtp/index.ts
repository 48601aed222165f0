import type { Rule } from '../rule';

export const SMTP_RULES: readonly Rule[] = [];
