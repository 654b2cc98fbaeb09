// The options that make an SDK client trust HC_CA_CERT_FILE's CAs on every path: `tlsOptions` for a direct
// connection, and a per-call policy that hands the same CAs to the TLS connection inside a proxy's CONNECT tunnel.
// core-rest-pipeline's proxy agent ignores tlsOptions ("TLS settings are not supported in combination with custom
// Proxy"), while request options reach that connection; without this, HTTPS_PROXY would undo the configured CA.
import type { PipelinePolicy } from '@azure/core-rest-pipeline';
import type { TrustOptions } from './trustedCa';

export const TRUSTED_CA_POLICY_NAME = 'hybridConnectionTrustedCa';

/** An `additionalPolicies` entry, as every Azure SDK client (and @azure/identity's credentials) takes one. */
export interface AdditionalPolicy {
  policy: PipelinePolicy;
  position: 'perCall' | 'perRetry';
}

export interface TrustedClientOptions {
  tlsOptions?: { ca: string[] };
  additionalPolicies?: AdditionalPolicy[];
}

export function trustedCaPolicy(trust: TrustOptions): PipelinePolicy {
  return {
    name: TRUSTED_CA_POLICY_NAME,
    sendRequest(request, next) {
      request.requestOverrides = { ...request.requestOverrides, ca: trust.ca };
      return next(request);
    },
  };
}

/** `tlsOptions` and `additionalPolicies` for a client (plus its own `policies`); nothing extra without a CA file. */
export function trustedClientOptions(
  trust: TrustOptions | undefined,
  policies: readonly AdditionalPolicy[] = [],
): TrustedClientOptions {
  const additionalPolicies = [
    ...policies,
    ...(trust ? [{ policy: trustedCaPolicy(trust), position: 'perCall' as const }] : []),
  ];
  return {
    ...(trust ? { tlsOptions: { ca: trust.ca } } : {}),
    ...(additionalPolicies.length > 0 ? { additionalPolicies } : {}),
  };
}
