// Narrowing untrusted JSON (request bodies, Durable statuses and outputs, ARM metadata, API answers) on the app
// side: one type guard, pure, so orchestrations, activities, functions and the CLI all read objects the same way.

/** A JSON object: not null, not an array (both are `typeof 'object'` too). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * An object of a known JSON shape as a reader that trusts nothing sees it: the shape's field names (so a misspelt
 * or unknown field does not compile), each value still unknown until checked.
 */
export type Unchecked<T> = { [K in keyof T]?: unknown };

/** The value's fields named as the shape `T` names them; none when it is not an object. */
export function uncheckedOf<T>(value: unknown): Unchecked<T> {
  return isRecord(value) ? value : {};
}
