import type { Rule } from '../rule';
import imp_host_001 from './imp-host-001';
import imp_host_002 from './imp-host-002';
import imp_host_003 from './imp-host-003';
import imp_host_004 from './imp-host-004';
import imp_host_005 from './imp-host-005';
import imp_host_006 from './imp-host-006';
import imp_host_007 from './imp-host-007';
import imp_host_008 from './imp-host-008';
import imp_host_009 from './imp-host-009';
import imp_host_010 from './imp-host-010';

export const HOST_RULES: readonly Rule[] = [
  imp_host_001,
  imp_host_002,
  imp_host_003,
  imp_host_004,
  imp_host_005,
  imp_host_006,
  imp_host_007,
  imp_host_008,
  imp_host_009,
  imp_host_010,
];
