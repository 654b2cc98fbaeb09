// Collects errors and warnings while the semantic rules run, in the order the rules find them (deterministic).
import type { PlanError } from './types';

export class Findings {
  readonly errors: PlanError[] = [];
  readonly warnings: PlanError[] = [];

  error(path: string, message: string): void {
    this.errors.push({ path, message });
  }

  warn(path: string, message: string): void {
    this.warnings.push({ path, message });
  }
}
