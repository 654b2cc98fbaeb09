// Reads a plan body (HTTP request or file) strictly: at most 64 KB, UTF-8, JSON without duplicate keys or deep
// nesting. Pure: takes bytes or text, returns data or plan errors; never guesses what an ambiguous body meant.
import { echo } from './echo';
import { readStrictJson, MAX_JSON_DEPTH } from './strictJson';
import type { PlanError } from './types';

export const MAX_PLAN_BODY_BYTES = 64 * 1024;

export type ParsedBody = { ok: true; value: unknown } | { ok: false; errors: PlanError[] };

export function parsePlanBody(body: string | Uint8Array): ParsedBody {
  const bytes = typeof body === 'string' ? Buffer.byteLength(body, 'utf8') : body.byteLength;
  if (bytes > MAX_PLAN_BODY_BYTES) {
    return refused('body exceeds 64 KB: a plan is a few KB; send only the plan');
  }
  const text = typeof body === 'string' ? body : decodeUtf8(body);
  if (text === undefined) return refused('body is not valid UTF-8: send the plan as UTF-8 JSON');
  // Editors on Windows may save a byte order mark; it is not part of the JSON. One is dropped, a second is an error.
  const json = text.replace(/^\uFEFF/, '');
  if (json.trim() === '') return refused('body is empty: send the plan as a JSON object');
  const read = readStrictJson(json);
  if (read.ok) return { ok: true, value: read.value };
  switch (read.kind) {
    case 'duplicateKey':
      return refused(`duplicate key ${echo(read.key)}: an ambiguous plan is not guessed`, read.path);
    case 'tooDeep':
      return refused(
        `body is nested too deeply (${read.detail}): a plan is about 4 levels deep, ${MAX_JSON_DEPTH} at most`,
      );
    case 'syntax':
      return refused(`body is not valid JSON (${read.detail}): send the plan as a JSON object`);
  }
}

/** The text of UTF-8 bytes (a byte order mark kept, as for text), or undefined when they are not UTF-8. */
function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

function refused(message: string, path = ''): ParsedBody {
  return { ok: false, errors: [{ path, message }] };
}
