// A body that breaks its model, answered as the service that owns the model answers a malformed body.
// - NRP (Microsoft.Network): 400 InvalidRequestFormat "Cannot parse the request." with one InvalidJson detail per
//   violation, in Json.NET's words and with the path ARM writes. Real for an unknown member: "Could not find member
//   'resourceGroup' on object of type 'Subnet'. Path 'properties.subnets[0].resourceGroup', line 1, position 1435."
//   (a VNet PUT at 2024-10-01 that echoed a GET body, quoted in a public 2025 write-up on `az rest`). The texts for a
//   wrong type ("Error converting value …") and a missing required member are Json.NET's; unverified for NRP. The
//   simulator leaves out "line 1, position N".
// - CRP (Microsoft.Compute): 400 InvalidParameter naming the parameter in `target` (CRP's form for "Required
//   parameter 'x' is missing (null)."); texts for other violations unverified.
// - ARM's own types (resource groups): 400 InvalidRequestContent "The request content was invalid and could not be
//   deserialized: '…'." (ARM's front door).
// Read-only members are refused by strict mode only: real NRP ignores the ones its model knows (the same write-up's
// second PUT kept provisioningState, resourceGuid and etag and was accepted). See simulator/README.md.
import { armErrors } from '../arm/errors';
import { ArmError } from '../arm/resourceType';
import type { ModelOwner } from './catalog';
import type { Violation } from './validateBody';

export function strictViolationError(owner: ModelOwner, violations: readonly Violation[]): ArmError {
  const texts = violations.map(describe);
  switch (owner) {
    case 'network':
      return new ArmError(
        400,
        'InvalidRequestFormat',
        'Cannot parse the request.',
        undefined,
        texts.map((message) => ({ code: 'InvalidJson', message })),
      );
    case 'compute': {
      const [first] = violations;
      const message =
        first.kind === 'required' ? `Required parameter '${first.path}' is missing (null).` : describe(first);
      return new ArmError(400, 'InvalidParameter', message, first.path);
    }
    case 'resources':
      return armErrors.invalidRequestContent(texts.join(' '));
  }
}

function describe(violation: Violation): string {
  const name = violation.path.slice(violation.path.lastIndexOf('.') + 1).replace(/\[\d+\]$/, '');
  switch (violation.kind) {
    case 'unknown':
      return `Could not find member '${name}' on object of type '${violation.model}'. Path '${violation.path}'.`;
    case 'required':
      return `Required property '${name}' not found in JSON. Path '${violation.path}'.`;
    case 'type':
    case 'enum':
      return `Error converting value ${violation.sent ?? 'null'} to type '${violation.model}'. Path '${violation.path}'.`;
    case 'readOnly':
      return `Property '${name}' on object of type '${violation.model}' is read-only and cannot be set. Path '${violation.path}'.`;
  }
}
