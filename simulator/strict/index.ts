// Strict mode: every write the simulator serves for network, compute and resource-group types is checked against
// the model of the SDK package the app uses for that cloud before the resource type sees it (simulator/README.md).
import type { CloudName } from '../arm/resourceType';
import { bodyModel } from './catalog';
import { strictViolationError } from './strictErrors';
import { validateBody } from './validateBody';

/** Throws the owning service's 400 when `body` breaks its model; does nothing for writes strict mode does not cover. */
export function enforceBodyModel(
  cloud: CloudName,
  method: string,
  type: string,
  action: string | undefined,
  body: unknown,
): void {
  if (body === undefined) return;
  const model = bodyModel(cloud, method, type, action);
  if (!model) return;
  const violations = validateBody(body, model.schema, { refuseUnknown: model.owner === 'network' });
  if (violations.length > 0) throw strictViolationError(model.owner, violations);
}
