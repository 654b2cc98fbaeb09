// The slice of the ARM SDKs the activities use, typed once for both generations: arm-network 39 / arm-resources 8
// (Azure) and the 2020-09-01-hybrid profile packages (Azure Stack Hub) expose the same method names and flattened
// models, so each cloud's real client object is assigned to these interfaces and type-checked against them.
// Types only: nothing here performs I/O.
import type { IpsecPolicy } from '../ipsec';

export interface SubResourceModel {
  id?: string;
}

export interface TaggedModel {
  readonly id?: string;
  readonly name?: string;
  location?: string;
  tags?: Record<string, string>;
  readonly etag?: string;
  readonly provisioningState?: string;
}

export interface SubnetModel {
  readonly id?: string;
  name?: string;
  addressPrefix?: string;
  /** Newer api-versions may list several prefixes instead of addressPrefix. */
  addressPrefixes?: string[];
  readonly provisioningState?: string;
  /** Present when something (a gateway, a NIC) uses the subnet. */
  readonly ipConfigurations?: SubResourceModel[];
}

export interface VirtualNetworkModel extends TaggedModel {
  addressSpace?: { addressPrefixes?: string[] };
  subnets?: SubnetModel[];
}

export interface PublicIpAddressModel extends TaggedModel {
  sku?: { name?: string };
  publicIPAllocationMethod?: string;
  zones?: string[];
  readonly ipAddress?: string;
}

export interface GatewayIpConfigurationModel {
  name?: string;
  privateIPAllocationMethod?: string;
  subnet?: SubResourceModel;
  publicIPAddress?: SubResourceModel;
}

export interface VirtualNetworkGatewayModel extends TaggedModel {
  gatewayType?: string;
  vpnType?: string;
  /** Current api-versions only (2019 on); the 2018-11-01 hybrid model has no such field. */
  vpnGatewayGeneration?: string;
  enableBgp?: boolean;
  sku?: { name?: string; tier?: string };
  ipConfigurations?: GatewayIpConfigurationModel[];
}

export interface LocalNetworkGatewayModel extends TaggedModel {
  gatewayIpAddress?: string;
  localNetworkAddressSpace?: { addressPrefixes?: string[] };
}

/** ARM's IpsecPolicy: the domain type is the wire type (all eight members required in both SDK generations). */
export type IpsecPolicyModel = IpsecPolicy;

export interface ConnectionModel extends TaggedModel {
  connectionType?: string;
  connectionProtocol?: string;
  routingWeight?: number;
  virtualNetworkGateway1?: SubResourceModel;
  localNetworkGateway2?: SubResourceModel;
  /** Write-only here: the value is put inside the activity and never read back into a result. */
  sharedKey?: string;
  ipsecPolicies?: IpsecPolicyModel[];
  readonly connectionStatus?: string;
  readonly ingressBytesTransferred?: number;
  readonly egressBytesTransferred?: number;
}

export interface NicIpConfigurationModel {
  name?: string;
  primary?: boolean;
  privateIPAllocationMethod?: string;
  readonly privateIPAddress?: string;
  subnet?: SubResourceModel;
}

export interface NetworkInterfaceModel extends TaggedModel {
  ipConfigurations?: NicIpConfigurationModel[];
}

export interface SharedKeyModel {
  value: string;
}

export interface LroOptions {
  updateIntervalInMs?: number;
}

/** What a started LRO hands back; the activities only ever serialise or drop it. */
export interface StartedPoller {
  isDone(): boolean;
  toString(): string;
}

/** A top-level network resource type: get, start a PUT, PUT and wait, start a DELETE. */
export interface ResourceOperations<T> {
  get(resourceGroupName: string, name: string): Promise<T>;
  list(resourceGroupName: string): AsyncIterable<T>;
  beginCreateOrUpdate(resourceGroupName: string, name: string, body: T, options?: LroOptions): Promise<StartedPoller>;
  beginCreateOrUpdateAndWait(resourceGroupName: string, name: string, body: T, options?: LroOptions): Promise<T>;
  beginDelete(resourceGroupName: string, name: string, options?: LroOptions): Promise<StartedPoller>;
}

export interface SubnetOperations {
  get(resourceGroupName: string, virtualNetworkName: string, subnetName: string): Promise<SubnetModel>;
  beginCreateOrUpdateAndWait(
    resourceGroupName: string,
    virtualNetworkName: string,
    subnetName: string,
    body: SubnetModel,
    options?: LroOptions,
  ): Promise<SubnetModel>;
}

export interface ConnectionOperations extends ResourceOperations<ConnectionModel> {
  getSharedKey(resourceGroupName: string, connectionName: string): Promise<SharedKeyModel>;
  beginSetSharedKey(
    resourceGroupName: string,
    connectionName: string,
    body: SharedKeyModel,
    options?: LroOptions,
  ): Promise<StartedPoller>;
}

export interface NetworkOperations {
  /** `listAll`: every VNet of the subscription (pre-flight's address-space overlap check). */
  virtualNetworks: ResourceOperations<VirtualNetworkModel> & { listAll(): AsyncIterable<VirtualNetworkModel> };
  subnets: SubnetOperations;
  publicIPAddresses: ResourceOperations<PublicIpAddressModel>;
  virtualNetworkGateways: ResourceOperations<VirtualNetworkGatewayModel>;
  localNetworkGateways: ResourceOperations<LocalNetworkGatewayModel>;
  virtualNetworkGatewayConnections: ConnectionOperations;
  networkInterfaces: ResourceOperations<NetworkInterfaceModel>;
}

export interface ResourceGroupModel {
  readonly id?: string;
  readonly name?: string;
  location: string;
  tags?: Record<string, string>;
  readonly properties?: { readonly provisioningState?: string };
}

export interface GenericResourceModel {
  readonly id?: string;
  readonly name?: string;
  readonly type?: string;
  tags?: Record<string, string>;
}

export interface ResourceManagerOperations {
  resourceGroups: {
    get(resourceGroupName: string): Promise<ResourceGroupModel>;
    createOrUpdate(resourceGroupName: string, body: ResourceGroupModel): Promise<ResourceGroupModel>;
    beginDelete(resourceGroupName: string, options?: LroOptions): Promise<StartedPoller>;
  };
  resources: {
    listByResourceGroup(resourceGroupName: string): AsyncIterable<GenericResourceModel>;
  };
}
