// An argument error from a Durable HTTP API call; the API answers 400 like the extension's ArgumentException.
export class BadRequestError extends Error {
  override readonly name = 'BadRequestError';
}
