// What to do about the ARM error codes this workflow meets, and which of them are worth retrying. Pure lookups.

/** Codes that clear up by themselves: retry with backoff (honouring Retry-After). */
const RETRYABLE_CODES: ReadonlySet<string> = new Set([
  'AnotherOperationInProgress',
  'RetryableError',
  'TooManyRequests',
  'ServerBusy',
  'InternalServerError',
  'ServiceUnavailable',
  'GatewayTimeout',
  'OperationPreempted',
  'CanceledAndSupersededDueToAnotherOperation',
  'ECONNRESET',
  'ETIMEDOUT',
]);

const HINTS: Readonly<Record<string, string>> = {
  AnotherOperationInProgress: 'another write on the same resource is running; it is retried automatically',
  AuthorizationFailed:
    'grant the identity Contributor (or Network Contributor + Virtual Machine Contributor) on the subscription or resource group',
  InvalidAuthenticationToken:
    'check the credential app settings and, on Stack Hub, the audience discovered from /metadata/endpoints',
  ExpiredAuthenticationToken: 'check the machine clock and the credential app settings',
  SubscriptionNotFound: 'check subscriptionId in the plan and that the identity can see that subscription',
  MissingSubscriptionRegistration:
    'register the resource provider: az provider register --namespace Microsoft.Network (and Microsoft.Compute)',
  QuotaExceeded: 'raise the quota (VM cores, public IPs) in the portal, or choose a smaller vm.size',
  OperationNotAllowed: 'a quota or policy blocks this: check the subscription quotas and Azure Policy assignments',
  RequestDisallowedByPolicy:
    'an Azure Policy assignment forbids this resource: ask its owner for an exemption or adjust the plan',
  SkuNotAvailable: 'this VM size is not offered in the location: choose another vm.size',
  InvalidGatewaySize:
    'choose a gateway SKU the cloud offers (Azure: VpnGw1AZ-5AZ; Stack Hub: Standard/HighPerformance)',
  NonAzSkusNotAllowedForVPNGateway: 'Azure no longer creates non-AZ VpnGw1-5 gateways: use VpnGw1AZ-5AZ',
  VirtualNetworkGatewaySkuCannotBeCreatedForSpecifiedVmGeneration:
    'the gateway SKU does not run on that generation (VpnGw1AZ: Generation1; VpnGw4AZ-5AZ: Generation2)',
  PublicIpWithBasicSkuNotAllowedOnVPNGateways:
    'new VPN gateways need a Standard public IP: delete the Basic one the gateway would use and rerun',
  InUseSubnetCannotBeUpdated:
    'a subnet in use cannot change: keep the existing subnet ranges or delete what uses them first',
  NetcfgInvalidSubnet: 'a subnet is outside the address space or overlaps another: fix the plan',
  InvalidGatewaySubnet: 'the GatewaySubnet must be named GatewaySubnet and be /29 or larger',
  VirtualNetworkGatewayProvisioningFailed: 'the gateway failed to build: rerun to retry, or delete it and rerun',
  ResourceGroupBeingDeleted: 'the resource group is being deleted: wait for the delete to finish, then rerun',
  PublicIPAddressInUse: 'the public IP is attached elsewhere: detach it or let the run create its own',
  PublicIPAddressCannotBeDeleted: 'the public IP is still attached: delete the gateway or NIC that uses it first',
  LocationRequired: 'every resource needs a location: check location in the plan',
  PlatformImageNotFound: 'the marketplace image is not offered in that location: choose another vm.image',
  InvalidResourceName: 'a resource name is not valid for ARM: check the plan name and resourceGroup',
};

export function isRetryableArmError(code: string | undefined, httpStatus: number | undefined): boolean {
  if (httpStatus === 429 || (httpStatus !== undefined && httpStatus >= 500)) return true;
  return code !== undefined && RETRYABLE_CODES.has(code);
}

/** A fix hint for an ARM code, or a generic one that still says where to look. */
export function hintForArmCode(code: string | undefined, httpStatus?: number): string {
  if (code !== undefined && HINTS[code]) return HINTS[code];
  if (httpStatus === 401 || httpStatus === 403)
    return "check the credential app settings and the identity's role assignments";
  if (httpStatus === 404) return 'check subscriptionId, resourceGroup and location in the plan';
  if (httpStatus === 409) return 'the resource is in a conflicting state: wait for running operations, then rerun';
  if (httpStatus === 429 || (httpStatus !== undefined && httpStatus >= 500))
    return 'a transient ARM failure: rerun to resume';
  return 'see the ARM message; fix the plan or the subscription, then rerun (existing resources are adopted)';
}
