// Activity: starts building the site's VPN gateway and returns at once (a gateway takes up to 45 minutes; the
// orchestrator watches it with getGatewayState on durable timers). An existing gateway that Succeeded or is still
// building is adopted, never re-PUT (a partial body would reset it); only a Failed one is submitted again.
import type { InvocationContext } from '@azure/functions';
import { armCall, type VirtualNetworkGatewayModel } from '../lib/clouds';
import { ARM_TYPES } from '../lib/resourceKinds';
import { siteProfile } from '../lib/sites/profiles';
import type { ActivityResult, BeginGatewayInput, StartedResourceRef } from './contracts';
import { getOrUndefined, isFailedState, SUCCEEDED } from './shared/arm';
import { operationHandle } from './shared/operationHandle';
import { siteOf } from './shared/site';

/** The name ARM examples and the portal give a gateway's single IP configuration. */
const GATEWAY_IP_CONFIGURATION = 'vnetGatewayConfig';

export async function beginGateway(
  input: BeginGatewayInput,
  context: InvocationContext,
): Promise<ActivityResult<StartedResourceRef>> {
  const site = siteOf(input.target, 'gateway');
  const { target } = input;
  const name = site.names.virtualNetworkGateway;
  const id = site.id(ARM_TYPES.gateway, name);
  return armCall(site.errorSite, async () => {
    const { network } = await site.clients();
    const existing = await getOrUndefined(() => network.virtualNetworkGateways.get(target.resourceGroup, name));
    if (existing && !isFailedState(existing.provisioningState)) {
      return { id: existing.id ?? id, provisioningState: existing.provisioningState ?? SUCCEEDED };
    }
    const body = gatewayModel(input);
    // Submits the PUT and returns after ARM's first answer; nothing keeps polling in this process.
    const poller = await network.virtualNetworkGateways.beginCreateOrUpdate(target.resourceGroup, name, body);
    context.log(`${target.cloud}: ${existing ? 'resubmitted failed' : 'started'} gateway ${name} (${input.sku})`);
    const operation = operationHandle(poller);
    return { id, provisioningState: 'Updating', ...(operation !== undefined ? { operation } : {}) };
  });
}

/** The gateway the site's profile asks for: route-based VPN, the plan's SKU on the generation it runs on. */
export function gatewayModel(input: BeginGatewayInput): VirtualNetworkGatewayModel {
  const { target } = input;
  const generation = siteProfile(target.cloud).gatewayGeneration(input.sku);
  return {
    location: target.location,
    tags: target.tags,
    gatewayType: 'Vpn',
    // Azure Stack Hub supports route-based gateways only; Azure's site-to-site with IPsec policies wants them too.
    vpnType: 'RouteBased',
    enableBgp: false,
    sku: { name: input.sku, tier: input.sku },
    ...(generation !== undefined ? { vpnGatewayGeneration: generation } : {}),
    ipConfigurations: [
      {
        name: GATEWAY_IP_CONFIGURATION,
        privateIPAllocationMethod: 'Dynamic',
        subnet: { id: input.gatewaySubnetId },
        publicIPAddress: { id: input.publicIpId },
      },
    ],
  };
}
