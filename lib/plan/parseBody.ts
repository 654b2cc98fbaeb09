// Reads a plan body (HTTP request or file) into JSON with a 64 KB limit. Pure: takes bytes or text, returns data.
import type { PlanError } from './types';

export const MAX_PLAN_BODY_BYTES = 64 * 1024;

export type ParsedBody = { ok: true; value: unknown } | { ok: false; errors: PlanError[] };

export function parsePlanBody(body: string | Uint8Array): ParsedBody {
  const bytes = typeof body === 'string' ? Buffer.byteLength(body, 'utf8') : body.byteLength;
  if (bytes > MAX_PLAN_BODY_BYTES) {
    return { ok: false, errors: [{ path: '', message: 'body exceeds 64 KB: a plan is a few KB; send only the plan' }] };
  }
  // Editors on Windows may save a byte order mark; JSON.parse would reject it.
  const text = (typeof body === 'string' ? body : Buffer.from(body).toString('utf8')).replace(/^\uFEFF/, '');
  if (text.trim() === '') {
    return { ok: false, errors: [{ path: '', message: 'body is empty: send the plan as a JSON object' }] };
  }
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      errors: [{ path: '', message: `body is not valid JSON (${detail}): send the plan as a JSON object` }],
    };
  }
}
