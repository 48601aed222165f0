/** Numbers the suite measures (activation, open → first diagnostics), reported by the runner. */
export const metrics: Record<string, number | string> = {};
