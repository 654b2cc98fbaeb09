// Orchestration runtime statuses as the status API names them, and which of them are final.
export type RuntimeStatus =
  'Pending' | 'Running' | 'Completed' | 'ContinuedAsNew' | 'Failed' | 'Canceled' | 'Terminated' | 'Suspended';

export const RUNTIME_STATUSES: readonly RuntimeStatus[] = [
  'Pending',
  'Running',
  'Completed',
  'ContinuedAsNew',
  'Failed',
  'Canceled',
  'Terminated',
  'Suspended',
];

/** Final statuses: the instance takes no more events and can be replaced or purged. */
export const TERMINAL_STATUSES: readonly RuntimeStatus[] = ['Completed', 'Failed', 'Terminated', 'Canceled'];

export function isTerminal(status: RuntimeStatus): boolean {
  return TERMINAL_STATUSES.includes(status);
}

export function parseRuntimeStatus(name: string): RuntimeStatus | undefined {
  return RUNTIME_STATUSES.find((s) => s.toLowerCase() === name.trim().toLowerCase());
}
