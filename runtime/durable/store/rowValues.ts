// Narrows SQLite output values to the types the store expects; a mismatch means a corrupt or foreign database.
import type { SQLOutputValue } from 'node:sqlite';

export class StoreCorruptError extends Error {
  override readonly name = 'StoreCorruptError';
}

export function text(value: SQLOutputValue | undefined, column: string): string {
  if (typeof value !== 'string') throw new StoreCorruptError(`column ${column} is not text`);
  return value;
}

export function textOrNull(value: SQLOutputValue | undefined, column: string): string | null {
  if (value === null || value === undefined) return null;
  return text(value, column);
}

export function integer(value: SQLOutputValue | undefined, column: string): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  throw new StoreCorruptError(`column ${column} is not a number`);
}

export function integerOrNull(value: SQLOutputValue | undefined, column: string): number | null {
  if (value === null || value === undefined) return null;
  return integer(value, column);
}
