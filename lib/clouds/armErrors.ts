// Sorts any error an SDK call raised into retryable (429, 5xx, AnotherOperationInProgress, resets, timeouts: the
// activity throws, so callActivityWithRetry tries again) or terminal (validation, auth, quota, missing parent, a
// resource that ended Failed: the activity returns {ok:false} at once). Never copies request bodies or secrets
// into the details it builds.
import type { CloudId } from '../cloudIds';
import { ArmOperationError, hintForArmCode, isRetryableArmError, type ArmOperationErrorDetails } from '../errors';
import { SettingsError } from '../settings';
import type { Stage } from '../stages';
import { CloudEndpointError, StampTrustError } from './cloudProfile';
import { ResourceIdError } from './resourceIds';
import { retryAfterSecondsOf } from './retryAfter';
import { unreachableEndpointHint } from './unreachableEndpoint';

export interface ErrorSite {
  cloud: CloudId;
  stage: Stage;
}

/**
 * A failure known to be terminal whatever its code says (e.g. a resource that ended Failed with
 * InternalServerError: reading it again only reads Failed again). armCall returns it as {ok:false}.
 */
export class TerminalArmError extends Error {
  override readonly name = 'TerminalArmError';
  readonly details: ArmOperationErrorDetails;

  constructor(details: ArmOperationErrorDetails) {
    super(new ArmOperationError(details).message);
    this.details = details;
  }
}

/**
 * A failure worth another attempt whatever its code (a transport error such as ECONNREFUSED is not in ARM's
 * retryable list). Thrown, so callActivityWithRetry retries the activity; still an ArmOperationError by name.
 */
export class TransientArmError extends ArmOperationError {
  override readonly retryable: boolean = true;
}

export type ClassifiedError =
  { retryable: true; details: ArmOperationErrorDetails } | { retryable: false; details: ArmOperationErrorDetails };

/** Transport failures worth another attempt (socket resets, timeouts, DNS hiccups, refused connections). */
const RETRYABLE_TRANSPORT_CODES: ReadonlySet<string> = new Set([
  'ECONNRESET',
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'EAI_AGAIN',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_SOCKET',
  'REQUEST_SEND_ERROR',
]);

/** TLS failures are configuration, not luck: retrying will not make a certificate trusted. */
const TLS_CODES: ReadonlySet<string> = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

const LRO_FAILURE = /^The long-running operation has failed\.?\s*(?:([A-Za-z][\w.]*)\.\s*)?([\s\S]*)$/;
const MAX_MESSAGE = 600;

export function classifyArmError(error: unknown, site: ErrorSite, secrets: readonly string[] = []): ClassifiedError {
  const details = (code: string, httpStatus: number | undefined, message: string | undefined, hint?: string) => {
    const armMessage = message === undefined ? undefined : redact(message, secrets);
    return {
      cloud: site.cloud,
      stage: site.stage,
      code,
      ...(httpStatus !== undefined ? { httpStatus } : {}),
      ...(armMessage ? { armMessage } : {}),
      hint: hint ?? hintForArmCode(code, httpStatus),
    };
  };
  const terminal = (d: ArmOperationErrorDetails): ClassifiedError => ({ retryable: false, details: d });
  const retryable = (d: ArmOperationErrorDetails): ClassifiedError => ({ retryable: true, details: d });

  if (error instanceof TerminalArmError) {
    const d = error.details;
    return terminal(details(d.code, d.httpStatus, d.armMessage, d.hint));
  }
  if (error instanceof ArmOperationError) {
    const d = {
      ...details(error.code, error.httpStatus, error.armMessage, error.hint),
      ...(error.retryAfterSeconds !== undefined ? { retryAfterSeconds: error.retryAfterSeconds } : {}),
    };
    return error.retryable ? retryable(d) : terminal(d);
  }
  if (error instanceof SettingsError) {
    return terminal(
      details('InvalidAppSetting', undefined, error.message, `fix app setting ${error.setting}, then rerun`),
    );
  }
  if (error instanceof CloudEndpointError) {
    return terminal(
      details('UnknownStamp', undefined, error.message, 'name a stamp configured in app setting HC_AZURESTACK_STAMPS'),
    );
  }
  if (error instanceof StampTrustError) {
    return terminal(
      details(
        'StampMetadataMismatch',
        undefined,
        error.message,
        `nothing was sent to the stamp; if its identity provider really changed, update stamp ${error.stampId} in HC_AZURESTACK_STAMPS`,
      ),
    );
  }
  if (error instanceof ResourceIdError) {
    return terminal(details('InvalidResourceId', undefined, error.message, "pass an id of this site's own resources"));
  }
  if (!isErrorLike(error)) {
    return retryable(details('UnknownError', undefined, String(error)));
  }

  const fields = error as Error & { code?: unknown; statusCode?: unknown; details?: unknown };
  const statusCode = typeof fields.statusCode === 'number' ? fields.statusCode : undefined;
  const rawCode = typeof fields.code === 'string' && fields.code !== '' ? fields.code : undefined;

  // core-lro: a failed long-running operation is a plain Error whose message carries ARM's code.
  const lro = LRO_FAILURE.exec(error.message);
  if (lro && statusCode === undefined) {
    const code = lro[1] ?? 'OperationFailed';
    const d = details(code, undefined, lro[2]?.trim() || undefined);
    return isRetryableArmError(code, undefined) ? retryable(d) : terminal(d);
  }

  if (error.name === 'AbortError' || error.name === 'TimeoutError') {
    return retryable(details('ETIMEDOUT', undefined, 'the request timed out'));
  }
  if (rawCode !== undefined && TLS_CODES.has(rawCode)) {
    return terminal(
      details(rawCode, undefined, error.message, "trust the endpoint's CA: set HC_CA_CERT_FILE to its PEM file"),
    );
  }
  if (statusCode === undefined && rawCode !== undefined && RETRYABLE_TRANSPORT_CODES.has(rawCode)) {
    return retryable(details(rawCode, undefined, error.message, unreachableEndpointHint(error, rawCode)));
  }

  const identity = identityFailure(error);
  if (identity)
    return identity.retryable
      ? retryable(details(identity.code, identity.status, error.message))
      : terminal(
          details(
            identity.code,
            identity.status,
            error.message,
            'check the credential app settings (tenant, client id, secret or certificate) and the authority',
          ),
        );

  if (statusCode !== undefined) {
    const body = bodyCodes(fields.details);
    const code = rawCode ?? body.code ?? `HttpStatus${statusCode}`;
    const retryAfterSeconds = retryAfterSecondsOf(error);
    const d = {
      ...details(code, statusCode, error.message),
      ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
    };
    if (statusCode === 408 || isRetryableArmError(code, statusCode) || isRetryableArmError(body.innerCode, undefined)) {
      return retryable(d);
    }
    return terminal(d);
  }
  if (rawCode !== undefined && isRetryableArmError(rawCode, undefined)) {
    return retryable(details(rawCode, undefined, error.message));
  }
  // Unknown shapes (a parsing TypeError, a bug) are thrown: retries are cheap, and the last one surfaces it.
  return retryable(details(error.name || 'Error', undefined, error.message));
}

