// Narrowing untrusted JSON (request bodies, Durable statuses and outputs, ARM metadata, API answers) on the app
// side: one type guard, pure, so orchestrations, activities, functions and the CLI all read objects the same way.

/** A JSON object: not null, not an array (both are `typeof 'object'` too). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
