// A cloud profile: where a cloud's ARM is, which token scope it wants, and the credential that gets that token. All
// of it comes from app settings: Azure's endpoint and audience, and each Azure Stack Hub stamp's endpoint, authority
// and audience (HC_AZURESTACK_STAMPS). A stamp's /metadata/endpoints is read, anonymously, only to check that it
// still advertises the configured authority and audience; on a mismatch no credential is built and nothing is sent.
import type { TokenCredential } from '@azure/identity';
import type { CloudId } from '../cloudIds';
import { findStamp, sameUrl, type AppSettings, type StampReference, type StampSettings } from '../settings';
import { siteProfile } from '../sites/profiles';
import { discoverArmMetadata } from './armMetadata';
import { azureServiceCredential, credentialFor } from './credentials';
import { trustOptionsFor, type TrustOptions } from './trustedCa';

export interface CloudProfile {
  cloud: CloudId;
  /** https, no trailing slash (may carry a path prefix, e.g. the simulator's /azurestack). */
  armEndpoint: string;
  /** The scope ARM clients request (`<configured audience>/.default`). */
  scope: string;
  credential: TokenCredential;
  trust?: TrustOptions;
}

/** A site names no configured stamp: a plan (or stored input) problem, not a transient one. */
export class CloudEndpointError extends Error {
  override readonly name = 'CloudEndpointError';
}

/** A stamp's metadata advertises another login endpoint or audience than configured: possibly not the stamp at all. */
export class StampTrustError extends Error {
  override readonly name = 'StampTrustError';
  constructor(
    readonly stampId: string,
    message: string,
  ) {
    super(message);
  }
}

export async function resolveCloudProfile(
  cloud: CloudId,
  stampReference: StampReference,
  settings: AppSettings,
): Promise<CloudProfile> {
  const trust = trustOptionsFor(settings.caCertFile);
  const withTrust = trust ? { trust } : {};
  if (siteProfile(cloud).identity === 'cloud') {
    const { armEndpoint, audience } = settings.azure;
    const credential = azureServiceCredential(settings, trust);
    return { cloud, armEndpoint, scope: `${audience}/.default`, credential, ...withTrust };
  }
  const stamp = configuredStamp(settings, stampReference);
  await verifyStampMetadata(stamp, trust);
  const credential = credentialFor({
    authorityHost: stamp.authority,
    ...(stamp.tenantId !== undefined ? { tenantId: stamp.tenantId } : {}),
    ...(stamp.clientSecret ? { clientSecret: stamp.clientSecret } : {}),
    ...(stamp.clientCertificate ? { clientCertificate: stamp.clientCertificate } : {}),
    ...withTrust,
  });
  return { cloud, armEndpoint: stamp.armEndpoint, scope: `${stamp.audience}/.default`, credential, ...withTrust };
}

/** The stamp a site refers to, from app settings only; CloudEndpointError when it names none that is configured. */
function configuredStamp(settings: AppSettings, reference: StampReference): StampSettings {
  const found = findStamp(settings.azureStackStamps, reference);
  if (!found.ok) throw new CloudEndpointError(`azureStack.${found.field} ${found.message}`);
  return found.stamp;
}

/**
 * Reads the stamp's metadata and refuses unless it advertises exactly the configured login endpoint and audience.
 * Runs before any credential exists, so a stamp (or whoever answers for its name) that points elsewhere gets nothing.
 */
async function verifyStampMetadata(stamp: StampSettings, trust: TrustOptions | undefined): Promise<void> {
  const metadata = await discoverArmMetadata(stamp.armEndpoint, trust);
  if (!sameUrl(metadata.authorityHost, stamp.authority)) {
    throw new StampTrustError(
      stamp.id,
      `stamp ${stamp.id} advertises the login endpoint ${bounded(metadata.authorityHost)}, not the configured ${stamp.authority}`,
    );
  }
  if (!sameAudience(metadata.audience, stamp.audience)) {
    throw new StampTrustError(
      stamp.id,
      `stamp ${stamp.id} advertises the token audience ${bounded(metadata.audience)}, not the configured ${stamp.audience}`,
    );
  }
}

/** Entra ID and AD FS compare audiences case-insensitively and ignore a trailing slash. */
function sameAudience(a: string, b: string): boolean {
  const normal = (text: string): string => text.replace(/\/+$/, '').toLowerCase();
  return normal(a) === normal(b);
}

function bounded(text: string): string {
  return JSON.stringify(text.length > 120 ? `${text.slice(0, 120)}…` : text);
}
