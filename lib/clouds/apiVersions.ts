// The api-versions this app pins itself. Azure's clients send their own (arm-network 39, arm-compute 25,
// arm-resources 8); Azure Stack Hub speaks the 2020-09-01-hybrid profile only. Constants only.

/** The profile's Microsoft.Compute version; arm-compute 25 is pinned to it on Stack Hub by a pipeline policy. */
export const AZURE_STACK_COMPUTE_API_VERSION = '2020-06-01';
/** The profile's version for Microsoft.Compute/disks (older than the rest of its compute). */
export const AZURE_STACK_DISKS_API_VERSION = '2019-07-01';
/** What @azure/arm-network-profile-2020-09-01-hybrid sends (a constant inside that package). */
export const AZURE_STACK_NETWORK_API_VERSION = '2018-11-01';
/** What @azure/arm-resources-profile-2020-09-01-hybrid sends (a constant inside that package). */
export const AZURE_STACK_RESOURCES_API_VERSION = '2019-10-01';
/** The metadata endpoint's version that answers with the object form (authentication.loginEndpoint, audiences). */
export const METADATA_ENDPOINTS_API_VERSION = '2015-01-01';
