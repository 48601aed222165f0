import type { Rule } from '../rule';
import imp_note_001 from './imp-note-001';
import imp_note_002 from './imp-note-002';
import imp_note_003 from './imp-note-003';

export const NOTIFICATION_RULES: readonly Rule[] = [imp_note_001, imp_note_002, imp_note_003];
