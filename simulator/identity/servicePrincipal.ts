// The simulator's directory: one tenant with one built-in service principal (client id + secret) derived from the
// seed, and the certificate registered for it. The secret is handed to callers via the ready line and the start
// handle, never written to logs; the certificate's key stays in its file.
import { randomToken, seededGuid, seededStream, type Seed } from '../random';
import type { RegisteredCertificate } from './principalCertificate';

export interface ServicePrincipal {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  /** The certificate credential's public half: client assertions must be signed by its key. */
  certificate: RegisteredCertificate;
}

export function builtInServicePrincipal(seed: Seed, certificate: RegisteredCertificate): ServicePrincipal {
  return {
    certificate,
    tenantId: seededGuid(seed, 'tenant'),
    clientId: seededGuid(seed, 'service-principal'),
    // Entra ID client secrets are 40 characters with `8Q~` after the first three; the shape is kept so log scrubbers recognise it.
    clientSecret: `${randomToken(seededStream(seed, 'client-secret'), 3)}8Q~${randomToken(seededStream(seed, 'client-secret-2'), 34)}`,
  };
}
