// A per-call pipeline policy that forces one api-version on every request of a client, polling URLs included,
// so arm-compute 25 can talk to Azure Stack Hub (profile 2020-09-01-hybrid). It never touches anything but the query.
import type { ComputeManagementClientOptionalParams } from '@azure/arm-compute';

type AdditionalPolicy = NonNullable<ComputeManagementClientOptionalParams['additionalPolicies']>[number];
export type PipelinePolicy = AdditionalPolicy['policy'];

export const PIN_API_VERSION_POLICY_NAME = 'hybridConnectionPinApiVersion';

/** Replaces (or adds) `api-version=<apiVersion>` in a URL, leaving the rest of the query byte-for-byte alone. */
export function withApiVersion(url: string, apiVersion: string): string {
  const hashAt = url.indexOf('#');
  const base = hashAt >= 0 ? url.slice(0, hashAt) : url;
  const hash = hashAt >= 0 ? url.slice(hashAt) : '';
  const queryAt = base.indexOf('?');
  if (queryAt < 0) return `${base}?api-version=${apiVersion}${hash}`;
  const path = base.slice(0, queryAt);
  const params = base
    .slice(queryAt + 1)
    .split('&')
    .filter((part) => part !== '' && !/^api-version=/i.test(part));
  return `${path}?${[...params, `api-version=${apiVersion}`].join('&')}${hash}`;
}

/** A resource type a profile serves at another version than the rest of its namespace (Stack Hub's disks). */
export interface ApiVersionException {
  /** Matched against the request path, e.g. /\/providers\/Microsoft\.Compute\/disks(\/|$)/i. */
  path: RegExp;
  apiVersion: string;
}

export function pinApiVersionPolicy(
  apiVersion: string,
  exceptions: readonly ApiVersionException[] = [],
): PipelinePolicy {
  return {
    name: PIN_API_VERSION_POLICY_NAME,
    sendRequest(request, next) {
      const path = request.url.split('?')[0] ?? '';
      const exception = exceptions.find((candidate) => candidate.path.test(path));
      request.url = withApiVersion(request.url, exception?.apiVersion ?? apiVersion);
      return next(request);
    },
  };
}

/** The `additionalPolicies` entry: perCall, so retries and LRO polls (which re-enter the pipeline) are pinned too. */
export function pinnedApiVersionPolicies(
  apiVersion: string,
  exceptions: readonly ApiVersionException[] = [],
): AdditionalPolicy[] {
  return [{ policy: pinApiVersionPolicy(apiVersion, exceptions), position: 'perCall' }];
}
