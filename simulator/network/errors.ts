// Every CloudError the network resource types raise, in one place, with where its code and text come from.
// "Real" = code (and text where quoted) seen from Azure in public sources
// (https://learn.microsoft.com/azure/azure-resource-manager/troubleshooting/common-deployment-errors or cited issues);
// "UNVERIFIED" = no public code found, so the most plausible NRP-style code is used. Never put a secret in a message.
import { ArmError } from '../arm/resourceType';
import { parseResourceId, typeAndNames } from './resourceIds';

/**
 * A CloudError as NRP words it: `{"error":{"code","message","details":[]}}`. NRP always sends `details`, an empty
 * array when it has none (RESPONSE bodies quoted in Azure/terraform-provider-azapi#503,
 * Azure-Terraform/terraform-azurerm-virtual-network#18, Azure/azure-rest-api-specs#11861: "Details=[]").
 */
export function nrpError(
  status: number,
  code: string,
  message: string,
  target?: string,
  details: { code: string; message: string; target?: string }[] = [],
): ArmError {
  return new ArmError(status, code, message, target, details);
}

/** Real: 404 for a parent addressed by the URL (a subnet's VNet). */
export function resourceNotFound(id: string): ArmError {
  const resourceGroup = parseResourceId(id)?.resourceGroup ?? '';
  return new ArmError(
    404,
    'ResourceNotFound',
    `The Resource '${typeAndNames(id)}' under resource group '${resourceGroup}' was not found. ` +
      'For more details please go to https://aka.ms/ARMResourceNotFoundFix',
  );
}

/**
 * Real NRP behaviour for a body reference (`subnet.id`, `publicIPAddress.id`, `virtualNetworkGateway1.id` ...) to a
 * resource that does not exist: 400 InvalidResourceReference (seen in public deployment logs; the brief asked for
 * 404 ResourceNotFound here, which is what NRP answers only for the URL's own parent).
 */
export function invalidResourceReference(referencedId: string, byId: string): ArmError {
  return nrpError(
    400,
    'InvalidResourceReference',
    `Resource ${referencedId} referenced by resource ${byId} was not found. ` +
      'Please make sure that the referenced resource exists, and that both resources are in the same region.',
  );
}

/** Real code and text (as az CLI prints it). */
export function subnetRangeOutsideVnet(subnet: string, vnet: string): ArmError {
  return nrpError(
    400,
    'NetcfgSubnetRangeOutsideVnet',
    `Subnet '${subnet}' is not valid because its IP address range is outside the IP address range of virtual network '${vnet}'.`,
  );
}

/** Real code; text follows NRP's sibling message for this code. */
export function subnetRangesOverlap(subnet: string, vnet: string): ArmError {
  return nrpError(
    400,
    'NetcfgSubnetRangesOverlap',
    `Subnet '${subnet}' is not valid because its IP address range overlaps with that of an existing subnet in virtual network '${vnet}'.`,
  );
}

/** Real code; used for subnets smaller than /29, the smallest IPv4 subnet Azure supports (VNet FAQ). */
export function invalidSubnet(subnet: string, vnet: string): ArmError {
  return nrpError(400, 'NetcfgInvalidSubnet', `Subnet '${subnet}' is not valid in virtual network '${vnet}'.`);
}

/** Real code; the full sentence is the form seen in the wild (exact wording UNVERIFIED). */
export function invalidCidrNotation(prefix: string, resourceId: string, shouldBe: string): ArmError {
  return nrpError(
    400,
    'InvalidCIDRNotation',
    `The address prefix ${prefix} in resource ${resourceId} has an invalid CIDR notation. ` +
      `For the given prefix length, the address prefix should be ${shouldBe}.`,
  );
}

/** Real code (NRP constants lists); text UNVERIFIED. A prefix that is not an IP prefix at all. */
export function invalidAddressPrefix(prefix: string, resourceId: string): ArmError {
  return nrpError(
    400,
    'NetcfgInvalidIPAddressPrefix',
    `Address prefix ${prefix} of resource ${resourceId} is not formatted correctly. It should follow CIDR notation, for example 10.0.0.0/24.`,
  );
}

/** UNVERIFIED code: a VNet without any address prefix. */
export function invalidAddressSpace(vnetId: string): ArmError {
  return nrpError(
    400,
    'InvalidAddressSpace',
    `Virtual network ${vnetId} must have at least one address prefix in properties.addressSpace.addressPrefixes.`,
  );
}

/** Real code and text (common deployment errors, above). `statusUri` points at the operation holding the lock. */
export function anotherOperationInProgress(statusUri: string): ArmError {
  return nrpError(
    409,
    'AnotherOperationInProgress',
    `Another operation on this or dependent resource is in progress. To retrieve status of the operation use uri: ${statusUri}.`,
  );
}

