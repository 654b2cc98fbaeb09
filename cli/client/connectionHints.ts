// What to do when the app cannot be reached or refuses the key: one line per cause, naming where the URL or key came
// from (--url, an environment variable, a data folder) so the user knows which one to fix. Never shows a key.
import type { ApiUnreachableError } from './apiClient';
import type { ApiStatusError } from './apiStatusError';
import { apiErrorOf } from './apiTypes';
import { KEY_ENV, type Target } from './resolveTarget';

/** Where the URL and key came from, when the target was resolved before the failure. */
export type TargetSource = Pick<Target, 'url' | 'source'> | undefined;

const TLS_CODE = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|ERR_TLS|ERR_SSL/;

/** `cannot reach URL: <cause> (CODE): <what to do>`, or the plain message for a cause without a known remedy. */
export function unreachableMessage(error: ApiUnreachableError, target: TargetSource): string {
  const from = target ? ` (the URL came from ${target.source.url})` : '';
  const code = error.code ?? '';
  const host = hostOf(error.url);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return `cannot reach ${error.url}: host name ${host} not found (${code}): check the URL${from}`;
  }
  if (code === 'ECONNREFUSED') {
    return (
      `cannot reach ${error.url}: nothing is listening there (ECONNREFUSED): is hybrid-connection serve (or host) ` +
      `running?${from}`
    );
  }
  if (TLS_CODE.test(code)) {
    return (
      `cannot reach ${error.url}: its TLS certificate is not trusted here (${code}): trust its CA with ` +
      'HC_CA_CERT_FILE=<its PEM file>, or NODE_EXTRA_CA_CERTS=<a bundle of the system CAs plus it>'
    );
  }
  if (code === 'ETIMEDOUT' || code === 'UND_ERR_CONNECT_TIMEOUT') {
    return `cannot reach ${error.url}: no answer from ${host} (ETIMEDOUT): check the URL${from} and that no firewall drops it`;
  }
  return error.message;
}

/** 401/403: the app refused the key. Says which key (by its source, never its value) and what the app said. */
export function refusedMessage(error: ApiStatusError, target: TargetSource): string {
  const said = apiErrorOf(error.body)?.message;
  const key = target ? `the function key from ${target.source.key}` : 'the function key';
  return (
    `refused (HTTP ${error.status}): ${target?.url ?? 'the app'} did not accept ${key}${said ? ` (${said})` : ''}: ` +
    `pass one of its keys with --key or ${KEY_ENV}, or --data of its local server`
  );
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return url;
  }
}
