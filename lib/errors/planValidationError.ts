// Thrown when a plan fails validation; carries every `{path, message}` so callers can answer 400 with them.
import type { PlanError } from '../plan/types';

export class PlanValidationError extends Error {
  override readonly name = 'PlanValidationError';
  readonly errors: readonly PlanError[];

  constructor(errors: readonly PlanError[]) {
    const first = errors[0];
    const head = first ? `${first.path || '(plan)'}: ${first.message}` : 'no details';
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
    super(`the plan is invalid: ${head}${more}. Fix the listed fields and submit it again.`);
    this.errors = errors.map((e) => ({ path: e.path, message: e.message }));
  }

  toJSON(): { name: string; message: string; errors: PlanError[] } {
    return { name: this.name, message: this.message, errors: [...this.errors] };
  }
}
