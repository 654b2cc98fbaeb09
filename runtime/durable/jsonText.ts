// The JSON text conventions of the extension: how values become the JSON strings stored in history and status,
// how stored text is shown again, and the activity trigger data. Pure functions.

/** C# SetOutput / history serialisation: null and undefined become null, anything else compact JSON. */
export function serializeValue(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (value instanceof Uint8Array) return JSON.stringify(Buffer.from(value).toString('base64'));
  const text: unknown = JSON.stringify(value);
  return typeof text === 'string' ? text : null;
}

/** The status API's ParseToJToken: null stays null, blank becomes "", invalid JSON is shown as the raw string. */
export function parseStoredText(text: string | null): unknown {
  if (text === null) return null;
  if (text.trim() === '') return '';
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/**
 * The `{string}` data an activity trigger receives for an action input (docs/durable-protocol.md §4): strings are
 * already JSON text (durable-functions encoded them), other values become compact JSON, no input stays absent.
 */
export function activityTriggerData(input: unknown): string | null {
  if (input === undefined) return null;
  if (typeof input === 'string') return input;
  return serializeValue(input) ?? 'null';
}

/** The orchestrator binding `input`: ExecutionStarted.Input parsed (null when absent). */
export function bindingInput(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return typeof error === 'string' ? error : (JSON.stringify(error) ?? String(error));
}
