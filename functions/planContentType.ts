// Which Content-Type a plan may come with: exactly application/json, with no parameter but charset=utf-8. Anything
// else (text/plain, forms, XML, +json types, another charset, no header at all) is refused before the body is read.

/** True for `application/json` and `application/json; charset=utf-8` (case and spaces as RFC 9110 allows). */
export function isPlanContentType(header: string | null | undefined): boolean {
  if (header === null || header === undefined) return false;
  const [mediaType = '', ...parameters] = header.split(';');
  if (mediaType.trim().toLowerCase() !== 'application/json') return false;
  return parameters.every((parameter) => parameter.trim() === '' || isUtf8Charset(parameter));
}

/** `charset=utf-8`: name and value case-insensitive, the value maybe quoted, no space around "=" (RFC 9110 §5.6.6). */
function isUtf8Charset(parameter: string): boolean {
  const equals = parameter.indexOf('=');
  if (equals === -1) return false;
  const name = parameter.slice(0, equals).trimStart().toLowerCase();
  const value = parameter
    .slice(equals + 1)
    .trimEnd()
    .toLowerCase();
  return name === 'charset' && (value === 'utf-8' || value === '"utf-8"');
}
