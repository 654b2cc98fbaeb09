// What every ARM activity needs about its site: the SDK clients of its cloud, its deterministic resource names and
// ids, and the error site (cloud + stage) its failures are reported under. No I/O beyond creating clients.
import {
  armClientsFor,
  parseResourceId,
  resourceGroupId,
  resourceId,
  ResourceIdError,
  type ArmClients,
  type ErrorSite,
  type ParsedResourceId,
} from '../../lib/clouds';
import { siteResourceNames, type SiteResourceNames } from '../../lib/naming';
import type { Stage } from '../../lib/stages';
import type { SiteTarget } from '../contracts';

export interface Site {
  target: SiteTarget;
  names: SiteResourceNames;
  errorSite: ErrorSite;
  clients: () => Promise<ArmClients>;
  /** Id of a resource of `type` named `name` in the site's resource group. */
  id: (type: string, name: string) => string;
  resourceGroupId: string;
  /** Parses an id handed in by the orchestrator; refuses one outside this site's subscription or of another type. */
  own: (id: string, type?: string) => ParsedResourceId;
}

export function siteOf(target: SiteTarget, stage: Stage): Site {
  return {
    target,
    names: siteResourceNames(target.name, target.cloud, target.site),
    errorSite: { cloud: target.cloud, stage },
    clients: () =>
      armClientsFor({
        cloud: target.cloud,
        subscriptionId: target.subscriptionId,
        ...(target.stamp !== undefined ? { stamp: target.stamp } : {}),
        ...(target.armEndpoint !== undefined ? { armEndpoint: target.armEndpoint } : {}),
      }),
    id: (type, name) => resourceId(target.subscriptionId, target.resourceGroup, type, name),
    resourceGroupId: resourceGroupId(target.subscriptionId, target.resourceGroup),
    own: (id, type) => {
      const parsed = parseResourceId(id);
      if (parsed.subscriptionId.toLowerCase() !== target.subscriptionId.toLowerCase()) {
        throw new ResourceIdError(`${id} is not in subscription ${target.subscriptionId} of the ${target.cloud} site`);
      }
      if (type !== undefined && parsed.type.toLowerCase() !== type.toLowerCase()) {
        throw new ResourceIdError(`${id} is not a ${type}`);
      }
      return parsed;
    },
  };
}
