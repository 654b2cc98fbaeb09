// Raised for Durable features this runtime deliberately does not implement (entities, callHttp), so the
// orchestration fails with a clear message instead of hanging.
export class UnsupportedFeatureError extends Error {
  override readonly name = 'UnsupportedFeatureError';
}
