// The options that make an SDK client trust HC_CA_CERT_FILE's CAs on every path: a per-call policy that hands the
// CAs, parsed once (a TLS SecureContext), to every request's options, which reach both a direct connection and the
// TLS connection inside a proxy's CONNECT tunnel (core-rest-pipeline's proxy agent ignores `tlsOptions`: "TLS settings
// are not supported in combination with custom Proxy"; without this, HTTPS_PROXY would undo the configured CA). Not
// `ca` itself: Node's https agent builds each request's pool key from `ca` joined (~200 KB with the default CAs), and
// each new connection would parse every certificate again.
import type { PipelinePolicy } from '@azure/core-rest-pipeline';
import type { TrustOptions } from './trustedCa';

export const TRUSTED_CA_POLICY_NAME = 'hybridConnectionTrustedCa';

/** An `additionalPolicies` entry, as every Azure SDK client (and @azure/identity's credentials) takes one. */
export interface AdditionalPolicy {
  policy: PipelinePolicy;
  position: 'perCall' | 'perRetry';
}

export interface TrustedClientOptions {
  additionalPolicies?: AdditionalPolicy[];
}

export function trustedCaPolicy(trust: TrustOptions): PipelinePolicy {
  return {
    name: TRUSTED_CA_POLICY_NAME,
    sendRequest(request, next) {
      request.requestOverrides = { ...request.requestOverrides, secureContext: trust.secureContext };
      return next(request);
    },
  };
}

/** `additionalPolicies` for a client (plus its own `policies`); nothing extra without a CA file. */
export function trustedClientOptions(
  trust: TrustOptions | undefined,
  policies: readonly AdditionalPolicy[] = [],
): TrustedClientOptions {
  const additionalPolicies = [
    ...policies,
    ...(trust ? [{ policy: trustedCaPolicy(trust), position: 'perCall' as const }] : []),
  ];
  return additionalPolicies.length > 0 ? { additionalPolicies } : {};
}
