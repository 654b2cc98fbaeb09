// The simulator's directory: one tenant with one built-in service principal (client id + secret) derived from the
// seed. The secret is handed to callers via the ready line and the start handle, never written to logs.
import { randomToken, seededGuid, seededStream, type Seed } from '../random';

export interface ServicePrincipal {
  tenantId: string;
  clientId: string;
  clientSecret: string;
}

export function builtInServicePrincipal(seed: Seed): ServicePrincipal {
  return {
    tenantId: seededGuid(seed, 'tenant'),
    clientId: seededGuid(seed, 'service-principal'),
    // Entra ID client secrets are 40 characters with `8Q~` after the first three; the shape is kept so log scrubbers recognise it.
    clientSecret: `${randomToken(seededStream(seed, 'client-secret'), 3)}8Q~${randomToken(seededStream(seed, 'client-secret-2'), 34)}`,
  };
}
