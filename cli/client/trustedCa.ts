// HC_CA_CERT_FILE for the CLI's own requests: an app behind a private CA (or a local one on the simulator's) is
// trusted the way the app trusts a private stamp: in addition to the system's CAs and NODE_EXTRA_CA_CERTS, never
// instead of them, and verification is never turned off.
import * as tls from 'node:tls';
import { trustOptionsFor } from '../../lib/clouds/trustedCa';
import { SettingsError } from '../../lib/settings';
import { TargetResolutionError } from './resolveTarget';

export const CA_FILE_ENV = 'HC_CA_CERT_FILE';

/** Adds the CA in $HC_CA_CERT_FILE to this process's trust; an unreadable file or one without a PEM is a usage error. */
export function trustConfiguredCa(env: NodeJS.ProcessEnv = process.env): void {
  const file = env[CA_FILE_ENV]?.trim();
  if (file === undefined || file === '') return;
  try {
    const trust = trustOptionsFor(file);
    if (trust) tls.setDefaultCACertificates(trust.ca);
  } catch (error) {
    if (error instanceof SettingsError) throw new TargetResolutionError(error.message);
    throw error;
  }
}