/**
 * Runs an SDK call: retryable failures are thrown as a typed ArmOperationError (callActivityWithRetry retries
 * it); terminal ones come back as {ok:false,error}. `secrets` are scrubbed from every message.
 */
export async function armCall<T>(
  site: ErrorSite,
  call: () => Promise<T>,
  secrets: readonly string[] = [],
): Promise<{ ok: true; value: T } | { ok: false; error: ArmOperationErrorDetails }> {
  try {
    return { ok: true, value: await call() };
  } catch (error) {
    const classified = classifyArmError(error, site, secrets);
    if (classified.retryable) throw new TransientArmError(classified.details);
    return { ok: false, error: classified.details };
  }
}

/** True for a 404 (the resource or its parent is not there). */
export function isNotFound(error: unknown): boolean {
  return isErrorLike(error) && (error as { statusCode?: unknown }).statusCode === 404;
}

/** Secrets shorter than this cannot be cut out of a text without cutting words: the whole text is withheld. */
const MIN_REPLACEABLE_SECRET = 4;

export const WITHHELD_MESSAGE = "(ARM's message withheld: it contains a secret too short to cut out)";

/**
 * Replaces every occurrence of each secret with *** and bounds the length. A short secret (a shared key of 1-3
 * characters is valid for ARM) found anywhere in the text withholds the whole text: redacting "a" letter by
 * letter would leave a message nobody can read, and skipping it would leak the key.
 */
export function redact(message: string, secrets: readonly string[]): string {
  let text = message;
  for (const secret of secrets) {
    if (secret === '') continue;
    if (secret.length < MIN_REPLACEABLE_SECRET) {
      if (text.includes(secret)) return WITHHELD_MESSAGE;
    } else text = text.split(secret).join('***');
  }
  return text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE)}…` : text;
}

/** v39 RestError.details = {error:{code, details:[{code}]}}: the body's code and its first inner code. */
function bodyCodes(details: unknown): { code?: string; innerCode?: string } {
  if (typeof details !== 'object' || details === null) return {};
  const body = (details as { error?: unknown }).error ?? details;
  if (typeof body !== 'object' || body === null) return {};
  const code = (body as { code?: unknown }).code;
  const inner = (body as { details?: unknown }).details;
  const first: unknown = Array.isArray(inner) ? inner[0] : undefined;
  const innerCode = typeof first === 'object' && first !== null ? (first as { code?: unknown }).code : undefined;
  return {
    ...(typeof code === 'string' ? { code } : {}),
    ...(typeof innerCode === 'string' ? { innerCode } : {}),
  };
}

/** Errors from Node internals can come from another realm (test sandboxes), so `instanceof Error` is not enough. */
function isErrorLike(error: unknown): error is Error {
  return (
    error instanceof Error ||
    (typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string')
  );
}

/** @azure/identity failures: auth problems are terminal, a throttled or failing token endpoint is not. */
function identityFailure(error: Error): { retryable: boolean; code: string; status?: number } | undefined {
  if (
    ![
      'AuthenticationError',
      'AuthenticationRequiredError',
      'CredentialUnavailableError',
      'AggregateAuthenticationError',
    ].includes(error.name)
  ) {
    return undefined;
  }
  const status = (error as { statusCode?: unknown }).statusCode;
  const httpStatus = typeof status === 'number' ? status : undefined;
  const transient =
    (httpStatus !== undefined && (httpStatus === 429 || httpStatus >= 500)) ||
    /network_error|server_error|throttl/i.test(error.message);
  return {
    retryable: transient,
    code: 'AuthenticationFailed',
    ...(httpStatus !== undefined ? { status: httpStatus } : { status: 401 }),
  };
}
