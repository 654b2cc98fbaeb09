// CloudErrors of the Microsoft.Compute resource types (CRP), with where each code comes from.
// "Real" = seen from Azure in public sources; "UNVERIFIED" = most plausible CRP-style code. No secrets in messages.
import { ArmError } from '../arm/resourceType';

/** Real CRP code and message shape ("Required parameter 'osProfile' is missing (null)."). */
export function missingParameter(target: string): ArmError {
  return new ArmError(400, 'InvalidParameter', `Required parameter '${target}' is missing (null).`, target);
}

/** Real CRP code; message UNVERIFIED. */
export function invalidParameter(target: string, message: string): ArmError {
  return new ArmError(400, 'InvalidParameter', message, target);
}

/** UNVERIFIED: CRP resolving a NIC id that does not exist. */
export function nicNotFound(nicId: string): ArmError {
  return new ArmError(404, 'NotFound', `Resource ${nicId} not found.`);
}

/** UNVERIFIED code (NRP's NicInUse reused): a NIC another VM already uses. */
export function nicAttachedElsewhere(nicId: string, vmId: string): ArmError {
  return new ArmError(
    400,
    'NicInUse',
    `Network Interface ${nicId} is used by existing resource ${vmId}. A network interface can be attached to one virtual machine only.`,
  );
}

/** Real CRP code family; text UNVERIFIED. */
export function operationNotAllowed(message: string): ArmError {
  return new ArmError(409, 'OperationNotAllowed', message);
}

/** Real text (Run Command allows one script at a time); code as CRP returns it for this case (409 Conflict). */
export function runCommandInProgress(): ArmError {
  return new ArmError(
    409,
    'Conflict',
    'Run command extension execution is in progress. Please wait for completion before invoking a run command.',
  );
}

/**
 * Real CRP code, text and target for a marketplace image the region does not offer (404, target `imageReference`):
 * https://github.com/clear-code/firefox-support-common/pull/31 (StatusCode=404 Code="PlatformImageNotFound" …
 * Target="imageReference"), https://github.com/hashicorp/packer/issues/10600.
 */
export function platformImageNotFound(urn: string): ArmError {
  return new ArmError(
    404,
    'PlatformImageNotFound',
    `The platform image '${urn}' is not available. Verify that all fields in the storage profile are correct. ` +
      'For more details about storage profile information, please refer to https://aka.ms/storageprofile',
    'imageReference',
  );
}
