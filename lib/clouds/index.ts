// Cloud profiles and SDK client factories. Import from here, not from the files behind it.
export { armClientsFor, type ArmClients, type SiteLocator, type ResumableNetworkKind } from './armClients';
export type * from './armOperations';
export { armCompute, preloadAzureSdks } from './armSdk';
export {
  armCall,
  classifyArmError,
  isNotFound,
  redact,
  WITHHELD_MESSAGE,
  TerminalArmError,
  TransientArmError,
  type ClassifiedError,
  type ErrorSite,
} from './armErrors';
export { discoverArmMetadata, parseArmMetadata, clearArmMetadataCache, type ArmMetadata } from './armMetadata';
export { resolveCloudProfile, CloudEndpointError, StampTrustError, type CloudProfile } from './cloudProfile';
export { isWellKnownArmHost } from '../settings';
export {
  azureServiceCredential,
  credentialFor,
  clearCredentialCache,
  isPublicEntraAuthority,
  type CredentialSpec,
} from './credentials';
export { pinApiVersionPolicy, pinnedApiVersionPolicies, withApiVersion } from './pinApiVersionPolicy';
export {
  parseResourceId,
  resourceGroupId,
  resourceId,
  sameId,
  ResourceIdError,
  type ParsedResourceId,
} from './resourceIds';
export {
  readClientsFor,
  AZURE_STACK_SUBSCRIPTIONS_API_VERSION,
  type PermissionModel,
  type ReadClients,
  type UsageModel,
} from './readClients';
export { secretClientFor, eventGridClientFor, isPublicVaultHost } from './serviceClients';
export { trustOptionsFor, type TrustOptions } from './trustedCa';
export * from './apiVersions';
