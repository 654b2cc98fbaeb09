// The terminal error for a resource whose provisioning ended Failed. ARM keeps the reason on the operation, not on
// the resource, so when the begin activity's operation handle is at hand it is resumed to read ARM's own code.
import { classifyArmError, TerminalArmError, TransientArmError, type ErrorSite } from '../../lib/clouds';
import { hintForArmCode } from '../../lib/errors';
import { ARM_TYPES } from '../../lib/resourceKinds';

/** `VirtualNetworkGatewayProvisioningFailed` and friends: the code used when ARM's own is out of reach. */
const SINGULAR: Readonly<Record<string, string>> = {
  [ARM_TYPES.gateway]: 'VirtualNetworkGateway',
  [ARM_TYPES.connection]: 'Connection',
  [ARM_TYPES.virtualMachine]: 'VirtualMachine',
};

/**
 * `resume` polls the saved operation once and rejects with its failure. A transport failure while resuming is
 * rethrown (worth a retry); anything else yields a TerminalArmError naming ARM's code when known.
 */
export async function failedResourceError(
  site: ErrorSite,
  resourceType: string,
  state: string,
  resume: (() => Promise<void>) | undefined,
  secrets: readonly string[] = [],
): Promise<TerminalArmError> {
  const fallback = `${SINGULAR[resourceType] ?? 'Resource'}ProvisioningFailed`;
  const generic = new TerminalArmError({
    ...site,
    code: fallback,
    armMessage: `the ${resourceType} ended ${state}`,
    hint: hintForArmCode(fallback),
  });
  if (!resume) return generic;
  try {
    await resume();
    return generic;
  } catch (error) {
    const classified = classifyArmError(error, site, secrets);
    const transport = classified.retryable && /^E[A-Z]+$|^REQUEST_SEND_ERROR$|^UND_ERR/.test(classified.details.code);
    if (transport || classified.details.httpStatus === 429 || (classified.details.httpStatus ?? 0) >= 500) {
      throw new TransientArmError(classified.details);
    }
    // The resource is Failed whatever the code says: a retry of this read would only read Failed again.
    return new TerminalArmError({ ...classified.details, hint: hintForArmCode(classified.details.code) });
  }
}
