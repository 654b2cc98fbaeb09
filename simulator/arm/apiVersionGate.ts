// Refuses api-versions a cloud does not serve, with the error ARM gives for the addressed type.
import { isSupportedApiVersion, supportedApiVersions, supportedTypeApiVersions } from './apiVersions';
import { addressedType, type ArmRoute } from './armPath';
import type { CloudContext } from './cloud';
import { armErrors } from './errors';
import { resourceGroupId } from './resourceGroups';

/**
 * ARM's own types (subscriptions, resource groups) answer InvalidApiVersionParameter; resource providers'
 * types answer NoRegisteredProviderFound listing what the cloud supports
 * (https://learn.microsoft.com/azure/azure-resource-manager/troubleshooting/error-register-resource-provider).
 * A read API (usages, SKUs, images, permissions) passes its registered type, which per-type rows may name.
 */
export function checkApiVersion(ctx: CloudContext, route: ArmRoute, apiVersion: string, readApiType?: string): void {
  const own = (namespace: string): void => {
    const supported = supportedApiVersions(ctx.name, namespace) ?? [];
    if (!supported.includes(apiVersion.toLowerCase())) throw armErrors.invalidApiVersion(apiVersion, supported);
  };
  switch (route.kind) {
    case 'subscriptions':
    case 'subscription':
      return own('Microsoft.Resources/subscriptions');
    case 'providers':
    case 'resourceGroups':
    case 'resourceGroup':
    case 'resourceGroupResources':
    case 'resourceGroupOperationResult':
      return own('Microsoft.Resources');
    case 'operation':
    case 'provider': {
      if (!supportedApiVersions(ctx.name, route.namespace)) throw armErrors.invalidResourceNamespace(route.namespace);
      const addressed = route.kind === 'provider' ? (readApiType ?? addressedType(route)) : undefined;
      const supported = supportedTypeApiVersions(ctx.name, route.namespace, addressed) ?? [];
      if (isSupportedApiVersion(ctx.name, route.namespace, apiVersion, addressed)) return;
      const type =
        route.kind === 'operation'
          ? `locations/${route.view === 'status' ? 'operations' : 'operationResults'}`
          : (addressed ?? route.namespace).slice(route.namespace.length + 1);
      throw armErrors.noRegisteredProvider(
        providerLocation(ctx, route),
        apiVersion,
        type,
        supported,
        ctx.locations.all,
      );
    }
    default:
      return;
  }
}

/** The location ARM names in NoRegisteredProviderFound: the operation's, else the resource group's. */
function providerLocation(ctx: CloudContext, route: ArmRoute): string {
  if (route.kind === 'operation') return route.location;
  if (route.kind === 'provider' && route.resourceGroup !== undefined) {
    const group = ctx.store.get(resourceGroupId(ctx.subscriptionId, route.resourceGroup));
    if (group?.location) return group.location;
  }
  return ctx.locations.primary;
}