/** Real code and text. */
export function inUseSubnetCannotBeDeleted(subnet: string, usedBy: readonly string[]): ArmError {
  return nrpError(
    400,
    'InUseSubnetCannotBeDeleted',
    `Subnet ${subnet} is in use by ${usedBy.join(' and ')} and cannot be deleted. ` +
      'In order to delete the subnet, delete all the resources within the subnet. See aka.ms/deletesubnet.',
  );
}

/** Real code (azure-quickstart-templates#2786); text UNVERIFIED. */
export function inUseSubnetCannotBeUpdated(subnet: string, usedBy: readonly string[]): ArmError {
  return nrpError(
    400,
    'InUseSubnetCannotBeUpdated',
    `Subnet ${subnet} is in use by ${usedBy.join(' and ')} and cannot be updated. ` +
      'Its address prefix cannot change while resources use it.',
  );
}

/**
 * Real code and text of NRP's answer to deleting a public IP an ipConfiguration still holds (400, `details: []`; the
 * two spaces before "To learn" are NRP's): hashicorp/terraform-provider-azurerm#2566, ernestio/ernest#514,
 * microsoft/AzureTRE#4355. `usedBy` is the holding ipConfiguration's id.
 */
export function publicIpAddressCannotBeDeleted(publicIpId: string, usedBy: string): ArmError {
  return nrpError(
    400,
    'PublicIPAddressCannotBeDeleted',
    `Public IP address ${publicIpId} can not be deleted since it is still allocated to resource ${usedBy}. ` +
      'In order to delete the public IP, disassociate/detach the Public IP address from the resource.  ' +
      'To learn how to do this, see aka.ms/deletepublicip.',
  );
}

/**
 * Text as NRP words it (microsoft/azure-tools-for-java#91: "IP configuration … is referencing public IP address …
 * that is already allocated to resource …"); code PublicIPAddressInUse UNVERIFIED. A second ipConfiguration taking
 * an attached public IP.
 */
export function publicIpAddressAlreadyAttached(
  publicIpId: string,
  usedBy: string,
  ipConfigurationId: string,
): ArmError {
  return nrpError(
    400,
    'PublicIPAddressInUse',
    `IP configuration ${ipConfigurationId} is referencing public IP address ${publicIpId} that is already allocated to resource ${usedBy}.`,
  );
}

/** Real code and text. */
export function nicInUse(nicId: string, vmId: string): ArmError {
  return nrpError(
    400,
    'NicInUse',
    `Network Interface ${nicId} is used by existing resource ${vmId}. In order to delete the network interface, ` +
      'it must be dissociated from the resource. To learn more, see aka.ms/deletenic.',
  );
}

/** Real code `GatewaySubnet` and text (azure-rest-api-specs#11861): a non-gateway resource in GatewaySubnet. */
export function gatewaySubnetOnlyForGateways(): ArmError {
  return nrpError(400, 'GatewaySubnet', "Subnet with name 'GatewaySubnet' can be used only for the Gateway resource.");
}

/**
 * UNVERIFIED: a gateway ipConfiguration whose subnet is not named GatewaySubnet (NRP's `GatewaySubnet` code family).
 */
export function gatewayNeedsGatewaySubnet(ipConfiguration: string, subnetId: string): ArmError {
  return nrpError(
    400,
    'GatewaySubnet',
    `Virtual network gateway ipConfiguration '${ipConfiguration}' references subnet ${subnetId}. ` +
      "A virtual network gateway can only be deployed in the subnet named 'GatewaySubnet' of its virtual network.",
  );
}

/** UNVERIFIED code: a GatewaySubnet smaller than /29 (normally refused earlier, when the subnet is created). */
export function gatewaySubnetTooSmall(subnetId: string, prefix: string): ArmError {
  return nrpError(
    400,
    'GatewaySubnetTooSmall',
    `Subnet ${subnetId} (${prefix}) is too small for a virtual network gateway. The GatewaySubnet must be /29 or larger; /27 is recommended (/28 on Azure Stack Hub).`,
  );
}

/** UNVERIFIED code: a second VPN gateway in a VNet (one per VNet on both clouds). */
export function onlyOneVpnGatewayPerVnet(vnetId: string, existingGatewayId: string): ArmError {
  return nrpError(
    400,
    'VirtualNetworkAlreadyHasVpnGateway',
    `Virtual network ${vnetId} already has the VPN gateway ${existingGatewayId}. Only one VPN gateway is allowed per virtual network.`,
  );
}

