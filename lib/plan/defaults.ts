// Per-cloud defaults and the resolver that applies them to a schema-valid plan. Pure: returns a fresh object and
// never touches the input, so the same input always resolves to the same plan.
import { AZURE_STACK_DEFAULT_IPSEC_POLICY, type IpsecPolicy } from '../ipsec';
import { defaultResourceGroupName, defaultSharedKeySecretName } from '../naming';
import { stripSlash } from './endpointRules';
import type {
  AzureGatewaySku,
  AzureStackGatewaySku,
  ImageReference,
  PlanInput,
  ResolvedOptions,
  ResolvedPlan,
  ResolvedVm,
  VmInput,
} from './types';

export const DEFAULT_AZURE_GATEWAY_SKU: AzureGatewaySku = 'VpnGw1AZ';
export const DEFAULT_AZURE_STACK_GATEWAY_SKU: AzureStackGatewaySku = 'Standard';

export const DEFAULT_AZURE_VM_SIZE = 'Standard_B2s';
/** A size every Stack Hub stamp offers (the B series is not on all stamps). */
export const DEFAULT_AZURE_STACK_VM_SIZE = 'Standard_DS1_v2';

/** Ubuntu 22.04 LTS, Gen2 on Azure. */
export const DEFAULT_AZURE_IMAGE: Readonly<ImageReference> = Object.freeze({
  publisher: 'Canonical',
  offer: '0001-com-ubuntu-server-jammy',
  sku: '22_04-lts-gen2',
  version: 'latest',
});

/** Ubuntu 22.04 LTS from the Stack Hub marketplace (Gen1: Stack Hub VMs are Gen1 by default). */
export const DEFAULT_AZURE_STACK_IMAGE: Readonly<ImageReference> = Object.freeze({
  publisher: 'Canonical',
  offer: '0001-com-ubuntu-server-jammy',
  sku: '22_04-lts',
  version: 'latest',
});

export const DEFAULT_OPTIONS: Readonly<ResolvedOptions> = Object.freeze({
  verifyConnectivity: true,
  gatewayTimeoutMinutes: 90,
  onFailure: 'keep',
});

/** Applies every default. The input must already match plan.schema.json. */
export function resolvePlan(input: PlanInput): ResolvedPlan {
  const { name } = input;
  return {
    name,
    // Present only when given: the resolved plan travels as JSON and must re-validate unchanged.
    ...(input.ticketId !== undefined ? { ticketId: input.ticketId } : {}),
    azure: {
      subscriptionId: input.azure.subscriptionId,
      location: input.azure.location,
      resourceGroup: input.azure.resourceGroup ?? defaultResourceGroupName(name),
      addressSpace: [...input.azure.addressSpace],
      workloadSubnet: input.azure.workloadSubnet,
      gatewaySubnet: input.azure.gatewaySubnet,
      gatewaySku: input.azure.gatewaySku ?? DEFAULT_AZURE_GATEWAY_SKU,
      vm: resolveVm(input.azure.vm, DEFAULT_AZURE_VM_SIZE, DEFAULT_AZURE_IMAGE),
    },
    azureStack: {
      ...(input.azureStack.stamp !== undefined ? { stamp: input.azureStack.stamp } : {}),
      ...(input.azureStack.armEndpoint !== undefined ? { armEndpoint: stripSlash(input.azureStack.armEndpoint) } : {}),
      subscriptionId: input.azureStack.subscriptionId,
      location: input.azureStack.location,
      resourceGroup: input.azureStack.resourceGroup ?? defaultResourceGroupName(name),
      addressSpace: [...input.azureStack.addressSpace],
      workloadSubnet: input.azureStack.workloadSubnet,
      gatewaySubnet: input.azureStack.gatewaySubnet,
      gatewaySku: input.azureStack.gatewaySku ?? DEFAULT_AZURE_STACK_GATEWAY_SKU,
      vm: resolveVm(input.azureStack.vm, DEFAULT_AZURE_STACK_VM_SIZE, DEFAULT_AZURE_STACK_IMAGE),
    },
    connection: {
      sharedKeySecretName: input.connection?.sharedKeySecretName ?? defaultSharedKeySecretName(name),
      ipsecPolicy: copyPolicy(input.connection?.ipsecPolicy ?? AZURE_STACK_DEFAULT_IPSEC_POLICY),
    },
    options: {
      verifyConnectivity: input.options?.verifyConnectivity ?? DEFAULT_OPTIONS.verifyConnectivity,
      gatewayTimeoutMinutes: input.options?.gatewayTimeoutMinutes ?? DEFAULT_OPTIONS.gatewayTimeoutMinutes,
      onFailure: input.options?.onFailure ?? DEFAULT_OPTIONS.onFailure,
    },
  };
}

function resolveVm(vm: VmInput, size: string, image: Readonly<ImageReference>): ResolvedVm {
  const chosen = vm.image ?? image;
  return {
    size: vm.size ?? size,
    adminUsername: vm.adminUsername,
    sshPublicKey: vm.sshPublicKey,
    image: { publisher: chosen.publisher, offer: chosen.offer, sku: chosen.sku, version: chosen.version },
  };
}

function copyPolicy(policy: Readonly<IpsecPolicy>): IpsecPolicy {
  return {
    saLifeTimeSeconds: policy.saLifeTimeSeconds,
    saDataSizeKilobytes: policy.saDataSizeKilobytes,
    ipsecEncryption: policy.ipsecEncryption,
    ipsecIntegrity: policy.ipsecIntegrity,
    ikeEncryption: policy.ikeEncryption,
    ikeIntegrity: policy.ikeIntegrity,
    dhGroup: policy.dhGroup,
    pfsGroup: policy.pfsGroup,
  };
}
