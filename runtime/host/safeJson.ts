// Reads untrusted request bytes as JSON so that bad input is a typed error, never a crash: strict UTF-8, then a
// nesting-depth bound checked by a flat scan BEFORE parsing, so no recursive step later (JSON.stringify of an event,
// the worker's conversions) can overflow the stack on a deeply nested payload.

/** Deeper than any real event or key document; far below what recursive code in this process can take. */
export const MAX_JSON_DEPTH = 64;

/** Request bytes that are not acceptable JSON; the message completes "The <what> ...". */
export class JsonInputError extends Error {
  override readonly name = 'JsonInputError';
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

export function parseJsonStrict(bytes: Uint8Array, maxDepth = MAX_JSON_DEPTH): unknown {
  let text: string;
  try {
    // A leading byte-order mark is dropped by the decoder, as editors and some senders add one.
    text = utf8.decode(bytes);
  } catch {
    throw new JsonInputError('is not valid UTF-8');
  }
  return parseJsonText(text, maxDepth);
}

export function parseJsonText(text: string, maxDepth = MAX_JSON_DEPTH): unknown {
  if (nestingDepth(text, maxDepth) > maxDepth) {
    throw new JsonInputError(`is nested deeper than ${maxDepth} levels`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new JsonInputError('is not valid JSON');
  }
}

/**
 * The deepest bracket nesting outside string literals, scanning no further than one level past `limit`. Malformed
 * text may be miscounted; JSON.parse refuses it afterwards anyway.
 */
function nestingDepth(text: string, limit: number): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: the next character is escaped
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x5b || c === 0x7b) {
      depth++;
      if (depth > deepest) deepest = depth;
      if (deepest > limit) return deepest;
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
  return deepest;
}