/**
 * Real code and text (Azure/terraform-azurerm-avm-ptn-vnetgateway#45 and others): a new Azure VPN gateway of any SKU
 * needs Standard public IPs (the Basic gateway SKU too, since Basic public IPs were retired).
 */
export function basicPublicIpNotAllowedOnVpnGateway(): ArmError {
  return nrpError(
    400,
    'PublicIpWithBasicSkuNotAllowedOnVPNGateways',
    'Basic IP configuration for VPN Virtual Network Gateways is not supported. Follow the link for more details : https://go.microsoft.com/fwlink/p/?linkid=2241350',
  );
}

/**
 * Real code and text, 400 when the request arrives: new non-AZ VpnGw1-5 gateways are refused since the SKU
 * consolidation (https://learn.microsoft.com/azure/vpn-gateway/gateway-sku-consolidation; the announcement
 * https://azure.microsoft.com/updates/v2/vpngw1-5-non-az-skus-will-be-retired-on-30-september-2026). Code and text as
 * ARM answered terraform in public 2025-2026 deployment logs ("unexpected status 400 … NonAzSkusNotAllowedForVPNGateway:
 * VpnGw1-5 non-AZ SKUs are no longer supported …"), found by exact-string search of public repositories.
 */
export function nonAzSkusNotAllowed(): ArmError {
  return nrpError(
    400,
    'NonAzSkusNotAllowedForVPNGateway',
    'VpnGw1-5 non-AZ SKUs are no longer supported for VPN gateways. Only VpnGw1-5AZ SKUs can be created going forward.',
  );
}

/**
 * Real code and text, 400 when the request arrives: an AZ-SKU gateway whose Standard public IP has no zones
 * (Azure/ResourceModules#2609 quotes the body with `"details": []`; microsoft/physical-ai-toolchain#350 the
 * synchronous "unexpected status 400 (400 Bad Request)" of the CreateOrUpdate; ansible-collections/azure#2208).
 */
export function azGatewayPublicIpsNeedZones(): ArmError {
  return nrpError(
    400,
    'VmssVpnGatewayPublicIpsMustHaveZonesConfigured',
    'Standard Public IPs associated with VPN Gateways with AZ VPN skus must have zones configured.',
  );
}

/**
 * Real code and text (https://github.com/Azure/Azure-Landing-Zones/issues/3265, first filed as
 * Azure/Enterprise-Scale#504: `{"code":"VirtualNetworkGatewaySkuCannotBeCreatedForSpecifiedVmGeneration","message":
 * "The Virtual Network Gateway Sku VpnGw1 cannot be used when VirtualNetworkVpnGatewayGeneration is set to
 * Generation2.","details":[]}`). Answered when the request arrives (HTTP status 400 UNVERIFIED: the quote is a
 * deployment's status message).
 */
export function gatewaySkuNotForGeneration(sku: string, generation: string): ArmError {
  return nrpError(
    400,
    'VirtualNetworkGatewaySkuCannotBeCreatedForSpecifiedVmGeneration',
    `The Virtual Network Gateway Sku ${sku} cannot be used when VirtualNetworkVpnGatewayGeneration is set to ${generation}.`,
  );
}

/** Real code and text (hashicorp/terraform-provider-azurerm#8132); NRP reports it when the operation ends (async). */
export function invalidGatewaySize(supported: readonly string[]): ArmError {
  return nrpError(
    400,
    'InvalidGatewaySize',
    `The specified gateway size is not valid, supported gateway sizes are ${supported.join(',')}.`,
  );
}

/** Real text (microsoft/sql-server-samples#1292); code UNVERIFIED (InvalidGatewaySize reused). Async, like sizes. */
export function legacyGatewaySkuRetired(): ArmError {
  return nrpError(
    400,
    'InvalidGatewaySize',
    'New creations for Standard or HighPerformance sku is not supported. Follow the link for more details : https://go.microsoft.com/fwlink/p/?linkid=2241350',
  );
}

/**
 * UNVERIFIED code and text, 400 when the request arrives: a new site-to-site connection on an Azure VPN gateway that
 * already has as many as its SKU takes (the limits are documented, about-gateway-skus; no public source quotes the
 * CloudError NRP answers, so the code is the most plausible NRP-style one and the text says what to do).
 */
export function siteToSiteTunnelLimitReached(gatewayId: string, sku: string, limit: number): ArmError {
  return nrpError(
    400,
    'VirtualNetworkGatewayConnectionLimitReached',
    `Virtual network gateway ${gatewayId} of SKU ${sku} already has ${limit} site-to-site connections, the most its SKU supports. ` +
      'Delete a connection, or resize the gateway to a SKU that supports more tunnels (VpnGw4AZ and VpnGw5AZ: 100).',
    'properties.virtualNetworkGateway1',
  );
}

