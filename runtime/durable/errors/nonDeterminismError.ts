// Raised while replaying an orchestrator's actions against its history when they disagree (code changed mid-flight
// or non-deterministic code). Carries the extension's wording so the Failed output reads like the real one.
export class NonDeterminismError extends Error {
  override readonly name = 'NonDeterminismError';
}
