// The hint for an endpoint nothing answers at (connection refused, unknown host, no route): it names the endpoint,
// and when that endpoint is the local simulator the app was pointed at (HC_SIMULATOR_DATA, set with the simulator's
// settings), says how to bring it back. Never a plan field: no plan change makes a dead endpoint answer.
import { SIMULATOR_DATA_SETTING, settingValue, type Env } from '../settings';

/** Transport codes that mean nothing answers at the endpoint (as opposed to a reset or a timeout mid-call). */
const UNREACHABLE_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

/** The hint for `error` when its `code` says nothing answers at the endpoint; undefined for any other code. */
export function unreachableEndpointHint(error: Error, code: string, env: Env = process.env): string | undefined {
  if (!UNREACHABLE_CODES.has(code)) return undefined;
  const endpoint = endpointOf(error);
  const simulatorData = settingValue(env, SIMULATOR_DATA_SETTING);
  if (simulatorData !== undefined && endpoint !== undefined && isLoopback(endpoint)) {
    return (
      `the simulator at ${endpoint} is not answering: restart \`hybrid-connection serve --simulate --data ` +
      `${simulatorData}\` (or \`hybrid-connection sim --data ${simulatorData}\` if it ran alone); it keeps its ` +
      'state and port there, so the run resumes'
    );
  }
  const where = endpoint ?? 'the endpoint';
  return (
    `nothing answers at ${where} (${code}): check that it is up and reachable from here, and the app setting that ` +
    'names it (HC_AZURE_ARM_ENDPOINT, HC_AZURESTACK_STAMPS, HC_KEY_VAULT_URL), then rerun'
  );
}

/** scheme://host:port of the failed request (the SDKs keep it on the error), else the address in Node's message. */
function endpointOf(error: Error): string | undefined {
  const url = (error as { request?: { url?: unknown } }).request?.url;
  if (typeof url === 'string') {
    try {
      return new URL(url).origin;
    } catch {
      // Fall through to the message.
    }
  }
  const address = /\b(?:ECONNREFUSED|EHOSTUNREACH|ENETUNREACH)\s+(\S+:\d+)/.exec(error.message)?.[1];
  if (address !== undefined) return address;
  return /\b(?:ENOTFOUND|EAI_AGAIN)\s+([\w.-]+)/.exec(error.message)?.[1];
}

function isLoopback(endpoint: string): boolean {
  const host = /^(?:[a-z]+:\/\/)?(\[[^\]]+\]|[^:/]+)/i.exec(endpoint)?.[1]?.toLowerCase();
  return host === '127.0.0.1' || host === 'localhost' || host === '[::1]';
}
