// Event Grid's delivery retry policy on the virtual clock: the documented back-off steps (10 s, 30 s, 1 min, 5 min,
// 10 min, 30 min, 1 h, 3 h, 6 h, then every 12 h) with a small random spread, and the codes it never retries.

const STEPS_MS = [10e3, 30e3, 60e3, 5 * 60e3, 10 * 60e3, 30 * 60e3, 60 * 60e3, 3 * 3600e3, 6 * 3600e3];
const THEN_EVERY_MS = 12 * 3600e3;

/** Virtual ms to wait after `failedAttempts` failed deliveries (1 = after the first). */
export function retryDelayMs(failedAttempts: number, random: () => number): number {
  const base = STEPS_MS[failedAttempts - 1] ?? THEN_EVERY_MS;
  // "A small randomization" so retries of many events do not arrive in lockstep; up to +10%.
  return Math.round(base * (1 + 0.1 * random()));
}

/** Webhook answers that are configuration errors: Event Grid drops (or dead-letters) instead of retrying. */
export function isRetriable(status: number): boolean {
  return status !== 400 && status !== 401 && status !== 413;
}

export function isSuccess(status: number): boolean {
  return status >= 200 && status <= 204;
}