/** UNVERIFIED code: a feature Azure Stack Hub does not offer (ExpressRoute, PolicyBased, active-active ...). */
export function notSupportedOnAzureStack(feature: string, field: string): ArmError {
  return nrpError(
    400,
    'FeatureNotSupportedOnAzureStack',
    `${feature} is not supported on Azure Stack Hub (${field}).`,
    field,
  );
}

/** UNVERIFIED code: Azure Stack Hub public IPs are Basic only. */
export function publicIpSkuNotSupported(sku: string): ArmError {
  return nrpError(
    400,
    'PublicIPAddressSkuNotSupported',
    `Public IP address SKU '${sku}' is not supported on Azure Stack Hub. Supported SKUs: Basic.`,
    'sku.name',
  );
}

/** UNVERIFIED code: Standard public IPs must be Static. */
export function standardPublicIpMustBeStatic(publicIpId: string): ArmError {
  return nrpError(
    400,
    'StandardSkuPublicIPAddressesMustBeStatic',
    `Standard sku publicIp ${publicIpId} must have AllocationMethod set to Static.`,
    'properties.publicIPAllocationMethod',
  );
}

/**
 * Real code and text family: NRP answers a body it cannot map to its model (a value outside an enum, a wrong type)
 * with 400 InvalidRequestFormat "Cannot parse the request." and an InvalidJson detail naming the path.
 */
export function invalidRequestFormat(path: string, detail: string): ArmError {
  return nrpError(400, 'InvalidRequestFormat', 'Cannot parse the request.', undefined, [
    { code: 'InvalidJson', message: `${detail} Path '${path}'.`, target: path },
  ]);
}

/** Real code (NRP); text UNVERIFIED. */
export function duplicateResourceName(parentId: string, name: string): ArmError {
  return nrpError(
    400,
    'DuplicateResourceName',
    `Resource ${parentId} has two child resources with the same name (${name}).`,
  );
}

/** UNVERIFIED code: custom IPsec/IKE policies need a gateway SKU other than Basic (both clouds document this). */
export function ipsecPolicyNotSupportedOnBasic(gatewayId: string): ArmError {
  return nrpError(
    400,
    'IpsecPolicyNotSupportedOnBasicSku',
    `Custom IPsec/IKE policies are not supported on virtual network gateway ${gatewayId} because its SKU is Basic.`,
    'properties.ipsecPolicies',
  );
}

/** UNVERIFIED code: a policy value the cloud does not accept, or an inconsistent policy. */
export function invalidIpsecPolicy(path: string, message: string): ArmError {
  return nrpError(400, 'InvalidIpsecPolicy', message, path);
}

/** UNVERIFIED code: an LGW needs a valid IPv4 gatewayIpAddress (or an fqdn where the api-version has one). */
export function invalidGatewayIpAddress(value: string): ArmError {
  return nrpError(
    400,
    'InvalidGatewayIpAddress',
    `The gateway IP address '${value}' of the local network gateway is not a valid IPv4 address.`,
    'properties.gatewayIpAddress',
  );
}

/** UNVERIFIED code; documented rule: "Azure Stack does not allow more than one local network gateway ... same IP". */
export function localNetworkGatewayIpInUse(ip: string, existingId: string): ArmError {
  return nrpError(
    400,
    'LocalNetworkGatewayIpAddressInUse',
    `Local network gateway ${existingId} already uses the IP address ${ip}. Azure Stack Hub does not allow more than one local network gateway with the same IP address.`,
    'properties.gatewayIpAddress',
  );
}

/** UNVERIFIED code, NRP's InUse...CannotBeDeleted family (e.g. InUseVirtualWanCannotBeDeleted). */
export function inUseCannotBeDeleted(
  kind: 'VirtualNetworkGateway' | 'LocalNetworkGateway',
  id: string,
  users: readonly string[],
): ArmError {
  return nrpError(
    400,
    `InUse${kind}CannotBeDeleted`,
    `Cannot proceed with the operation because ${id} is referenced by ${users.join(', ')}. Delete the connections first.`,
  );
}

/** UNVERIFIED code names; real NRP rules for static private IPs. */
export function privateIpProblem(
  code:
    'PrivateIPAddressInReservedRange' | 'PrivateIPAddressIsAllocated' | 'PrivateIPAddressNotInSubnet' | 'SubnetIsFull',
  message: string,
): ArmError {
  return nrpError(400, code, message);
}
